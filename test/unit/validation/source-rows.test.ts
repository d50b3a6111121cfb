import { describe, expect, it } from 'vitest';
import { linesOfRows, placed } from '../../../functions/core/validation/source-rows.ts';

describe('linesOfRows', () => {
  it('puts row r on line headerRow + r when the reader skipped nothing', () => {
    expect(linesOfRows([1, 5], 1, [])).toEqual(
      new Map([
        [1, 2],
        [5, 6],
      ]),
    );
    // Two title lines above the header (headerRow: 3).
    expect(linesOfRows([1], 3, []).get(1)).toBe(4);
  });

  it('moves a row one line further for each line skipped before it (empty, rejected), in any order', () => {
    // Header on line 1; line 3 empty, lines 5 and 6 rejected: rows 1..4 are on lines 2, 4, 7, 8.
    const lines = linesOfRows([4, 1, 3, 2, 2], 1, [3, 5, 6]);
    expect([...lines.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 2],
      [2, 4],
      [3, 7],
      [4, 8],
    ]);
  });
});

describe('placed', () => {
  const issue = { type: 'cell/type', file: 'a', row: 1, message: 'm', hint: 'h' } as const;
  it('sets `line` for a CSV file and `sheetRow` for a sheet, nothing without a place', () => {
    expect(placed(issue, 'line', 3)).toEqual({ ...issue, line: 3 });
    expect(placed(issue, 'sheet row', 3)).toEqual({ ...issue, sheetRow: 3 });
    expect(placed(issue, 'line', undefined)).toBe(issue);
  });
});
