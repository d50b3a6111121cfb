import { MAX_SOURCE_COLUMNS } from '../../core/validation/check-header.ts';
import { startTags } from './xlsx-sheet-tags.ts';

/** Cells the sheet reader may lay out (rows x widest row): its arrays hold every one, empty or not. */
const MAX_GRID_CELLS = 50_000_000;
const MAX_ROWS = 1_048_576;

/**
 * Why a sheet's cells must not be laid out, or null: its rows and cells as the reader sees them (its XML
 * tokenizer, saxen, with entities decoded and namespace prefixes dropped), so neither quoting nor
 * encoding hides a reference from the bound. The reader adds an empty row for every row number skipped
 * (`<row r="200000000"/>` in a 2 KB file ran it out of memory) and pads every row to the widest cell.
 */
export function gridRefusal(name: string, xml: string): { readonly en: string; readonly zh: string } | null {
  let laidOut = 0;
  let open: number | null = null; // the row being read: its number, 0 while it has none yet
  let widest = 0;
  const closeRow = () => {
    if (open !== null) laidOut = open > laidOut ? open : laidOut + 1;
    open = null;
    return laidOut > MAX_ROWS
      ? {
          en: `${name}: its rows run past row ${MAX_ROWS}, the last row of a sheet`,
          zh: `${name}：行数超过了第 ${MAX_ROWS} 行（工作表的最后一行）`,
        }
      : null;
  };
  for (const tag of startTags(xml)) {
    if (tag.name === 'row') {
      const refusal = closeRow();
      if (refusal) return refusal;
      // No number (NaN, 0, a negative one): the row is numbered by its first cell, or follows the last.
      open = Math.max(Number(tag.r ?? '') || 0, 0);
      if (open > MAX_ROWS) {
        return {
          en: `${name}: row ${shown(tag.r)} is beyond row ${MAX_ROWS}, the last row of a sheet`,
          zh: `${name}：第 ${shown(tag.r)} 行超出了第 ${MAX_ROWS} 行（工作表的最后一行）`,
        };
      }
      continue;
    }
    const cell = cellAddress(tag.r);
    if (!cell) continue; // the reader refuses the sheet
    if (cell.column > MAX_SOURCE_COLUMNS) {
      return {
        en: `${name}: cell ${shown(tag.r)} is beyond column ${MAX_SOURCE_COLUMNS} (a source may have at most ${MAX_SOURCE_COLUMNS} columns)`,
        zh: `${name}：单元格 ${shown(tag.r)} 超出了第 ${MAX_SOURCE_COLUMNS} 列（一个数据源最多 ${MAX_SOURCE_COLUMNS} 列）`,
      };
    }
    if (cell.row > MAX_ROWS) {
      return {
        en: `${name}: cell ${shown(tag.r)} is beyond row ${MAX_ROWS}, the last row of a sheet`,
        zh: `${name}：单元格 ${shown(tag.r)} 超出了第 ${MAX_ROWS} 行（工作表的最后一行）`,
      };
    }
    if (open === 0 && cell.row > 0) open = cell.row;
    if (cell.column > widest) widest = cell.column;
  }
  const refusal = closeRow();
  if (refusal) return refusal;
  if (laidOut * widest > MAX_GRID_CELLS) {
    return {
      en: `${name}: ${laidOut} rows by ${widest} columns is more than ${MAX_GRID_CELLS} cells to read`,
      zh: `${name}：${laidOut} 行 × ${widest} 列，超过了可读取的 ${MAX_GRID_CELLS} 个单元格`,
    };
  }
  return null;
}

const shown = (text = '') => (text.length > 24 ? `${text.slice(0, 24)}…` : text);

/** A cell reference as the reader reads it: every character before the first digit is a column letter. */
export function cellAddress(ref: string | undefined): { row: number; column: number } | null {
  if (ref === undefined) return null;
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      const row = Number(ref.slice(i));
      return Number.isNaN(row) ? null : { row, column };
    }
    column = column * 26 + code - 64;
  }
  return null;
}
