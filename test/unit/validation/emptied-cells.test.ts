/**
 * The cells whose emptiness a loader reported already (a sheet's merged ranges, formulas without their
 * value, error values): which row checks leave them out, as what SQL, and the blank rows they fill. The
 * gate tests (gate-xlsx-lost-values) cover the report.
 */
import { describe, expect, it } from 'vitest';
import {
  type EmptiedCells,
  emptiedRowsSql,
  sparedRowsSql,
  withoutEmptiedBlankRows,
} from '../../../functions/core/validation/emptied-cells.ts';
import type { IssueType, ValidationIssue } from '../../../functions/core/validation/report.ts';

const cells = (file: string, field: string, ...ranges: [number, number][]): EmptiedCells[] =>
  ranges.map(([first, last]) => ({ file, field, first, last }));

describe('emptiedRowsSql', () => {
  it('joins the ranges of a file that meet or overlap, and lists single rows once', () => {
    const sql = emptiedRowsSql(cells('d.xlsx', 'a', [5, 7], [2, 3], [4, 4], [10, 10], [12, 12], [6, 8]), ['a']);
    expect(sql).toBe("((__file = 'd.xlsx' AND (__row BETWEEN 2 AND 8 OR __row IN (10, 12))))");
  });

  it('takes the cells of the fields asked for, file by file (names quoted), and none of the others', () => {
    const all = [...cells("o'k.xlsx", 'a', [1, 1]), ...cells('d.xlsx', 'b', [3, 4]), ...cells('d.xlsx', 'c', [7, 7])];
    expect(emptiedRowsSql(all, ['a', 'b'])).toBe(
      "((__file = 'o''k.xlsx' AND (__row IN (1))) OR (__file = 'd.xlsx' AND (__row BETWEEN 3 AND 4)))",
    );
    expect(emptiedRowsSql(all, ['x'])).toBeUndefined();
    expect(emptiedRowsSql([], ['a'])).toBeUndefined();
  });

  it('refuses a row number that is not an integer (never spliced into SQL)', () => {
    expect(() => emptiedRowsSql(cells('d.xlsx', 'a', [1.5, 1.5]), ['a'])).toThrow(/safe integer/);
  });
});

describe('sparedRowsSql', () => {
  const emptied = [...cells('d.xlsx', '区县', [2, 3]), ...cells('d.xlsx', '编号', [5, 5])];
  const check = (type: IssueType, field: string) => ({ type, field: { name: field } });

  it('spares the emptied cells of its own field from `required`', () => {
    expect(sparedRowsSql(check('cell/required', '区县'), [], emptied)).toBe(
      "((__file = 'd.xlsx' AND (__row BETWEEN 2 AND 3)))",
    );
    expect(sparedRowsSql(check('cell/required', '名称'), [], emptied)).toBeUndefined();
  });

  it('spares from the primary key every row with an emptied key cell', () => {
    expect(sparedRowsSql(check('row/primary-key', '编号'), ['编号', '区县'], emptied)).toBe(
      "((__file = 'd.xlsx' AND (__row BETWEEN 2 AND 3 OR __row IN (5))))",
    );
  });

  it('spares nothing from the checks of values present (an empty cell never sets them off)', () => {
    for (const type of ['cell/type', 'cell/enum', 'cell/minimum', 'cell/pattern', 'cell/unique'] as const)
      expect(sparedRowsSql(check(type, '区县'), ['区县'], emptied)).toBeUndefined();
  });
});

describe('withoutEmptiedBlankRows', () => {
  const issue = (type: IssueType, row: number, file = 'd.xlsx'): ValidationIssue => ({
    type,
    file,
    row,
    message: '',
    hint: '',
  });

  it('drops the blank rows holding an emptied cell, of that file only, and nothing else', () => {
    const issues = [
      issue('row/blank', 2),
      issue('row/blank', 4),
      issue('row/blank', 2, 'e.xlsx'),
      issue('row/totals', 3),
      issue('row/footer', 3),
    ];
    expect(withoutEmptiedBlankRows(issues, cells('d.xlsx', 'a', [2, 3]))).toEqual([
      issue('row/blank', 4),
      issue('row/blank', 2, 'e.xlsx'),
      issue('row/totals', 3),
      issue('row/footer', 3),
    ]);
    expect(withoutEmptiedBlankRows(issues, [])).toEqual(issues);
  });
});
