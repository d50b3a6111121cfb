import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import { quoteLiteral } from '../../core/sql/quote.ts';
import { checkHeader } from '../../core/validation/check-header.ts';
import { DELIMITER_CANDIDATES, parseHeader, splitRecord } from '../../core/validation/csv-header.ts';
import {
  HEADER_SEARCH_ROWS,
  isNoteRow,
  isTotalsRow,
  titleRowIssue,
  totalsRowIssue,
} from '../../core/validation/header-row.ts';
import type { ValidationIssue } from '../../core/validation/report.ts';
import {
  linesOfRows,
  placed,
  placeName,
  placeNameZh,
  type RowPlaces,
  type RowUnit,
} from '../../core/validation/source-rows.ts';
import { zh } from '../../core/validation/zh.ts';
import type { SourceInput } from '../../ports/release-processor.ts';
import { blankAndNoteRows, noteRowIssue } from './blank-and-note-rows.ts';
import { emptyLines } from './csv-empty-lines.ts';
import { type DuckDbSession, scalar } from './duckdb.ts';
import { readAsUtf8 } from './normalize-encoding.ts';
import { normalizeLineEndings } from './normalize-line-endings.ts';
import { otherFormat } from './source-file-kind.ts';

/**
 * What a kind of line DuckDB rejects is reported as, and the hint (`hintZh` in Chinese). The message is
 * DuckDB's own in English; `zh` words it in Chinese from the numbers in it, or says what happened and
 * quotes it when its form is not the one known here.
 */
type RejectKind = {
  type: ValidationIssue['type'];
  hint: string;
  hintZh: string;
  zh: (duckdbMessage: string) => string;
};

/** DuckDB's message quoted after a Chinese statement of what happened (a form not known here). */
const quoted = (what: string) => (m: string) => `${what}（DuckDB：${m}）`;

const UNDECODABLE: RejectKind = {
  type: 'file/undecodable',
  hint: 'the file is not valid in its declared encoding: re-export as UTF-8, or declare `encoding: gb18030`',
  hintZh: '文件内容与声明的编码不符：请重新导出为 UTF-8，或声明 `encoding: gb18030`',
  zh: () => '有按声明的编码无法解码的字节',
};

/** "Expected Number of Columns: 3 Found: 2" in Chinese. */
const columnCountZh = (m: string) => {
  const n = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(m);
  return n ? `表头有 ${n[1]} 列，这一行有 ${n[2]} 个单元格` : quoted('单元格个数与表头不符')(m);
};

const REJECT_TYPES: Record<string, RejectKind> = {
  'MISSING COLUMNS': {
    type: 'row/ragged',
    hint: 'this row has fewer cells than the header: add the missing delimiters',
    hintZh: '这一行的单元格比表头少：请补上缺少的分隔符',
    zh: columnCountZh,
  },
  'TOO MANY COLUMNS': {
    type: 'row/ragged',
    hint: 'this row has more cells than the header: quote cells that contain the delimiter',
    hintZh: '这一行的单元格比表头多：含有分隔符的单元格请用引号括起来',
    zh: columnCountZh,
  },
  'UNQUOTED VALUE': {
    type: 'file/unterminated-quote',
    hint: 'a quoted cell is not closed: double quotes inside a quoted cell must be written as ""',
    hintZh: '有一个用引号括起来的单元格没有闭合：引号里面的双引号必须写成 ""',
    zh: (m) => (/unterminated quote/i.test(m) ? '有一个单元格的引号没有闭合' : quoted('引号不成对')(m)),
  },
  'INVALID ENCODING': UNDECODABLE,
  'INVALID UNICODE': UNDECODABLE,
  'LINE SIZE OVER MAXIMUM': {
    type: 'file/unterminated-quote',
    hint: 'a line is extremely long, usually because a quote is never closed',
    hintZh: '有一行特别长，通常是因为某个引号没有闭合',
    zh: (m) => {
      const n = /Maximum line size of (\d+) bytes exceeded\. Actual Size: ?(\d+) bytes/.exec(m);
      return n ? `这一行长 ${n[2]} 字节，超过了 ${n[1]} 字节的上限` : quoted('这一行超过了长度上限')(m);
    },
  },
};

/** A line DuckDB rejects for a reason not listed above. */
const OTHER_REJECT: RejectKind = {
  type: 'file/unreadable',
  hint: 'fix the row so it follows RFC 4180 CSV',
  hintZh: '请改正这一行，使它符合 RFC 4180 CSV 格式',
  zh: quoted('这一行无法按 CSV 读取'),
};

/** The hint of a file (sheet) with nothing from `source.headerRow` on, in Chinese (CSV and XLSX alike). */
export const HEADER_ROW_EMPTY_HINT_ZH = '请把 `source.headerRow` 设为列名所在的行；如果列名就在第一行，请删掉这项设置';

/** A CSV source past its file-level checks: the UTF-8 file to read and its dialect. */
export interface PreparedCsv {
  readonly path: string;
  readonly delimiter: string;
  readonly columns: readonly string[];
  /** The line holding the header (1-based); the lines above it are skipped. */
  readonly headerRow: number;
}

/** What prepareCsv gives: the file-level issues, and the CSV to read when there are none. */
export interface PrepareCsvResult {
  readonly issues: ValidationIssue[];
  readonly csv: PreparedCsv | null;
}

/** Overrides of the manifest's dialect, for files the pipeline wrote itself (XLSX converted to CSV). */
export type CsvDialect = { encoding?: 'utf-8'; delimiter?: string; headerRow?: number };

/**
 * File-level checks of one CSV source before DuckDB reads it: encoding (GB18030 is transcoded to a
 * UTF-8 copy in workDir; a file mixing encodings is refused), empty file, header (at line
 * `source.headerRow`) against the manifest, title lines above it. `csv` is null when there are issues.
 */
export async function prepareCsv(
  source: SourceInput,
  manifest: DatasetManifest,
  workDir: string,
  index: number,
  dialect: CsvDialect = {},
): Promise<PrepareCsvResult> {
  const file = source.label;
  const headerRow = dialect.headerRow ?? manifest.source.headerRow ?? 1;
  // A workbook, PDF or HTML page saved under a .csv name is named for what it is, before its bytes are
  // judged as text (they would be "not valid GB18030"). The pipeline's own CSV (a dialect) is text.
  const other = dialect.encoding ? undefined : await otherFormat(source.path, 'csv');
  if (other) return { issues: [{ type: 'file/unreadable', file, ...other }], csv: null };
  // A dialect's encoding is the pipeline's own file (XLSX written as UTF-8 CSV): nothing to check.
  const read = dialect.encoding
    ? { path: source.path }
    : await readAsUtf8(source.path, manifest.source.encoding, join(workDir, `source-${index}.utf8.csv`));
  if (read.problem) {
    const { line, message, hint, zh: zhText } = read.problem;
    // Lines count the header and the lines above it; rows are data rows.
    const row = line !== undefined && line > headerRow ? { row: line - headerRow } : {};
    return {
      issues: [
        { type: 'file/undecodable', file, ...row, ...(line !== undefined ? { line } : {}), message, hint, zh: zhText },
      ],
      csv: null,
    };
  }
  const path = read.path;

  const { text, above } = await readFromLine(path, headerRow);
  if (above === 'too-long') {
    return {
      issues: [
        {
          type: 'file/unreadable',
          file,
          message: `the lines above line ${headerRow} (\`source.headerRow\`) are longer than ${ABOVE_HEADER_MAX_BYTES / 1024 / 1024} MB in all`,
          hint: 'remove the lines above the header from the file (then drop `source.headerRow`), or check that `source.headerRow` counts lines ending in a line feed',
          zh: zh(
            `文件第 ${headerRow} 行（\`source.headerRow\`）上方的各行合计超过 ${ABOVE_HEADER_MAX_BYTES / 1024 / 1024} MB`,
            '请从文件中删除表头上方的各行（然后去掉 `source.headerRow`），或检查 `source.headerRow` 是否按以换行符结尾的行计数',
          ),
        },
      ],
      csv: null,
    };
  }
  if (text.trim().length === 0) {
    const issue: ValidationIssue =
      headerRow > 1 && above === 'text'
        ? {
            type: 'file/empty',
            file,
            message: `the file has nothing from line ${headerRow} (\`source.headerRow\`) on`,
            hint: 'set `source.headerRow` to the line holding the column names, or remove it if they are on the first line',
            zh: zh(`文件从第 ${headerRow} 行（\`source.headerRow\`）起没有任何内容`, HEADER_ROW_EMPTY_HINT_ZH),
          }
        : {
            type: 'file/empty',
            file,
            message: 'the file is empty',
            hint: 'export the data again: the file has no header and no rows',
            zh: zh('文件是空的', '请重新导出数据：文件里既没有表头，也没有数据行'),
          };
    return { issues: [issue], csv: null };
  }
  const declaredDelimiter = dialect.delimiter ?? manifest.source.delimiter;
  const { delimiter, columns } = parseHeader(text, declaredDelimiter);

  const issues = checkHeader(columns, manifest, file);
  if (issues.length > 0) {
    // A header that does not fit: is it a title line above the real header?
    const title =
      dialect.headerRow === undefined
        ? titleRowIssue(
            leadingRecords(text, declaredDelimiter),
            manifest.fields.map((f) => f.name),
            { file, headerRow, unit: 'line' },
          )
        : null;
    return { issues: title ? [title] : issues, csv: null };
  }
  return { issues, csv: { path, delimiter, columns, headerRow } };
}

/** The lines above the header are read up to this many bytes in all (DuckDB's own limit for one line). */
const ABOVE_HEADER_MAX_BYTES = 8 * 1024 * 1024;
/** How much of the file from the header line on is read: the header and the lines the title check looks at. */
const HEADER_WINDOW_BYTES = 256 * 1024;

/**
 * The text from line `headerRow` on (at most HEADER_WINDOW_BYTES of it, BOM removed), reading past the
 * lines above it however long they are, up to ABOVE_HEADER_MAX_BYTES (`too-long` beyond). `above` says
 * whether those lines hold anything but white space (`text`), to tell a headerRow beyond the end of a
 * file from an empty file.
 */
async function readFromLine(
  path: string,
  headerRow: number,
): Promise<{ text: string; above: 'blank' | 'text' | 'too-long' }> {
  const fh = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(HEADER_WINDOW_BYTES);
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let position = 0;
    let linesToSkip = headerRow - 1;
    let aboveText = false;
    let atFileStart = true;
    while (keptBytes < HEADER_WINDOW_BYTES) {
      if (linesToSkip > 0 && position >= ABOVE_HEADER_MAX_BYTES) return { text: '', above: 'too-long' };
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      let piece = chunk.subarray(0, bytesRead);
      position += bytesRead;
      while (linesToSkip > 0) {
        const nl = piece.indexOf(0x0a);
        const skipped = nl === -1 ? piece : piece.subarray(0, nl);
        aboveText ||= hasText(skipped, atFileStart);
        atFileStart = false;
        if (nl === -1) {
          piece = piece.subarray(piece.length);
          break;
        }
        piece = piece.subarray(nl + 1);
        linesToSkip--;
      }
      if (piece.length > 0) {
        kept.push(Buffer.from(piece));
        keptBytes += piece.length;
      }
    }
    const text = Buffer.concat(kept)
      .subarray(0, HEADER_WINDOW_BYTES)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return { text, above: aboveText ? 'text' : 'blank' };
  } finally {
    await fh.close();
  }
}

/** Whether bytes of a line hold anything but ASCII white space (and the BOM, at the start of the file). */
function hasText(bytes: Buffer, atFileStart: boolean): boolean {
  const from = atFileStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return true;
  }
  return false;
}

/**
 * The first lines of a CSV text split into cells, with the declared delimiter or else the candidate
 * splitting some line into the most cells (a title line above the header has none).
 */
function leadingRecords(text: string, declared: string | undefined): string[][] {
  const lines = text.split('\n', HEADER_SEARCH_ROWS).map((l) => l.replace(/\r$/, ''));
  const widest = (d: string) => Math.max(...lines.map((l) => splitRecord(l, d).length));
  const delimiter =
    declared ?? DELIMITER_CANDIDATES.reduce((best, d) => (widest(d) > widest(best) ? d : best), ',' as string);
  return lines.map((l) => splitRecord(l, delimiter));
}

/**
 * The read_csv(...) call reading a prepared CSV: every column VARCHAR, in file order, parsing errors
 * collected in DuckDB's rejects table `rejects` (and `<rejects>_scan`), not thrown.
 */
export function readCsvSql(csv: PreparedCsv, manifest: DatasetManifest, rejects: string): string {
  const columnSpec = `{${csv.columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${quoteLiteral(csv.path)},
      auto_detect = false, header = true,${csv.headerRow > 1 ? ` skip = ${Number(csv.headerRow) - 1},` : ''} columns = ${columnSpec}, delim = ${quoteLiteral(csv.delimiter)},
      quote = '"', escape = '"', strict_mode = true, null_padding = false, max_line_size = 8388608,
      store_rejects = true, rejects_table = ${quoteLiteral(rejects)}, rejects_scan = ${quoteLiteral(`${rejects}_scan`)}${nullStrings(manifest)})`;
}

/**
 * Where a CSV file's lines are for the person who made it: its own lines, or the rows of the sheet it
 * was converted from (sheet row = line + `offset`).
 */
export interface LinePlace {
  readonly unit: RowUnit;
  readonly offset: number;
}

/**
 * The rejects table of a read as issues (one per line and kind). `headerRow` is the header's line:
 * DuckDB numbers lines from the top of the file, skipped lines included.
 */
export async function rejectIssues(
  db: DuckDbSession,
  rejects: string,
  file: string,
  csv: Pick<PreparedCsv, 'headerRow' | 'delimiter'>,
  place: LinePlace = { unit: 'line', offset: 0 },
): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  const rejected = await db.rows<{
    line: string;
    column_name: string | null;
    error_type: string;
    error_message: string;
    csv_line: string | null;
  }>(`SELECT line, column_name, error_type, error_message, csv_line FROM ${rejects} ORDER BY line LIMIT 2000`);
  const seenLines = new Set<string>();
  for (const r of rejected) {
    // DuckDB reports a short row once per missing cell: one issue per line and kind is enough.
    const lineKey = `${r.line}|${r.error_type}`;
    if (seenLines.has(lineKey)) continue;
    seenLines.add(lineKey);
    const kind = REJECT_TYPES[r.error_type] ?? OTHER_REJECT;
    const line = Number(r.line);
    const row = Math.max(1, line - csv.headerRow);
    // A note below the data ("注：…", "数据来源：…") is one cell on a line of its own: not a broken row.
    // Its first cell starts like a note; the note may hold the delimiter itself.
    const at = line + place.offset;
    // A totals line cut short (`合计,32652`): its cells are fewer than the header's, but it is a totals
    // row, reported as the complete ones are (blank-and-note-rows.ts).
    const cells = kind.type === 'row/ragged' && r.csv_line ? splitRecord(r.csv_line, csv.delimiter) : [];
    if (isTotalsRow(cells)) {
      const label = cells.find((c) => c.trim() !== '') ?? '';
      issues.push(totalsRowIssue(file, row, { unit: place.unit, n: at }, label));
      continue;
    }
    if (kind.type === 'row/ragged' && r.csv_line && isNoteRow([cells[0] ?? ''])) {
      issues.push(noteRowIssue(file, row, { unit: place.unit, n: at }));
      continue;
    }
    issues.push(
      placed(
        {
          type: kind.type,
          file,
          row,
          ...(r.column_name && kind.type !== 'row/ragged' ? { field: r.column_name } : {}),
          message: `${placeName(place.unit, at)}: ${r.error_message}`,
          hint: kind.hint,
          zh: zh(`${placeNameZh(place.unit, at)}：${kind.zh(r.error_message)}`, kind.hintZh),
        },
        place.unit,
        at,
      ),
    );
  }
  return issues;
}

/**
 * What loading one source gives: its file-level issues, whether its table was created and, for CSV and
 * XLSX, where its rows are in the file (for the issues found later).
 */
export type Loaded = {
  issues: ValidationIssue[];
  loaded: boolean;
  places?: RowPlaces;
  /** Data rows the reader rejected (ragged, an unterminated quote…): read, reported, not in the table. */
  rejectedRows?: number;
};

/**
 * Loads one CSV source into table `tableName` (every column VARCHAR, in file order: the processor
 * numbers rows by rowid) and returns the file-level issues: empty file, encoding, header mismatch, ragged rows,
 * unterminated quotes, blank rows and notes below the data (removed from the table: blank-and-note-rows.ts).
 * Parsing errors are collected with DuckDB's rejects table, not thrown.
 */
export async function loadCsv(
  db: DuckDbSession,
  source: SourceInput,
  manifest: DatasetManifest,
  tableName: string,
  workDir: string,
  index: number,
  /** Overrides of the manifest's dialect, for files the pipeline wrote itself (XLSX converted to CSV). */
  dialect: CsvDialect = {},
  /** prepareCsv's result for this source and dialect when the caller has it already (the staged path's). */
  prepared?: PrepareCsvResult,
  /** Where the file's lines are for its author: its own lines, or the sheet rows of a converted XLSX. */
  place: LinePlace = { unit: 'line', offset: 0 },
): Promise<Loaded> {
  const { csv, issues: prepIssues } = prepared ?? (await prepareCsv(source, manifest, workDir, index, dialect));
  // The issues are added to below: never into the caller's array.
  const issues = [...prepIssues];
  if (!csv) return { issues, loaded: false };
  const rejects = `rejects_${index}`;
  const read = async (path: string) => {
    // A second read appends to the rejects tables: start each read with none.
    for (const t of [rejects, `${rejects}_scan`]) await db.run(`DROP TABLE IF EXISTS ${t}`);
    await db.run(
      `CREATE OR REPLACE TABLE ${tableName} AS SELECT * FROM ${readCsvSql({ ...csv, path }, manifest, rejects)}`,
    );
    return scalar(db, `SELECT count(*) FROM ${rejects}`);
  };
  let rejected = await read(csv.path).catch((e: Error) => e);
  let readPath = csv.path;
  if (rejected !== 0) {
    // DuckDB's strict reader takes one line ending per file: a file mixing LF and CRLF (hand-edited
    // exports) stops it or splits rows wrongly. Read a copy with LF only, and keep the cleaner read.
    const lf = join(workDir, `source-${index}.lf.csv`);
    if ((await normalizeLineEndings(csv.path, lf)) > 0) {
      const retried = await read(lf).catch((e: Error) => e);
      if (!(retried instanceof Error) && (rejected instanceof Error || retried <= rejected)) {
        rejected = retried;
        readPath = lf;
      } else if (!(rejected instanceof Error)) await read(csv.path);
    }
  }
  if (rejected instanceof Error) return { issues: [...issues, unreadableCsv(rejected, source.label)], loaded: false };
  for (const issue of await rejectIssues(db, rejects, source.label, csv, place)) issues.push(issue);
  // Rejected rows are not in the table (the release is refused anyway when there are any), nor are empty lines.
  const rejectedLines =
    rejected > 0
      ? (await db.rows<{ line: string }>(`SELECT DISTINCT line FROM ${rejects} ORDER BY line`)).map((r) =>
          Number(r.line),
        )
      : [];
  const places = rowPlaces(readPath, csv.headerRow, rejectedLines, place);
  for (const issue of await blankAndNoteRows(db, tableName, csv.columns, source.label, places)) issues.push(issue);
  return { issues, loaded: true, places, rejectedRows: rejectedLines.length };
}

/**
 * Where the rows of a CSV file read by the one-pass staging path are (it reads a file only when no
 * row is rejected: only empty lines are skipped), for the residual-PII scan's issues.
 */
export function stagedRowPlaces(csv: PreparedCsv): RowPlaces {
  return rowPlaces(csv.path, csv.headerRow, [], { unit: 'line', offset: 0 });
}

/**
 * Where the rows read from a CSV file are: line `headerRow + row`, one further for each line read
 * but not numbered before it (rejected; empty, looked for only when a row is to be placed).
 */
function rowPlaces(path: string, headerRow: number, rejectedLines: readonly number[], place: LinePlace): RowPlaces {
  let skipped: Promise<number[]> | undefined;
  return {
    unit: place.unit,
    async of(rows) {
      skipped ??= emptyLines(path, headerRow).then((empty) =>
        [...new Set([...empty, ...rejectedLines])].filter((l) => l > headerRow).sort((a, b) => a - b),
      );
      const lines = linesOfRows(rows, headerRow, await skipped);
      return place.offset === 0 ? lines : new Map([...lines].map(([row, line]) => [row, line + place.offset]));
    },
  };
}

/** A CSV DuckDB cannot read at all (not a row-level problem its rejects table catches). */
function unreadableCsv(e: Error, file: string): ValidationIssue {
  const said = e.message.split('\n')[0];
  return {
    type: 'file/unreadable',
    file,
    message: `the CSV file cannot be read: ${said}`,
    hint: 'export the file again as RFC 4180 CSV (one header line, the same delimiter and quoting on every line)',
    zh: zh(
      `无法读取这个 CSV 文件：${said}`,
      '请重新导出为 RFC 4180 格式的 CSV（只有一行表头，每一行的分隔符和引号用法都相同）',
    ),
  };
}

/** `nullstr` for read_csv: the manifest's missing-value markers, always with the empty string. */
function nullStrings(manifest: DatasetManifest): string {
  const markers = manifest.source.missingValues;
  if (!markers?.length) return '';
  return `, nullstr = [${[...new Set(['', ...markers])].map(quoteLiteral).join(', ')}]`;
}
