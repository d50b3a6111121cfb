import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { MAX_SOURCE_COLUMNS } from '../../core/validation/check-header.ts';

/** Largest worksheet XML read (uncompressed); a declared size beyond it is a zip bomb or not a data export. */
const MAX_SHEET_BYTES = 512 * 1024 ** 2;
/** Cells the sheet reader may lay out (rows x widest row): its arrays hold every one, empty or not. */
const MAX_GRID_CELLS = 50_000_000;
const MAX_ROWS = 1_048_576;

/** Column letters (A, Z, AA, XFD…) as a 1-based index. */
const columnIndex = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/**
 * Why an XLSX workbook must not be parsed, or null. The sheet reader (read-excel-file) pads every row
 * to the widest cell reference and keeps the whole grid in memory: one cell at column 100,000,000 in a
 * 1.6 KB file made the process run out of memory and die, taking every other release with it. So the
 * worksheets are read first as text, within a size, and their cell references bounded: at most
 * MAX_SOURCE_COLUMNS columns (as for CSV), 1,048,576 rows (the XLSX grid), 50 million cells laid out.
 */
export async function xlsxRefusal(path: string): Promise<string | null> {
  let sheets: Record<string, Uint8Array>;
  let oversized: string | undefined;
  try {
    sheets = unzipSync(await readFile(path), {
      filter: (f) => {
        if (!/^xl\/worksheets\/[^/]+\.xml$/.test(f.name)) return false;
        if (f.originalSize > MAX_SHEET_BYTES) oversized ??= f.name;
        return f.originalSize <= MAX_SHEET_BYTES;
      },
    });
  } catch {
    return null; // not a zip at all: the sheet reader says so, with its own hint
  }
  if (oversized) return `worksheet ${oversized} is larger than ${MAX_SHEET_BYTES / 1024 ** 2} MB uncompressed`;
  for (const [name, bytes] of Object.entries(sheets)) {
    const xml = strFromU8(bytes);
    let rows = 0;
    let widest = 0;
    for (const m of xml.matchAll(/<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"/g)) {
      const letters = m[1] ?? '';
      const column = letters.length > 7 ? Number.POSITIVE_INFINITY : columnIndex(letters);
      const row = Number(m[2]);
      if (column > MAX_SOURCE_COLUMNS) {
        return `${name}: cell ${letters}${m[2]} is beyond column ${MAX_SOURCE_COLUMNS} (a source may have at most ${MAX_SOURCE_COLUMNS} columns)`;
      }
      if (row > MAX_ROWS) return `${name}: cell ${letters}${m[2]} is beyond row ${MAX_ROWS}, the last row of a sheet`;
      if (row > rows) rows = row;
      if (column > widest) widest = column;
    }
    if (rows * widest > MAX_GRID_CELLS) {
      return `${name}: ${rows} rows by ${widest} columns is more than ${MAX_GRID_CELLS} cells to read`;
    }
  }
  return null;
}
