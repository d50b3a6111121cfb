import { quoteIdent, quoteLiteral } from '../../core/sql/quote.ts';
import {
  isNoteRow,
  TOTALS_AFTER_BLANK_PATTERN,
  totalsLabelSql,
  totalsRowIssue,
} from '../../core/validation/header-row.ts';
import { REPORT_CAP, type ValidationIssue } from '../../core/validation/report.ts';
import {
  placed,
  type RowPlace,
  type RowPlaces,
  rowPlaceName,
  rowPlaceNameZh,
} from '../../core/validation/source-rows.ts';
import { zh } from '../../core/validation/zh.ts';
import type { DuckDbSession } from './duckdb.ts';

/** The hint of a note below the data, on a line of its own or padded with delimiters. */
const NOTE_ROW_HINT =
  'delete the note lines below the data from the export; put what they say in the manifest (`description`, or `source.origin.note` for the source)';
const NOTE_ROW_HINT_ZH =
  '请从导出文件中删除数据下方的备注行；备注内容请写进 `dataset.yaml`（数据集清单）的 `description`，关于数据来源的写在 `source.origin.note`';

/**
 * The `row/footer` issue of data row `row`, a note below the data, at `place` (its line or sheet row, set
 * on the issue; without one, the message names the data row), the CSV loader's one wording (its rejected
 * lines and the rows removed here).
 */
export function noteRowIssue(file: string, row: number, place: RowPlace | undefined): ValidationIssue {
  const issue: ValidationIssue = {
    type: 'row/footer',
    file,
    row,
    message: `${rowPlaceName(row, place)} is a note, not a data row`,
    hint: NOTE_ROW_HINT,
    zh: zh(`${rowPlaceNameZh(row, place)}是备注，不是数据行`, NOTE_ROW_HINT_ZH),
  };
  return place ? placed(issue, place.unit, place.n) : issue;
}

/**
 * Whether a cell holds anything but spaces (the row checks' notion: NULLIF(trim(c), '')); an empty cell
 * is NULL as read. CASE evaluates trim() only for the cells starting with a space.
 */
const filled = (column: string) => {
  const c = quoteIdent(column);
  return `(CASE WHEN prefix(${c}, ' ') THEN trim(${c}) <> '' ELSE ${c} IS NOT NULL END)`;
};

/**
 * Whether any of the cells is filled. COALESCE stops at a row's first non-empty cell, and CASE looks
 * at each cell only when that one is spaces: a typical row costs one cell, not one per column.
 */
function anyFilled(columns: readonly string[]): string {
  if (columns.length === 0) return 'false';
  const firstSet = `coalesce(${columns.map(quoteIdent).join(', ')})`;
  return `(CASE WHEN ${firstSet} IS NULL THEN false WHEN NOT prefix(${firstSet}, ' ') THEN true ELSE ${columns.map(filled).join(' OR ')} END)`;
}

/**
 * Whether a row is a totals row (isTotalsRow): its first cell a totals label, or, that cell empty, its
 * first non-empty cell one and every later cell a figure. The first branch costs a few byte tests for
 * a typical row (totalsLabelSql); the second joins the cells only for a row whose first cell is empty
 * and whose first filled cell is a totals label.
 */
function totalsRow(columns: readonly string[]): string {
  const [first, ...others] = columns;
  if (first === undefined) return 'false';
  const rest = others.map(quoteIdent);
  const afterBlank =
    rest.length === 0
      ? 'false'
      : `(${totalsLabelSql(`coalesce(${rest.join(', ')})`)} AND regexp_matches(concat_ws(chr(31), ${rest.join(', ')}), ${quoteLiteral(TOTALS_AFTER_BLANK_PATTERN)}, 'i'))`;
  return `(CASE WHEN ${filled(first)} THEN ${totalsLabelSql(quoteIdent(first))} ELSE ${afterBlank} END)`;
}

/** The first non-empty cell of a row, trimmed: the label a totals row is reported with. */
const firstText = (columns: readonly string[]) =>
  `coalesce(${columns.map((c) => `NULLIF(trim(${quoteIdent(c)}), '')`).join(', ')})`;

/** Rows fetched at a time when walking back from the end of the file over the rows that hold one cell. */
const PAGE = 100;

/**
 * Rows of a loaded CSV table (VARCHAR columns in file order) that are not data, removed from it so
 * that the row checks never see them (rowids, hence row numbers, of the other rows are kept):
 * - a note after the last data row, its first cell holding "注：…", "数据来源：…" and every other cell
 *   empty (what a spreadsheet's "Save as CSV" writes for a note row: the note padded with delimiters),
 *   reported as `row/footer`;
 * - a blank row (every cell empty) between data rows, reported as `row/blank`;
 * - blank rows after the last data row, which spreadsheets write for formatted empty rows: dropped
 *   silently, as a sheet's empty rows below the data are;
 * - a totals or subtotals row anywhere (合计, 小计, 全市合计, Total…: isTotalsRow), reported as
 *   `row/totals`: published, it would double every sum of the column. Blank rows between the last data
 *   row and the totals after it go with the totals.
 * A row with only its first cell filled is data unless it is a note after every data row or a totals
 * row. One aggregate over the table in the common case (nothing to remove).
 */
export async function blankAndNoteRows(
  db: DuckDbSession,
  table: string,
  columns: readonly string[],
  file: string,
  places: RowPlaces,
): Promise<ValidationIssue[]> {
  const [first, ...others] = columns;
  if (first === undefined) return [];
  const otherFilled = anyFilled(others);
  const blank = `NOT (${filled(first)} OR ${otherFilled})`;
  const totals = totalsRow(columns);
  // One pass: the last row, the last row with a cell beyond the first, how many rows are blank and how
  // many are totals.
  const [stats] = await db.rows<{ last: string | null; last_full: string | null; blank: string; totals: string }>(
    `SELECT max(r) AS last, max(r) FILTER (WHERE o) AS last_full, count_if(NOT (o OR f)) AS blank, count_if(t) AS totals FROM (SELECT rowid AS r, ${otherFilled} AS o, ${filled(first)} AS f, ${totals} AS t FROM ${table})`,
  );
  if (!stats || stats.last === null) return [];
  const last = Number(stats.last);
  // The last data row: the last row with a cell beyond the first, or a later one whose first cell is not a note.
  let cut = stats.last_full === null ? -1 : Number(stats.last_full);
  const notes: number[] = [];
  if (last > cut) {
    const after = cut;
    for (let offset = 0; ; offset += PAGE) {
      const page = await db.rows<{ r: string; v: string }>(
        `SELECT rowid AS r, ${quoteIdent(first)} AS v FROM ${table} WHERE rowid > ${after} AND ${filled(first)} ORDER BY rowid DESC LIMIT ${PAGE} OFFSET ${offset}`,
      );
      const data = page.find((p) => !isNoteRow([p.v]));
      for (const p of page) {
        if (p === data) break;
        notes.unshift(Number(p.r));
      }
      if (data) cut = Number(data.r);
      if (data || page.length < PAGE) break;
    }
  }
  // Totals (and subtotals) rows, wherever they are: a totals row is never after `cut`, not being a note.
  const sums =
    Number(stats.totals) > 0
      ? await db.rows<{ r: string; v: string | null }>(
          `SELECT rowid AS r, ${firstText(columns)} AS v FROM ${table} WHERE rowid <= ${cut} AND ${totals} ORDER BY rowid LIMIT ${REPORT_CAP}`,
        )
      : [];
  // Blank rows count between data rows only: those between the data and the totals rows after it go
  // with the totals, as those between the data and its notes go with the notes.
  let dataEnd = cut;
  if (sums.length > 0) {
    const [end] = await db.rows<{ r: string | null }>(
      `SELECT max(rowid) AS r FROM ${table} WHERE rowid <= ${cut} AND NOT (${blank}) AND NOT ${totals}`,
    );
    dataEnd = end?.r == null ? -1 : Number(end.r);
  }
  const blanks =
    Number(stats.blank) > 0
      ? (
          await db.rows<{ r: string }>(
            `SELECT rowid AS r FROM ${table} WHERE rowid <= ${dataEnd} AND ${blank} ORDER BY rowid LIMIT ${REPORT_CAP}`,
          )
        ).map((b) => Number(b.r))
      : [];
  if (last === cut && blanks.length === 0 && sums.length === 0) return [];
  await db.run(`DELETE FROM ${table} WHERE rowid > ${cut} OR ${blank}${sums.length > 0 ? ` OR ${totals}` : ''}`);

  // Rows are numbered from 1 (rowid + 1), as the rows read are.
  const at = await places.of([...blanks, ...sums.map((t) => Number(t.r)), ...notes].map((r) => r + 1));
  const place = (row: number): RowPlace | undefined => {
    const n = at.get(row);
    return n === undefined ? undefined : { unit: places.unit, n };
  };
  const issues: ValidationIssue[] = [
    ...blanks.map((r) =>
      placed(
        {
          type: 'row/blank',
          file,
          row: r + 1,
          message: `${rowPlaceName(r + 1, place(r + 1))} is empty: every cell is blank`,
          hint: 'delete the blank rows between the data rows (blank rows after the last data row are ignored)',
          zh: zh(
            `${rowPlaceNameZh(r + 1, place(r + 1))}是空行：所有单元格都是空的`,
            '请删除数据行之间的空行（最后一行数据之后的空行会被忽略）',
          ),
        },
        places.unit,
        at.get(r + 1),
      ),
    ),
    ...sums.map((t) => totalsRowIssue(file, Number(t.r) + 1, place(Number(t.r) + 1), t.v ?? '')),
    ...notes.map((r) => noteRowIssue(file, r + 1, place(r + 1))),
  ];
  return issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}
