import { describe, expect, it } from 'vitest';
import {
  describeSignOffReasons,
  describeSignOffReasonsZh,
  signOffSubject,
} from '../../../functions/core/release/sign-off.ts';

const ids = { field: 'id_no', detector: 'resident-id', values: 3 };
const sameRow = { field: 'remarks', detector: 'same-row-value', values: 2 };

describe('what a platform sign-off is about', () => {
  it('names identity numbers, withheld values, or both, in English and Chinese', () => {
    expect(signOffSubject([ids])).toEqual({ en: 'identity numbers', zh: '身份号码' });
    expect(signOffSubject([sameRow])).toEqual({ en: "withheld columns' values", zh: '未公开列的原值' });
    expect(signOffSubject([ids, sameRow])).toEqual({
      en: "identity numbers and withheld columns' values",
      zh: '身份号码和未公开列的原值',
    });
  });

  it('words each reason by its kind, and an exception of unknown count as declared', () => {
    expect(describeSignOffReasons([ids, sameRow, { field: 'card', detector: 'bank-card', values: 0 }])).toBe(
      `3 resident-id value(s) in "id_no", 2 cell(s) of "remarks" holding the same row's value of a withheld column, an exception for bank-card in "card"`,
    );
    expect(describeSignOffReasonsZh([ids, sameRow])).toBe(
      '字段“id_no”中 3 个居民身份证号码，字段“remarks”中 2 个单元格含有同一行未公开列的原值',
    );
  });
});
