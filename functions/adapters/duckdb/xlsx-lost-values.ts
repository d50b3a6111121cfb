import { cellAddress } from './xlsx-sheet-grid.ts';
import { attribute, decodeEntities, tags } from './xlsx-sheet-tags.ts';

/** The cells whose values are published: the sheet rows of the data and the columns of declared fields. */
export interface DataArea {
  /** Sheet rows of the first and last data rows (the header's next row, the row before the notes). */
  readonly firstRow: number;
  readonly lastRow: number;
  /** 1-based columns whose header names a declared field. */
  readonly columns: ReadonlySet<number>;
}

/** A merged range that hides values of the data area: its cells but the first are read empty. */
export interface MergedRange {
  readonly ref: string;
  readonly top: number;
  readonly bottom: number;
  /** The first data row it covers, and the first declared column of which it hides a cell. */
  readonly firstDataRow: number;
  readonly column: number;
}

/** A data cell whose value the file does not hold: a formula never calculated, or an error value. */
export type UnheldCell = { readonly ref: string; readonly row: number; readonly column: number } & (
  | { readonly kind: 'formula'; readonly formula: string }
  | { readonly kind: 'error'; readonly error: string }
);

export interface LostValues {
  readonly merges: readonly MergedRange[];
  readonly cells: readonly UnheldCell[];
}

/**
 * What the sheet reader (read-excel-file) reads as empty although the sheet has a value there, in the
 * data area: a merged range (`<mergeCell ref="A2:A4"/>`) keeps its value in its first cell only; a
 * formula written without its calculated value (`<f>F6+G6</f>` and no `<v>`, as openpyxl, POI and
 * many system exports write it) and an error value (`t="e"`: #DIV/0!, #N/A…) have no value to read.
 * One walk of the sheet's tags, the same tokenizer as the bounds check (xlsx-sheet-tags.ts); at most
 * `cap` of each kind are kept.
 */
export function lostValues(xml: string, area: DataArea, cap: number): LostValues {
  const merges: MergedRange[] = [];
  const cells: UnheldCell[] = [];
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
    if (ref === undefined || !at || at.row < area.firstRow || at.row > area.lastRow || !area.columns.has(at.column))
      return;
    const { row, column } = at;
    if (attribute(c.attributes, 't') === 'e')
      cells.push({ ref, row, column, kind: 'error', error: c.v?.trim() || '#?' });
    else if (unheld) cells.push({ ref, row, column, kind: 'formula', formula: c.formula ?? '' });
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
function hidingMerge(ref: string | undefined, area: DataArea): MergedRange | null {
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
  let column = Number.POSITIVE_INFINITY;
  for (const c of area.columns) {
    if (c < left || c > right || c >= column) continue;
    // In the range's first column, only rows below its first row are hidden.
    if (c !== left || last > top) column = c;
  }
  if (!Number.isFinite(column)) return null;
  return { ref: ref ?? '', top, bottom, firstDataRow: first, column };
}
