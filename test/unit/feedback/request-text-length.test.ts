import { describe, expect, it } from 'vitest';
import { AppError } from '../../../functions/core/errors.ts';
import {
  changeStatus,
  type DataRequest,
  DataRequestInput,
  REQUEST_TEXT_LIMITS,
} from '../../../functions/core/feedback/data-request.ts';
import { fewestChars, weightedLength } from '../../../functions/core/feedback/text-length.ts';

/** The API's message for each refused field of a request. */
const refusal = (title: string, description: string) => {
  const r = DataRequestInput.safeParse({ title, description });
  return r.success ? null : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('a data request’s minimum lengths fit the script (review finding 8)', () => {
  it('counts a Chinese, Japanese or Korean character as 2 toward a minimum, anything else as 1', () => {
    expect(weightedLength('空气质量')).toBe(8);
    expect(weightedLength('Bus')).toBe(3);
    expect(weightedLength('PM2.5 浓度')).toBe(10);
    expect(weightedLength('カナ한글')).toBe(8);
    // A character outside the Basic Multilingual Plane is one character (𠀀 is Han).
    expect(weightedLength('𠀀')).toBe(2);
    expect(fewestChars(5)).toBe(3);
    expect(fewestChars(10)).toBe(5);
  });

  it('accepts a normal four-character Chinese title and a six-character description', () => {
    expect(refusal('空气质量', '实时公交到站')).toBeNull();
    expect(refusal('公交到站', '实时公交到站')).toBeNull();
    expect(refusal('Buses', 'Timetables')).toBeNull();
  });

  it('still refuses what says too little, in any script, naming the rule', () => {
    const short = refusal('公交', '公交到站');
    expect(short).toEqual({
      title: 'at least 5 characters (a Chinese, Japanese or Korean character counts as 2)',
      description: 'at least 10 characters (a Chinese, Japanese or Korean character counts as 2)',
    });
    expect(refusal('Bus', 'Timetable')).toEqual(short);
    // Whitespace and markup do not count: the minimum applies to the text as stored.
    expect(refusal('  <b>公交</b>  ', '实时公交到站')).toEqual({ title: short?.title });
    expect(refusal('x'.repeat(REQUEST_TEXT_LIMITS.title.max + 1), '实时公交到站')).toEqual({
      title: 'at most 200 characters',
    });
  });
});

describe('a declined request’s reason has the same script-fair minimum', () => {
  const r: DataRequest = {
    id: 'r1',
    title: '空气质量',
    description: '实时公交到站',
    status: 'open',
    votes: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    history: [],
  };
  const decline = (reason: string) => changeStatus(r, { status: 'declined', reason }, 'bob', r.updatedAt);

  it('accepts 数据错误 (four Chinese characters) and refuses 错误, naming the rule', () => {
    expect(decline('数据错误').reason).toBe('数据错误');
    for (const reason of ['错误', 'no']) {
      const e = (() => {
        try {
          decline(reason);
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).errors).toEqual([
        {
          where: 'body.reason',
          message: 'at least 5 characters (a Chinese, Japanese or Korean character counts as 2)',
          zh: { message: '至少 5 个字符（一个中文、日文或韩文字符算 2 个）' },
        },
      ]);
    }
  });
});
