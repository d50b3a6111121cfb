import type { FieldSpec } from '../manifest/schema.ts';
import { intLiteral, quoteLiteral } from '../sql/quote.ts';
import type { IssueType, ValidationIssue } from './report.ts';

/**
 * Cells a source reads as empty for a cause that is reported on its own. In a sheet: the cells a merged
 * range hides (`cell/merged`), a formula saved without its value (`cell/formula-without-value`), an
 * error value (`cell/error`). That issue says what to do (unmerge and fill, save the values, fix the
 * formula); the checks an empty cell sets off would report the same cause again, once per cell and
 * with the wrong advice ("fill the cell"). They leave these cells out, in their counts as in the
 * rows they show; whatever else is wrong in those rows (another field's value) is still reported.
 */
export interface EmptiedCells {
  readonly file: string;
  /** The field (column) of the cells. */
  readonly field: string;
  /** Data rows (1-based, below the header, as issues number them), first to last inclusive. */
  readonly first: number;
  readonly last: number;
}

/**
 * The rows a row check leaves out, as an SQL condition over the rows read (`__file`, `__row`), or
 * undefined when it leaves none out. An empty cell sets off only:
 * - `cell/required`, on the cell of its field (for a date shifted per record, its key's cell);
 * - `row/primary-key`: an empty key cell is a key value, so the rows with an emptied key cell would
 *   repeat one another. They are left out of the comparison altogether, so that neither they nor a
 *   row "repeating" them is reported for a key the sheet does not have.
 * Every other check looks only at values present (type, enum, bounds, pattern, length; `unique`
 * compares the values present), so an emptied cell is never reported by it and it is left as it is:
 * a value in a hidden cell, if a writer stored one, is checked.
 */
export function sparedRowsSql(
  check: { readonly type: IssueType; readonly field: Pick<FieldSpec, 'name'> },
  primaryKey: readonly string[],
  cells: readonly EmptiedCells[],
): string | undefined {
  if (check.type === 'cell/required') return emptiedRowsSql(cells, [check.field.name]);
  if (check.type === 'row/primary-key') return emptiedRowsSql(cells, primaryKey);
  return undefined;
}

/**
 * An SQL condition over `__file` and `__row`, true on a row in which a cell of one of `fields` is
 * emptied; undefined when none is. The ranges of a file are joined where they meet or overlap: a
 * BETWEEN per range, one IN list for the single rows.
 */
export function emptiedRowsSql(cells: readonly EmptiedCells[], fields: readonly string[]): string | undefined {
  const names = new Set(fields);
  const byFile = new Map<string, [number, number][]>();
  for (const c of cells) {
    if (!names.has(c.field) || c.last < c.first) continue;
    byFile.set(c.file, [...(byFile.get(c.file) ?? []), [c.first, c.last]]);
  }
  const files: string[] = [];
  for (const [file, ranges] of byFile) {
    const joined: [number, number][] = [];
    for (const [first, last] of ranges.sort((a, b) => a[0] - b[0])) {
      const prev = joined[joined.length - 1];
      if (prev && first <= prev[1] + 1) prev[1] = Math.max(prev[1], last);
      else joined.push([first, last]);
    }
    const single = joined.filter(([a, b]) => a === b).map(([a]) => intLiteral(a));
    const rows = [
      ...joined.filter(([a, b]) => a !== b).map(([a, b]) => `__row BETWEEN ${intLiteral(a)} AND ${intLiteral(b)}`),
      ...(single.length > 0 ? [`__row IN (${single.join(', ')})`] : []),
    ];
    files.push(`(__file = ${quoteLiteral(file)} AND (${rows.join(' OR ')}))`);
  }
  return files.length > 0 ? `(${files.join(' OR ')})` : undefined;
}

/**
 * The issues of a source without its `row/blank` ones of rows holding an emptied cell: the sheet shows
 * a value there (the merged range over the row), so "every cell is blank" is not what the clerk sees,
 * and unmerging and filling the range, as its own issue says, fills the row.
 */
export function withoutEmptiedBlankRows(
  issues: readonly ValidationIssue[],
  cells: readonly EmptiedCells[],
): ValidationIssue[] {
  if (cells.length === 0) return [...issues];
  // The rows are what counts here, not the columns: a range merged across many columns is one span.
  const spans = [...new Map(cells.map((c) => [`${c.file}|${c.first}|${c.last}`, c])).values()];
  const emptied = (file: string | undefined, row: number) =>
    spans.some((c) => c.file === file && c.first <= row && row <= c.last);
  return issues.filter((i) => !(i.type === 'row/blank' && i.row !== undefined && emptied(i.file, i.row)));
}
