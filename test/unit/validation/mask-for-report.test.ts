import { describe, expect, it } from 'vitest';
import { maskForReport } from '../../../functions/core/validation/report.ts';

describe('maskForReport', () => {
  it('keeps the first and last characters and stars the rest', () => {
    expect(maskForReport('13812345678')).toBe('1*********8');
    expect(maskForReport('ab')).toBe('**');
    expect(maskForReport('')).toBe('');
  });

  it('caps the stars at 16, so a long value does not show its length', () => {
    expect(maskForReport('110101197102150018123')).toBe(`1${'*'.repeat(16)}3`);
    expect(maskForReport('x'.repeat(500))).toHaveLength(18);
  });

  it('never cuts a character outside the BMP in half', () => {
    expect(maskForReport('𠀀张三𠀁')).toBe('𠀀**𠀁');
  });
});
