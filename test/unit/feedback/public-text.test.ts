import { describe, expect, it } from 'vitest';
import { requireKnownDepartment } from '../../../functions/core/feedback/department.ts';
import { type Feedback, summarize } from '../../../functions/core/feedback/feedback.ts';
import { findPersonalData, refusePersonalData, urlAsText } from '../../../functions/core/feedback/personal-data.ts';

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return JSON.parse(JSON.stringify(e)) as Record<string, unknown> & {
      errors: { where: string; message: string; hint?: string; zh?: { message: string; hint?: string } }[];
    };
  }
  throw new Error('expected a refusal');
};

describe('personal data in public text', () => {
  it('names the field and the kind, never the value', () => {
    const e = refusal(() =>
      refusePersonalData(
        [
          { where: 'body.title', text: 'Bus data' },
          { where: 'body.description', text: 'My email is reporter@example.org, 电话 13912345678' },
        ],
        { en: 'remove it', zh: '请删除' },
      ),
    );
    expect(e.status).toBe(422);
    expect(e.errors).toEqual([
      {
        where: 'body.description',
        message: 'looks like a mobile number and an e-mail address',
        hint: 'remove it',
        zh: { message: '疑似手机号码和电子邮箱地址', hint: '请删除' },
      },
    ]);
    expect(e.zh).toEqual({
      detail: '这段文字会按原样公开，但似乎包含个人信息：body.description 疑似手机号码和电子邮箱地址',
      hint: '请删除',
    });
    expect(e.personalData).toEqual([{ field: 'description', kinds: ['mobile-cn', 'email'] }]);
    const all = JSON.stringify(e);
    expect(all).not.toContain('reporter@example.org');
    expect(all).not.toContain('13912345678');
  });

  it('lets ordinary text and organisation codes through', () => {
    expect(
      findPersonalData([
        { where: 'body.text', text: 'Monthly figures since 2020, 12 columns, please add 2019-01-01.' },
        { where: 'body.reason', text: '统一社会信用代码 91350100M000100Y43 is an organisation' },
        { where: 'body.x', text: undefined },
      ]),
    ).toEqual([]);
  });
});

describe('links in public text', () => {
  it('reads a link as it opens: percent-escapes (also double or malformed) and + decoded', () => {
    expect(urlAsText('https://x.gov.cn/a?phone=%31%33%38%31%32%33%34%35%36%37%38')).toBe(
      'https://x.gov.cn/a?phone=13812345678',
    );
    expect(urlAsText('/a?m=li%2540example.org&q=a+b')).toBe('/a?m=li@example.org&q=a b');
    // %E0%A4 alone is not UTF-8: the bytes are still decoded, and the digits after it found.
    expect(urlAsText('/a?x=%E0%A4%31%33%38')).toBe('/a?x=\u00e0\u00a4138');
    expect(urlAsText(undefined)).toBeUndefined();
    expect(
      findPersonalData([
        { where: 'body.link', text: urlAsText('https://x.gov.cn/a?id=%31%31%30%31%30%31199003074514') },
      ]),
    ).toEqual([{ where: 'body.link', kinds: ['resident-id'] }]);
  });
});

describe('departments of data requests', () => {
  it('refuses an unknown id with the closest one', () => {
    const e = refusal(() => requireKnownDepartment('demo-meteorolgy', ['demo-stats', 'demo-meteorology']));
    expect(e.status).toBe(400);
    expect(e.errors[0]?.where).toBe('body.department');
    expect(e.closest).toBe('demo-meteorology');
    const far = refusal(() => requireKnownDepartment('no-such-dept', ['demo-stats', 'demo-meteorology']));
    expect(far.errors[0]?.hint).toContain('demo-stats, demo-meteorology');
    expect(() => requireKnownDepartment('demo-stats', ['demo-stats'])).not.toThrow();
  });
});

describe('public counts', () => {
  const base: Feedback = {
    id: 'x#1',
    datasetId: 'x',
    department: 'd',
    kind: 'rating',
    rating: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    moderation: 'approved',
    replies: [],
  };
  const replaced = (n: number): Feedback => ({ ...base, id: `x#${n}`, replacedBy: 'x#9', replacedAt: base.createdAt });
  const items: Feedback[] = [
    replaced(1),
    replaced(2),
    replaced(3),
    { ...base, id: 'x#9', rating: 4 },
    { ...base, id: 'x#10', rating: 5 },
    {
      ...base,
      id: 'x#11',
      kind: 'problem',
      rating: undefined,
      problemType: 'privacy-concern',
      text: 'row 3 shows a name',
      status: 'open',
    },
  ];

  it('count each replaced rating once and never a privacy concern', () => {
    expect(summarize(items)).toEqual({ ratingCount: 2, ratingAverage: 4.5, openProblems: 0 });
  });
});
