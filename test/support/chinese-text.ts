import { expect } from 'vitest';
import type { ValidationIssue, ValidationWarning } from '../../functions/core/validation/report.ts';

/** A CJK unified ideograph: the text is written in Chinese. */
export const CJK = /[\u4e00-\u9fff]/;

/** The issue types of the row checks (checks-sql.ts): a manifest using every constraint meets them all. */
export const ROW_CHECK_TYPES = [
  'cell/type',
  'cell/required',
  'cell/enum',
  'cell/minimum',
  'cell/maximum',
  'cell/pattern',
  'cell/max-length',
  'cell/unique',
  'row/primary-key',
] as const;

/** Every issue (or warning) carries its message and hint in Chinese (`zh`), both written in Chinese. */
export function expectChinese(issues: readonly (ValidationIssue | ValidationWarning | null | undefined)[]): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(i?.zh, `${i?.type}: ${i?.message}`).toBeDefined();
    expect(i?.zh?.message, i?.type).toMatch(CJK);
    expect(i?.zh?.hint, i?.type).toMatch(CJK);
  }
}
