import type { ValidationIssue } from './report.ts';

/**
 * Reports number data rows from 1 below the header (`row`), but a clerk finds a row by what the file
 * shows: the line of a CSV file (title lines and the header counted), the row of a sheet. These say
 * where each row read is, so that each issue can carry both (`line` or `sheetRow`).
 */

/** What a source's rows are called where a person looks at them. */
export type RowUnit = 'line' | 'sheet row';

/** Where the rows read from one source are: its unit, and the line (sheet row) of any rows read. */
export interface RowPlaces {
  readonly unit: RowUnit;
  /** The line (sheet row) of each of `rows` (1-based rows read, as issues number them). */
  of(rows: Iterable<number>): Promise<ReadonlyMap<number, number>>;
}

/** Where one row read is in its source: the line (sheet row) `n`. */
export interface RowPlace {
  readonly unit: RowUnit;
  readonly n: number;
}

/** "line 7", "sheet row 7". */
export const placeName = (unit: RowUnit, n: number): string => `${unit} ${n}`;

/** placeName in Chinese: 文件第 7 行, 工作表第 7 行. */
export const placeNameZh = (unit: RowUnit, n: number): string => `${unit === 'line' ? '文件' : '工作表'}第 ${n} 行`;

/** Where data row `row` is, as an issue's message says it: "line 7", "sheet row 7", or "row 12" without a place. */
export const rowPlaceName = (row: number, place: RowPlace | undefined): string =>
  place ? placeName(place.unit, place.n) : `row ${row}`;

/** rowPlaceName in Chinese: 文件第 7 行, 工作表第 7 行, or 第 12 行 without a place. */
export const rowPlaceNameZh = (row: number, place: RowPlace | undefined): string =>
  place ? placeNameZh(place.unit, place.n) : `第 ${row} 行`;

/** The issue with its place set (`line` for a CSV file, `sheetRow` for a sheet); unchanged without one. */
export function placed(issue: ValidationIssue, unit: RowUnit, n: number | undefined): ValidationIssue {
  if (n === undefined) return issue;
  return unit === 'line' ? { ...issue, line: n } : { ...issue, sheetRow: n };
}

/**
 * The line of each row read. The reader reads line `headerLine + r` as row r, but skips some lines
 * without numbering them (an empty line; a rejected row): each such line before a row's puts it one
 * line further. `skipped` holds their lines, ascending, all below the header.
 */
export function linesOfRows(
  rows: Iterable<number>,
  headerLine: number,
  skipped: readonly number[],
): Map<number, number> {
  const out = new Map<number, number>();
  let k = 0;
  for (const r of [...new Set(rows)].sort((a, b) => a - b)) {
    while (k < skipped.length && (skipped[k] as number) <= headerLine + r + k) k++;
    out.set(r, headerLine + r + k);
  }
  return out;
}
