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
  const [from, to, more] = (ref ?? '').split(':');
  const a = cellAddress(from);
  const b = cellAddress(to);
  if (!a || !b || more !== undefined) return null;
  const top = Math.min(a.row, b.row);
  const bottom = Math.max(a.row, b.row);
  const left = Math.min(a.column, b.column);
  const right = Math.max(a.column, b.column);
  const first = Math.max(top, area.firstRow);
  const last = Math.min(bottom, area.lastRow);
  if (first > last) return null;
  let hidden: { column: number; field: F } | undefined;
  for (const [c, field] of area.columns) {
    if (c < left || c > right || (hidden && c >= hidden.column)) continue;
    // In the range's first column, only rows below its first row are hidden.
    if (c !== left || last > top) hidden = { column: c, field };
  }
  if (!hidden) return null;
  return { ref: ref ?? '', top, bottom, firstDataRow: first, ...hidden };
}
