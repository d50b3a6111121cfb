import type { ValidationIssue } from '../validation/report.ts';
import { placeName, placeNameZh, type RowUnit } from '../validation/source-rows.ts';

/**
 * Where the hits of a residual-PII finding are, in the numbering of the other issues: the source file,
 * its data row, and the line (sheet row) a clerk sees. The first one goes in the issue's fields, the
 * first few in its message, so that an officer fixes every listed cell in one round.
 */
export interface HitRow {
  readonly file?: string;
  /** 1-based data row of `file`. */
  readonly row: number;
  /** Its line (CSV) or sheet row (XLSX), when the source has them. */
  readonly place?: { readonly unit: RowUnit; readonly n: number };
}

/**
 * `; in data row 9 (line 11)`, `; in data rows 9 (line 11), 12 (line 14)`, or, when `complete` is false
 * (more rows may hold one), `; the first in data rows 9 (line 11), …`. The file is named after each row
 * only when the rows are in several files.
 */
export function hitRowsText(rows: readonly HitRow[], complete: boolean): string {
  if (rows.length === 0) return '';
  const several = new Set(rows.map((r) => r.file)).size > 1;
  const one = (r: HitRow) =>
    `${r.row}${r.place ? ` (${placeName(r.place.unit, r.place.n)})` : ''}${several && r.file ? ` of ${r.file}` : ''}`;
  const list = rows.map(one).join(', ');
  const noun = rows.length === 1 ? 'data row' : 'data rows';
  return complete ? `; in ${noun} ${list}` : `; the first in ${noun} ${list}`;
}

/** hitRowsText in Chinese: `；位于第 9 行（文件第 11 行）`, `；最先几处位于…`. */
export function hitRowsZh(rows: readonly HitRow[], complete: boolean): string {
  if (rows.length === 0) return '';
  const several = new Set(rows.map((r) => r.file)).size > 1;
  const one = (r: HitRow) =>
    `${several && r.file ? `${r.file} ` : ''}第 ${r.row} 行${r.place ? `（${placeNameZh(r.place.unit, r.place.n)}）` : ''}`;
  return `；${complete ? '' : '最先几处'}位于${rows.map(one).join('、')}`;
}

/** The first hit's file, row and line (sheet row), the fields the issues of the row checks carry. */
export function firstHitPlace(rows: readonly HitRow[]): Pick<ValidationIssue, 'file' | 'row' | 'line' | 'sheetRow'> {
  const first = rows[0];
  if (!first) return {};
  return {
    ...(first.file !== undefined ? { file: first.file } : {}),
    row: first.row,
    ...(first.place ? (first.place.unit === 'line' ? { line: first.place.n } : { sheetRow: first.place.n }) : {}),
  };
}
