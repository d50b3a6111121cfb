import { cellAddress } from './xlsx-sheet-grid.ts';
import { attribute, decodeEntities, tags } from './xlsx-sheet-tags.ts';

/**
 * The cells whose values are published: the sheet rows of the data and the columns of declared fields,
 * each with its field (`F`), which every value found there carries.
 */
export interface DataArea<F extends object> {
  /** Sheet rows of the first and last data rows (the header's next row, the row before the notes). */
  readonly firstRow: number;
  readonly lastRow: number;
  /** 1-based columns whose header names a declared field, and that field. */
  readonly columns: ReadonlyMap<number, F>;
}

/** A merged range that hides values of the data area: its cells but the first are read empty. */
export interface MergedRange<F extends object> {
  readonly ref: string;
  readonly top: number;
  readonly bottom: number;
  /** The first data row it covers, and the first declared column of which it hides a cell. */
  readonly firstDataRow: number;
  readonly column: number;
  /** The field of that column. */
  readonly field: F;
  /** The data rows the range spans: filled down, each of its columns repeats one value over them. */
  readonly dataRows: number;
  /** The declared fields of every column the range spans, from the left. */
  readonly fields: readonly F[];
}

/** A data cell whose value the file does not hold: a formula never calculated, or an error value. */
export type UnheldCell<F extends object> = {
  readonly ref: string;
  readonly row: number;
  readonly column: number;
  /** The field of its column. */
  readonly field: F;
} & ({ readonly kind: 'formula'; readonly formula: string } | { readonly kind: 'error'; readonly error: string });

export interface LostValues<F extends object> {
  readonly merges: readonly MergedRange<F>[];
  readonly cells: readonly UnheldCell<F>[];
}

/**
 * What the sheet reader (read-excel-file) reads as empty although the sheet has a value there, in the
 * data area: a merged range (`<mergeCell ref="A2:A4"/>`) keeps its value in its first cell only; a
 * formula written without its calculated value (`<f>F6+G6</f>` and no `<v>`, as openpyxl, POI and
 * many system exports write it) and an error value (`t="e"`: #DIV/0!, #N/A…) have no value to read.
 * One walk of the sheet's tags, the same tokenizer as the bounds check (xlsx-sheet-tags.ts); at most
 * `cap` of each kind are kept.
 */
export function lostValues<F extends object>(xml: string, area: DataArea<F>, cap: number): LostValues<F> {
  const merges: MergedRange<F>[] = [];
  const cells: UnheldCell<F>[] = [];
  // The cell being read: its attributes, parsed only if it turns out to hold no value (a formula
  // without one, an error), so that the common cell costs no attribute parsing.
  let cell: { attributes: string; formula?: string; held: boolean; v?: string } | null = null;
  const textAfter = (end: number) => decodeEntities(xml.slice(end, Math.max(xml.indexOf('<', end), end)));
  const closeCell = (c: NonNullable<typeof cell>) => {
    const unheld = c.formula !== undefined && !c.held;
    // Attributes without an "e" (nor an entity that could write one) cannot say t="e": not parsed.
    const mayBeError = c.attributes.includes('e') || c.attributes.includes('&');
    if ((!unheld && !mayBeError) || cells.length >= cap) return;
    const ref = attribute(c.attributes, 'r');
    const at = cellAddress(ref);
    const field = at && area.columns.get(at.column);
    if (ref === undefined || !at || at.row < area.firstRow || at.row > area.lastRow || !field) return;
    const { row, column } = at;
    if (attribute(c.attributes, 't') === 'e')
      cells.push({ ref, row, column, field, kind: 'error', error: c.v?.trim() || '#?' });
    else if (unheld) cells.push({ ref, row, column, field, kind: 'formula', formula: c.formula ?? '' });
  };
  for (const tag of tags(xml)) {
    if (tag.name === 'c') {
      if (cell && tag.closing) closeCell(cell);
      cell = tag.closing || tag.empty ? null : { attributes: tag.attributes, held: false };
    } else if (cell && !tag.closing) {
      if (tag.name === 'f') cell.formula = tag.empty ? '' : textAfter(tag.end);
      else if (tag.name === 'v') {
        cell.held = true;
        if (!tag.empty) cell.v = textAfter(tag.end);
      } else if (tag.name === 'is') cell.held = true;
    } else if (tag.name === 'mergeCell' && !tag.closing && merges.length < cap) {
      const merge = hidingMerge(attribute(tag.attributes, 'ref'), area);
      if (merge) merges.push(merge);
    }
  }
  return { merges, cells };
}

/**
 * The range, when it hides a cell of the data area: a declared column's cell in a data row that is
 * not the range's first cell (the one that keeps the value).
 */
function hidingMerge<F extends object>(ref: string | undefined, area: DataArea<F>): MergedRange<F> | null {
  const range = rangeOf(ref);
  const [hidden] = range ? hiddenCells(range, area) : [];
  if (!range || !hidden) return null;
  const { column, field } = hidden;
  const firstDataRow = Math.max(range.top, area.firstRow);
  const fields = [...area.columns]
    .filter(([c]) => c >= range.left && c <= range.right)
    .sort(([x], [y]) => x - y)
    .map(([, f]) => f);
  return {
    ref: ref ?? '',
    top: range.top,
    bottom: range.bottom,
    firstDataRow,
    column,
    field,
    dataRows: Math.min(range.bottom, area.lastRow) - firstDataRow + 1,
    fields,
  };
}

/** The cells of a range between its corners (`A2:C4`, in either order); null for anything else. */
export function rangeOf(ref: string | undefined): { top: number; bottom: number; left: number; right: number } | null {
  const [from, to, more] = (ref ?? '').split(':');
  const a = cellAddress(from);
  const b = cellAddress(to);
  if (!a || !b || more !== undefined) return null;
  return {
    top: Math.min(a.row, b.row),
    bottom: Math.max(a.row, b.row),
    left: Math.min(a.column, b.column),
    right: Math.max(a.column, b.column),
  };
}

/** The cells of one declared column that a merged range hides: sheet rows first to last. */
export interface HiddenCells<F extends object> {
  readonly column: number;
  readonly field: F;
  readonly first: number;
  readonly last: number;
}

/**
 * The cells of the data area a merged range hides, by column from the left: in each declared column
 * of the range, its rows in the data area, but for the range's first cell (its first row in its first
 * column), which keeps the value. The reader reads them all as empty.
 */
export function hiddenCells<F extends object>(
  range: { top: number; bottom: number; left: number; right: number },
  area: DataArea<F>,
): HiddenCells<F>[] {
  const first = Math.max(range.top, area.firstRow);
  const last = Math.min(range.bottom, area.lastRow);
  const out: HiddenCells<F>[] = [];
  for (const [column, field] of area.columns) {
    if (column < range.left || column > range.right) continue;
    const from = column === range.left ? Math.max(first, range.top + 1) : first;
    if (from <= last) out.push({ column, field, first: from, last });
  }
  return out.sort((x, y) => x.column - y.column);
}
