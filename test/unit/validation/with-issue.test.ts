import { describe, expect, it } from 'vitest';
import { buildReport, type ValidationIssue, withIssue } from '../../../functions/core/validation/report.ts';

const cell = (row: number): ValidationIssue => ({
  type: 'cell/required',
  row,
  field: 'code',
  message: 'empty',
  hint: 'fill it',
});
const breaking: ValidationIssue = {
  type: 'schema/breaking-change',
  message: 'field "code" removed',
  hint: 'declare it',
};

describe('withIssue: one more issue found after the data checks (platform and `opendata validate` alike)', () => {
  it('refuses, counts it, and puts it first even when the report is at its cap', () => {
    const full = buildReport(10, [1, 2, 3].map(cell), 2);
    const out = withIssue(full, breaking);
    expect(out).toMatchObject({ valid: false, total: 4, cap: 2 });
    expect(out.counts).toEqual({ 'cell/required': 3, 'schema/breaking-change': 1 });
    expect(out.issues).toEqual([breaking, cell(1)]);
    expect(full.issues).toEqual([cell(1), cell(2)]); // the input is not changed
  });

  it('turns a clean report into a refusal', () => {
    expect(withIssue(buildReport(5, []), breaking)).toMatchObject({ valid: false, total: 1, issues: [breaking] });
  });
});
