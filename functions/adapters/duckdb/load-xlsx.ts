import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import type { DatasetManifest, FieldSpec } from '../../core/manifest/schema.ts';
import { checkHeader } from '../../core/validation/check-header.ts';
import { type EmptiedCells, withoutEmptiedBlankRows } from '../../core/validation/emptied-cells.ts';
import { HEADER_SEARCH_ROWS, isNoteRow, titleRowIssue } from '../../core/validation/header-row.ts';
import { REPORT_CAP, type ValidationIssue } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';
import type { SourceInput } from '../../ports/release-processor.ts';
import type { DuckDbSession } from './duckdb.ts';
import { HEADER_ROW_EMPTY_HINT_ZH, type Loaded, loadCsv } from './load-csv.ts';
import { boundedWorkbook } from './xlsx-bounds.ts';
import { type Cell, type ColumnText, columnTexts, plainColumn, plainText } from './xlsx-cell-text.ts';
import { lostValueIssues } from './xlsx-lost-value-issues.ts';
import { hiddenCells, type LostValues, lostValues, rangeOf } from './xlsx-lost-values.ts';
import { SheetNumber } from './xlsx-numbers.ts';
import { xlsxReadFailure } from './xlsx-read-error.ts';
import { sheetPart } from './xlsx-sheet-part.ts';

/**
 * Loads one XLSX source (the sheet named in `source.sheet`, else the first) by converting it to a
 * UTF-8 CSV in the work folder and reusing the CSV loader, so header checks, row numbers and
 * every later step are the same as for CSV. The header is sheet row `source.headerRow` (default 1):
 * row n of the report is spreadsheet row n + headerRow. A header that does not fit, above which a
 * title row was found, is reported as such (`header/title-row`, with the headerRow to declare); note
 * rows after the data ("注：…", "数据来源：…") are reported (`row/footer`) and left out of the checks.
 *
 * Cells are typed in a sheet, text in a CSV: a number too long for a spreadsheet to hold exactly (an ID
 * typed into a number cell) is refused wherever it is, and a date cell is written as the text its
 * field's cast reads back to that date, whatever `format` says (xlsx-cell-text.ts). A data cell the
 * reader reads as empty although the sheet shows a value (under a merged range, a formula saved without
 * its value, an error value) is refused, never published empty (xlsx-lost-values.ts); those cells are
 * returned as `emptied`, for the row checks not to report their emptiness again (emptied-cells.ts).
 *
 * read-excel-file (maintained, MIT, no install scripts) unzips and parses the sheet in memory, so it
 * reads only the parts xlsx-bounds.ts unpacked and checked (sizes, compression, grid), never the
 * upload itself. The CSV is written row by row.
 */
export async function loadXlsx(
  db: DuckDbSession,
  source: SourceInput,
  manifest: DatasetManifest,
  tableName: string,
  workDir: string,
  index: number,
): Promise<LoadedSheet> {
  const file = source.label;
  const sheet = manifest.source.sheet;
  const workbook = await boundedWorkbook(source.path);
  if (!workbook.ok) {
    return {
      loaded: false,
      issues: [
        {
          type: 'file/unreadable',
          file,
          message: `the XLSX file is not read: ${workbook.refusal}`,
          hint: workbook.hint,
          zh: zh(`XLSX 文件不予读取：${workbook.zh.message}`, workbook.zh.hint),
        },
      ],
    };
  }
  let rows: Cell[][];
  // Numbers as written in the file, to judge their digits before they are rounded to a double.
  const options = { parseNumber: (text: string) => new SheetNumber(text) };
  try {
    rows = (await (sheet === undefined
      ? readSheet(workbook.input, options)
      : readSheet(workbook.input, sheet, options))) as Cell[][];
  } catch (e) {
    const err = e as Error & { sheets?: unknown };
    if (err.name !== 'SheetNotFoundError') {
      // The likely cause (an .xls, a password, a cut-short upload, …); the reader's English only quoted.
      const { message, hint, zh: zhText } = xlsxReadFailure(e, workbook.input);
      return { loaded: false, issues: [{ type: 'file/unreadable', file, message, hint, zh: zhText }] };
    }
    // The reader's error carries the workbook's sheet names: listed in either language from them.
    const sheets = Array.isArray(err.sheets) ? err.sheets.map(String) : [];
    return {
      loaded: false,
      issues: [
        {
          type: 'file/unreadable',
          file,
          message: `the workbook has no sheet "${sheet}"; its sheets: ${sheets.map((n) => `"${n}"`).join(', ') || 'none'}`,
          hint: 'set source.sheet to one of the available sheet names, or omit it to read the first sheet',
          zh: zh(
            `工作簿中没有名为“${sheet}”的工作表；已有的工作表：${sheets.map((n) => `“${n}”`).join('、') || '无'}`,
            '请把 source.sheet 设为工作簿中已有的某个工作表名称，或者去掉这项设置，读取第一个工作表',
          ),
        },
      ],
    };
  }
  const sheetZh = sheet ? `“${sheet}”` : '';
  if (rows.length === 0 || rows.every((r) => r.every((c) => c === null || c === undefined || c === ''))) {
    return {
      loaded: false,
      issues: [
        {
          type: 'file/empty',
          file,
          message: `the sheet ${sheet ? `"${sheet}" ` : ''}is empty`,
          hint: 'export the data again: the sheet has no header and no rows',
          zh: zh(`工作表${sheetZh}是空的`, '请重新导出数据：工作表里既没有表头，也没有数据行'),
        },
      ],
    };
  }
  const headerRow = manifest.source.headerRow ?? 1;
  const table = rows.slice(headerRow - 1);
  if (table.every(blank)) {
    return {
      loaded: false,
      issues: [
        {
          type: 'file/empty',
          file,
          message: `the sheet ${sheet ? `"${sheet}" ` : ''}has nothing from row ${headerRow} (\`source.headerRow\`) on`,
          hint: 'set `source.headerRow` to the row holding the column names, or remove it if they are in the first row',
          zh: zh(
            `工作表${sheetZh}从第 ${headerRow} 行（\`source.headerRow\`）起没有任何内容`,
            HEADER_ROW_EMPTY_HINT_ZH,
          ),
        },
      ],
    };
  }
  const header = texts(table[0] as Cell[]).map((c) => c.trim());
  if (checkHeader(header, manifest, file).length > 0) {
    const title = titleRowIssue(
      table.slice(0, HEADER_SEARCH_ROWS).map(texts),
      manifest.fields.map((f) => f.name),
      { file, headerRow, unit: 'row' },
    );
    if (title) return { loaded: false, issues: [title] };
  }
  const { data, notes } = splitNotes(table, headerRow, file);
  const lost = lostValuesOf(workbook.parts, manifest, header, { file, headerRow, dataRows: data.length - 1 });
  const { emptied } = lost;
  const csvPath = join(workDir, `source-${index}.xlsx.csv`);
  const columns = await columnTexts(db, manifest, header, data.slice(1));
  const cellIssues = await writeCsv(csvPath, data, columns, { file, headerRow });
  // The CSV written from the sheet has the header on its line 1: sheet row = line + headerRow - 1.
  const loaded = await loadCsv(
    db,
    { label: file, path: csvPath },
    manifest,
    tableName,
    workDir,
    index,
    { encoding: 'utf-8', delimiter: ',', headerRow: 1 },
    undefined,
    { unit: 'sheet row', offset: headerRow - 1 },
  );
  const totals = new Set(loaded.issues.flatMap((i) => (i.type === 'row/totals' && i.sheetRow ? [i.sheetRow] : [])));
  const more = [...lost.issues(totals), ...cellIssues, ...notes];
  if (more.length === 0) return loaded;
  return { ...loaded, issues: [...withoutEmptiedBlankRows(loaded.issues, emptied), ...more], emptied };
}

/** A loaded sheet, with the cells whose emptiness its issues already report (emptied-cells.ts). */
export type LoadedSheet = Loaded & { readonly emptied?: readonly EmptiedCells[] };

/**
 * The values of the data rows that the sheet reader reads as empty although the sheet has one there
 * (merged ranges, formulas stored without their value, error values: xlsx-lost-values.ts), each an
 * issue: published, they would be empty cells nobody chose. Read from the sheet's XML as the reader
 * was given it (the parts xlsx-bounds.ts checked), in one more walk of its tags. With the issues, the
 * cells each one kept in the report empties (`emptied`: every cell a merged range hides, each formula
 * or error cell), by data row. The issues are written once the totals rows are known (by sheet row): a
 * totals row laid out as a merge (合计 over A30:C30) is to be deleted, not unmerged, which its
 * `row/totals` issue says, so a merge over totals rows only is not reported too.
 */
function lostValuesOf(
  parts: Readonly<Record<string, Buffer>>,
  manifest: DatasetManifest,
  header: readonly string[],
  at: { file: string; headerRow: number; dataRows: number },
): { issues: (totalsRows: ReadonlySet<number>) => ValidationIssue[]; emptied: EmptiedCells[] } {
  if (at.dataRows <= 0) return { issues: () => [], emptied: [] };
  const part = sheetPart(parts, manifest.source.sheet);
  if (!part) {
    const issues: ValidationIssue[] = [
      {
        type: 'file/unreadable',
        file: at.file,
        message: 'the sheet read cannot be found again in the workbook to check its merged, formula and error cells',
        hint: 'open the workbook in the spreadsheet program and save it again as .xlsx, or export CSV',
        zh: zh(
          '在工作簿中找不回已读取的那个工作表，无法检查其中的合并单元格、公式和错误值',
          '请在电子表格软件中打开工作簿，重新另存为 .xlsx，或者导出为 CSV',
        ),
      },
    ];
    return { issues: () => issues, emptied: [] };
  }
  const fields = new Map(manifest.fields.map((f) => [f.name, f]));
  const byColumn = new Map<number, FieldSpec>();
  for (const [j, name] of header.entries()) {
    const field = fields.get(name);
    if (field) byColumn.set(j + 1, field);
  }
  const area = { firstRow: at.headerRow + 1, lastRow: at.headerRow + at.dataRows, columns: byColumn };
  const found = lostValues(part.xml, area, REPORT_CAP);
  // The report keeps REPORT_CAP of them, the ranges first: only the cells of those are spared.
  const merges = found.merges.slice(0, REPORT_CAP);
  const kept: LostValues<FieldSpec> = { merges, cells: found.cells.slice(0, REPORT_CAP - merges.length) };
  const dataRow = (sheetRow: number) => sheetRow - at.headerRow;
  const emptied: EmptiedCells[] = [
    ...kept.merges.flatMap((m) => {
      const range = rangeOf(m.ref);
      return (range ? hiddenCells(range, area) : []).map((h) => ({
        file: at.file,
        field: h.field.name,
        first: dataRow(h.first),
        last: dataRow(h.last),
      }));
    }),
    ...kept.cells.map((c) => ({ file: at.file, field: c.field.name, first: dataRow(c.row), last: dataRow(c.row) })),
  ];
  const place = { file: at.file, sheet: part.name, headerRow: at.headerRow };
  const issues = (totals: ReadonlySet<number>) =>
    lostValueIssues(
      { merges: kept.merges.filter((m) => !onlyTotals(m, totals)), cells: kept.cells },
      place,
      manifest.primaryKey,
    );
  return { issues, emptied };
}

/** Whether every sheet row of a merged range is a totals row (a taller range is never walked row by row). */
function onlyTotals(m: { top: number; bottom: number }, totals: ReadonlySet<number>): boolean {
  if (m.bottom - m.top + 1 > totals.size) return false;
  for (let r = m.top; r <= m.bottom; r++) if (!totals.has(r)) return false;
  return true;
}

/**
 * The rows up to the last data row, and an issue for each note row after it ("注：…", "数据来源：…"
 * after the data, blank rows between them aside). The notes are left out of the CSV, so the data rows
 * are still checked in the same run.
 */
function splitNotes(
  table: readonly Cell[][],
  headerRow: number,
  file: string,
): { data: readonly Cell[][]; notes: ValidationIssue[] } {
  let end = table.length;
  const notes: ValidationIssue[] = [];
  for (let i = table.length - 1; i > 0; i--) {
    const row = table[i] as Cell[];
    if (blank(row)) continue;
    if (!isNoteRow(texts(row))) break;
    notes.unshift({
      type: 'row/footer',
      file,
      row: i,
      sheetRow: headerRow + i,
      message: `sheet row ${headerRow + i} is a note, not a data row`,
      hint: 'delete the note rows below the data from the sheet; put what they say in the manifest (`description`, or `source.origin.note` for the source)',
      zh: zh(
        `工作表第 ${headerRow + i} 行是备注，不是数据行`,
        '请从工作表中删除数据下方的备注行；备注内容请写进 `dataset.yaml`（数据集清单）的 `description`，关于数据来源的写在 `source.origin.note`',
      ),
    });
    end = i;
  }
  // Blank rows between the data and its notes go with the notes.
  while (notes.length > 0 && end > 1 && blank(table[end - 1] as Cell[])) end--;
  return { data: notes.length > 0 ? table.slice(0, end) : table, notes };
}

const texts = (r: readonly Cell[]): string[] => r.map(plainText);
const blank = (r: readonly Cell[]): boolean => texts(r).every((c) => c.trim() === '');

/**
 * Writes the header row as it is and each data row's cells as their columns write them; returns the
 * cells' issues. Like the CSV reader's rejected lines, at most REPORT_CAP of them are kept (the report
 * shows no more): the first ones say what to fix in the column.
 */
async function writeCsv(
  path: string,
  rows: readonly Cell[][],
  columns: readonly ColumnText[],
  sheet: { file: string; headerRow: number },
): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  const out = createWriteStream(path);
  try {
    for (const [i, row] of rows.entries()) {
      const at = { file: sheet.file, row: i, sheetRow: sheet.headerRow + i };
      const cells = row.map((c, j) => {
        const { text, issue } = (i === 0 ? plainColumn : (columns[j] ?? plainColumn))(c, at);
        if (issue && issues.length < REPORT_CAP) issues.push(issue);
        return text === null ? '' : csvCell(text);
      });
      if (!out.write(`${cells.join(',')}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return issues;
}

/** Every non-empty cell quoted: multi-line text and delimiters survive; types are cast later. */
const csvCell = (text: string): string => `"${text.replaceAll('"', '""')}"`;
