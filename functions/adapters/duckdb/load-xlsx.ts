import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import type { SourceInput } from '../../ports/release-processor.ts';
import type { DuckDbSession } from './duckdb.ts';
import { type Loaded, loadCsv } from './load-csv.ts';
import { xlsxRefusal } from './xlsx-bounds.ts';

type Cell = string | number | boolean | Date | null | undefined;

/**
 * Loads one XLSX source (the sheet named in `source.sheet`, else the first) by converting it to a
 * UTF-8 CSV in the work folder and reusing the CSV loader, so header checks, row numbers and
 * every later step are the same as for CSV. Row n of the report is spreadsheet row n + 1.
 *
 * read-excel-file (maintained, MIT, no install scripts) unzips and parses the sheet in memory, so the
 * workbook's size and grid are bounded first (xlsx-bounds.ts). The CSV is written row by row.
 */
export async function loadXlsx(
  db: DuckDbSession,
  source: SourceInput,
  manifest: DatasetManifest,
  tableName: string,
  workDir: string,
  index: number,
): Promise<Loaded> {
  const file = source.label;
  const sheet = manifest.source.sheet;
  const refusal = await xlsxRefusal(source.path);
  if (refusal) {
    return {
      loaded: false,
      issues: [
        {
          type: 'file/unreadable',
          file,
          message: `the XLSX file is not read: ${refusal}`,
          hint: 'export only the data: one sheet of the declared columns, without cells far outside it (re-save it from the spreadsheet program, or export CSV)',
        },
      ],
    };
  }
  let rows: Cell[][];
  try {
    rows = (await (sheet === undefined ? readSheet(source.path) : readSheet(source.path, sheet))) as Cell[][];
  } catch (e) {
    const err = e as Error;
    const notFound = err.name === 'SheetNotFoundError';
    return {
      loaded: false,
      issues: [
        {
          type: 'file/unreadable',
          file,
          message: notFound
            ? `the workbook has no sheet "${sheet}": ${err.message}`
            : `the XLSX file cannot be read: ${err.message}`,
          hint: notFound
            ? 'set source.sheet to one of the available sheet names, or omit it to read the first sheet'
            : 'check that the file is an .xlsx workbook (not .xls or .csv renamed); re-save it from the spreadsheet program as .xlsx',
        },
      ],
    };
  }
  if (rows.length === 0 || rows.every((r) => r.every((c) => c === null || c === undefined || c === ''))) {
    return {
      loaded: false,
      issues: [
        {
          type: 'file/empty',
          file,
          message: `the sheet ${sheet ? `"${sheet}" ` : ''}is empty`,
          hint: 'export the data again: the sheet has no header and no rows',
        },
      ],
    };
  }
  const csvPath = join(workDir, `source-${index}.xlsx.csv`);
  await writeCsv(csvPath, rows);
  return loadCsv(db, { label: file, path: csvPath }, manifest, tableName, workDir, index, {
    encoding: 'utf-8',
    delimiter: ',',
  });
}

async function writeCsv(path: string, rows: readonly Cell[][]): Promise<void> {
  const out = createWriteStream(path);
  try {
    for (const row of rows) {
      const line = `${row.map(csvCell).join(',')}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

/** Every non-empty cell quoted: multi-line text and delimiters survive; types are cast later. */
function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  const text = v instanceof Date ? isoOf(v) : String(v);
  return `"${text.replaceAll('"', '""')}"`;
}

/** Spreadsheet dates have no zone: midnight becomes a date, anything else a local date-time. */
function isoOf(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}
