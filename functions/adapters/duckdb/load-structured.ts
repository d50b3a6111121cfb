import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import { quoteLiteral } from '../../core/sql/quote.ts';
import { checkHeader } from '../../core/validation/check-header.ts';
import type { ValidationIssue, ZhText } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';
import type { SourceInput } from '../../ports/release-processor.ts';
import type { DuckDbSession } from './duckdb.ts';
import type { Loaded } from './load-csv.ts';
import { firstBrokenNdjsonLine } from './ndjson-broken-line.ts';
import { readAsUtf8, startsWithUtf8Bom } from './normalize-encoding.ts';
import { otherFormat } from './source-file-kind.ts';

/**
 * Loads a Parquet, JSON-array or NDJSON source into `tableName` with every column as text (the
 * validator casts and reports per row, the same as for CSV), in file order. JSON in GB18030 (declared
 * or detected) is transcoded first; JSON must otherwise be UTF-8 (RFC 8259).
 */
export async function loadStructured(
  db: DuckDbSession,
  source: SourceInput,
  manifest: DatasetManifest,
  tableName: string,
  workDir: string,
  index: number,
): Promise<Loaded> {
  const file = source.label;
  const format = manifest.source.format;
  const fail = (
    type: ValidationIssue['type'],
    message: string,
    hint: string,
    zhText: ZhText,
    row?: number,
  ): Loaded => ({
    loaded: false,
    issues: [{ type, file, ...(row !== undefined ? { row } : {}), message, hint, zh: zhText }],
  });
  const noRowsHint = 'export the data again: the file has no rows';
  const noRowsHintZh = '请重新导出数据：文件里没有任何数据行';
  if ((await stat(source.path)).size === 0) {
    return fail('file/empty', 'the file is empty', noRowsHint, zh('文件是空的', noRowsHintZh));
  }
  // A workbook, PDF or HTML page under a .json name (or text under a .parquet one) is named for what
  // it is, before its bytes are judged as text or JSON.
  const other = await otherFormat(source.path, format);
  if (other) return fail('file/unreadable', other.message, other.hint, other.zh);
  let path = source.path;
  if (format !== 'parquet') {
    const read = await readAsUtf8(path, manifest.source.encoding, join(workDir, `source-${index}.utf8.${format}`));
    if (read.problem) {
      // In NDJSON a line is a row; a JSON array has no rows by line.
      const { line, message, hint } = read.problem;
      return fail('file/undecodable', message, hint, read.problem.zh, format === 'ndjson' ? line : undefined);
    }
    path = read.path;
    if (path === source.path && format === 'ndjson' && (await startsWithUtf8Bom(path))) {
      // DuckDB reads a BOM at the start of a JSON array but refuses it in NDJSON: read a copy without it.
      const dest = join(workDir, `source-${index}.nobom.ndjson`);
      await pipeline(createReadStream(path, { start: UTF8_BOM.length }), createWriteStream(dest));
      path = dest;
    }
    const edges = await fileEdges(path);
    if (edges.first === undefined) {
      return fail('file/empty', 'the file has only white space', noRowsHint, zh('文件里只有空白字符', noRowsHintZh));
    }
    if (format === 'json' && (edges.first !== '[' || edges.last !== ']')) {
      const notArray = edges.first !== '[';
      const ndjson = edges.first === '{';
      return fail(
        'file/unreadable',
        notArray
          ? 'the file is not a JSON array (it does not start with "[")'
          : 'the JSON array is not closed (the file does not end with "]"): it may be truncated',
        ndjson
          ? 'the file looks like NDJSON (one object per line): declare `format: ndjson`'
          : 'export the complete file as a JSON array of objects',
        zh(
          notArray ? '文件不是 JSON 数组（没有以“[”开头）' : 'JSON 数组没有闭合（文件没有以“]”结尾）：文件可能被截断了',
          ndjson
            ? '文件看起来是 NDJSON（每行一个对象）：请声明 `format: ndjson`'
            : '请把完整的文件导出为一个由对象组成的 JSON 数组',
        ),
      );
    }
  }

  const at = quoteLiteral(path);
  const reader = (columns?: string) =>
    format === 'parquet'
      ? `read_parquet(${at})`
      : `read_json(${at}, format = '${format === 'ndjson' ? 'newline_delimited' : 'array'}', maximum_object_size = 16777216${columns ? `, columns = ${columns}` : ''})`;
  let described: { column_name: string; column_type: string }[];
  try {
    described = await db.rows(`DESCRIBE SELECT * FROM ${reader()}`);
  } catch (e) {
    return readError(e, format, file, path);
  }
  let columns = described.map((c) => c.column_name);
  // DuckDB names the single column of a JSON file without objects `json`.
  if (
    format !== 'parquet' &&
    columns.length === 1 &&
    columns[0] === 'json' &&
    !manifest.fields.some((f) => f.name === 'json')
  ) {
    const n = await countRows(db, reader());
    return n === 0
      ? fail(
          'file/empty',
          'the file has no rows',
          'a release must contain at least one row',
          zh('文件里没有数据行', '每次发布至少要有一行数据'),
        )
      : fail(
          'file/unreadable',
          'the rows are not JSON objects',
          'write one object per row, keyed by column name (e.g. {"id": 1, "name": "…"})',
          zh('数据行不是 JSON 对象', '每一行写成一个以列名为键的对象（例如 {"id": 1, "name": "…"}）'),
        );
  }
  // DuckDB infers a JSON file's columns from a sample of its rows: a key first appearing later would be
  // dropped silently. The keys of every object are read instead, with the first row holding each.
  const keys =
    format === 'parquet'
      ? undefined
      : await objectKeys(db, at, format === 'ndjson' ? 'ndjson' : 'json', index).catch((e: unknown) => e as Error);
  if (keys instanceof Error) return readError(keys, format, file, path);
  if (keys) columns = keys.map((k) => k.key);
  const issues = checkHeader(columns, manifest, file).map((issue) => {
    const key = issue.type === 'header/extra-column' ? keys?.find((k) => k.key === issue.field) : undefined;
    if (!key) return issue;
    const others = key.rows - 1;
    // The header check's hint stays; the message says where the key is, in both languages.
    const messageZh = `第 ${key.firstRow} 行的键“${key.key}”${others > 0 ? `（以及后面 ${others} 行的同名键）` : ''}没有在 \`dataset.yaml\`（数据集清单）中声明`;
    return {
      ...issue,
      row: key.firstRow,
      message: `key "${key.key}" of row ${key.firstRow}${others > 0 ? ` (and of ${others} later row(s))` : ''} is not declared in the manifest`,
      ...(issue.zh ? { zh: zh(messageZh, issue.zh.hint) } : {}),
    };
  });
  if (issues.length) return { issues, loaded: false };
  // JSON is read with every column as text, so a value that does not fit the type inferred from the
  // first rows is reported by the validator (row, field) instead of failing the whole read.
  const spec = `{${columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
  try {
    await db.run(
      `CREATE OR REPLACE TABLE ${tableName} AS SELECT COLUMNS(*)::VARCHAR FROM ${format === 'parquet' ? reader() : reader(spec)}`,
    );
  } catch (e) {
    return readError(e, format, file, path);
  }
  return { issues: [], loaded: true };
}

/** DuckDB's refusal of a file (`path`, the UTF-8 copy it read) as an issue; for NDJSON, at the broken line. */
async function readError(e: unknown, format: string, file: string, path: string): Promise<Loaded> {
  const message = (e as Error).message.split('\n')[0] ?? 'unreadable';
  const undecodable = /UTF-8|unicode|encoding/i.test(message);
  const broken = format === 'ndjson' && !undecodable ? await firstBrokenNdjsonLine(path) : undefined;
  if (broken) {
    // DuckDB's line numbers are one past the broken line: its text is kept as a detail, without them.
    const detail = message
      .replace(/ in file "[^"]*"/, '')
      .replace(/,? at byte \d+ in line \d+/, '')
      .replace(/[.\s]+$/, '');
    return {
      loaded: false,
      issues: [
        {
          type: 'file/unreadable',
          file,
          row: broken.row,
          line: broken.line,
          message: `line ${broken.line} is not a JSON object: ${broken.what} (DuckDB: ${detail})`,
          hint: broken.hint,
          zh: zh(`文件第 ${broken.line} 行不是 JSON 对象：${broken.zh.message}（DuckDB：${detail}）`, broken.zh.hint),
        },
      ],
    };
  }
  const said = message.replace(/ in file "[^"]*"/, '');
  return {
    loaded: false,
    issues: [
      {
        type: undecodable
          ? 'file/undecodable'
          : /empty|no rows|0 bytes/i.test(message)
            ? 'file/empty'
            : 'file/unreadable',
        file,
        message: `the ${format} file cannot be read: ${said}`,
        hint: undecodable
          ? 'the file is not valid UTF-8: re-export it as UTF-8, or declare `encoding: gb18030` if it is GBK/GB18030'
          : `check that the file really is ${format} (declared in source.format)`,
        zh: zh(
          `无法读取这个 ${format} 文件：${said}`,
          undecodable
            ? '文件不是有效的 UTF-8：请重新导出为 UTF-8；如果文件是 GBK/GB18030 编码，请声明 `encoding: gb18030`'
            : `请确认文件确实是 ${format} 格式（即 source.format 中声明的格式）`,
        ),
      },
    ],
  };
}

/** The keys of every JSON object of a file, in order of first appearance, with the first row (1-based) and the number of rows holding each. */
async function objectKeys(
  db: DuckDbSession,
  at: string,
  format: 'json' | 'ndjson',
  index: number,
): Promise<{ key: string; firstRow: number; rows: number }[]> {
  const table = `json_keys_${index}`;
  // A table keeps the objects' order in its rowids, as the staged source table does.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT json_keys(json) AS ks FROM read_json_objects(${at}, format = '${format === 'ndjson' ? 'newline_delimited' : 'array'}', maximum_object_size = 16777216)`,
  );
  try {
    const rows = await db.rows<{ k: string; first_row: string | number; n: string | number }>(
      `SELECT k, min(r) + 1 AS first_row, count(*) AS n, min(p) AS pos FROM (SELECT rowid AS r, unnest(ks) AS k, unnest(range(len(ks))) AS p FROM ${table}) GROUP BY k ORDER BY first_row, pos`,
    );
    return rows.map((r) => ({ key: r.k, firstRow: Number(r.first_row), rows: Number(r.n) }));
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function countRows(db: DuckDbSession, reader: string): Promise<number> {
  const [r] = await db.rows<{ n: string | number }>(`SELECT count(*) AS n FROM ${reader}`);
  return Number(r?.n ?? 0);
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** First and last non-white-space characters of a text file (reads 4 KiB at each end). */
async function fileEdges(path: string): Promise<{ first?: string; last?: string }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const n = Math.min(size, 4096);
    const head = Buffer.alloc(n);
    const tail = Buffer.alloc(n);
    await fh.read(head, 0, n, 0);
    await fh.read(tail, 0, n, size - n);
    const h = head
      .toString('latin1')
      .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
      .trimStart();
    const t = tail.toString('latin1').trimEnd();
    if (h.length === 0 && size <= 4096) return {};
    if (h.length === 0) return { first: ' ' };
    return { first: h[0], last: t[t.length - 1] };
  } finally {
    await fh.close();
  }
}
