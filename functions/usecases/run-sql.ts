import { z } from 'zod';
import { invalidQuery, isAppError } from '../core/errors.ts';
import { bilingual } from '../core/manifest/schema-zh.ts';
import { MAX_PAGE_BYTES, pageWithin } from '../core/query/page-bytes.ts';
import { locatedParam } from '../core/query/parse-query-params.ts';
import { inspectSerializedSelect, parseTableName } from '../core/sql/inspect-select.ts';
import { parseBody } from '../http/body-schema.ts';
import type { TableRef } from '../ports/query-engine.ts';
import type { Deps } from './deps.ts';
import { tableRefOf } from './query-dataset.ts';
import { nearDatasetIds, resolveVersion } from './read-catalog.ts';

export const SQL_DEFAULT_ROWS = 1_000;
export const SQL_MAX_ROWS = 50_000;
export const SQL_MAX_LENGTH = 20_000;

/** Body of POST /v1/sql. */
/** A whole number from `min` to `max`, said so in both languages whatever is wrong with the value. */
const wholeNumber = (what: string, whatZh: string, min: number, max: number) => {
  const message = bilingual(
    `${what} must be a whole number from ${min} to ${max}`,
    `${whatZh}必须是 ${min} 到 ${max} 之间的整数`,
  );
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

export const SqlRequest = z.strictObject({
  /** One SELECT over published datasets: tables are dataset ids ("seattle-weather"), `"id@2"` pins version 2. */
  sql: z
    .string({
      error: bilingual(
        'give the query as a string: {"sql": "SELECT … FROM \\"dataset-id\\""}',
        '请把查询写成字符串：{"sql": "SELECT … FROM \\"dataset-id\\""}',
      ),
    })
    .min(1, bilingual('the query is empty: give one SELECT statement', '查询为空：请给出一条 SELECT 语句'))
    .max(
      SQL_MAX_LENGTH,
      bilingual(
        `the query is longer than ${SQL_MAX_LENGTH} characters: shorten it`,
        `查询超过 ${SQL_MAX_LENGTH} 个字符：请缩短它`,
      ),
    ),
  /** Row cap of the answer (default 1,000, at most 50,000); more rows set `truncated`. */
  limit: wholeNumber('limit', 'limit ', 1, SQL_MAX_ROWS).optional(),
  /** Time limit in milliseconds, at most the platform's (5 s by default). */
  timeoutMs: wholeNumber('timeoutMs', 'timeoutMs ', 100, 60_000).optional(),
  /**
   * The answer's format, as `format=` in the URL (which it must then equal) or `Accept`; null leaves it
   * out, as in a query API body.
   */
  format: z.enum(['json', 'csv', 'ndjson']).nullable().optional(),
});
export type SqlRequest = z.output<typeof SqlRequest>;

/** The rows of a query or SQL answer, as the JSON output writes them (http/query-output.ts). */
export const AnswerRows = z.array(z.array(z.unknown())).meta({
  description:
    'Rows as arrays of values in column order. Integers beyond ±9007199254740991 (2^53 - 1, what a JSON number holds exactly) are strings of digits; numbers that are not finite are null.',
});

/** Answer of POST /v1/sql (the descriptions are the OpenAPI document's). */
export const SqlAnswer = z.strictObject({
  columns: z.array(
    z.strictObject({
      name: z.string(),
      type: z.string().meta({
        description:
          "DuckDB's type name of the column (VARCHAR, BIGINT, DOUBLE, DATE, TIMESTAMP, …), not the Table Schema type the query API reports",
      }),
    }),
  ),
  rows: AnswerRows,
  rowCount: z.number().int().nonnegative(),
  truncated: z.boolean().meta({
    description:
      'Rows were left out: the result had more rows than `limit`, or more bytes than one answer carries (`truncatedBy` says which). Only the first rows are here.',
  }),
  truncatedBy: z
    .enum(['rows', 'bytes'])
    .nullable()
    .meta({
      description: `Which cap left rows out, null when none did: \`rows\` (more than \`limit\` rows) or \`bytes\` (more than one answer carries, ${MAX_PAGE_BYTES} bytes of rows measured as NDJSON)`,
    }),
  hint: z.string().optional().meta({
    description:
      'When truncated: how to get the rest (ORDER BY with LIMIT and OFFSET in the SQL, or the query API, which pages with a cursor)',
  }),
  limit: z.number().int().positive(),
  /** The version each table name resolved to. */
  tables: z.record(z.string(), z.strictObject({ dataset: z.string(), version: z.number().int().positive() })),
});
export type SqlAnswer = z.output<typeof SqlAnswer>;

/**
 * The answer's format as a request gives it, for content negotiation before the SQL runs: the URL's
 * `format`, or the body's (a string; anything else is left to `runSql`'s 400), one value if both give
 * it, and where it was (as the query API's: `locatedParam`).
 */
export function sqlFormatParam(
  body: unknown,
  urlFormat: string | undefined,
): { value: string | undefined; where: string } {
  const posted = typeof body === 'object' && body !== null && 'format' in body ? body.format : undefined;
  return locatedParam('format', { format: urlFormat }, { format: typeof posted === 'string' ? posted : undefined });
}

/**
 * POST /v1/sql: one read-only SELECT over published datasets.
 *
 * 1. DuckDB's parser turns the SQL into a tree (`json_serialize_sql`, run as a parameter, so the text
 *    is never spliced into SQL); the core inspects the tree, not the text, so strings and comments
 *    cannot hide or fake a table name: one SELECT, no table functions, only allowed functions, no
 *    value that could grow much larger than the data it reads (DuckDB's memory limit does not count
 *    function results, and its interrupt does not stop one evaluation), and the list of tables
 *    referenced (CTE names excluded by scope).
 * 2. Each table (`id`, `id@N`, `id@latest`) resolves to a published version's Parquet; unknown ones
 *    are a 400 that names them all.
 * 3. The locked-down engine exposes only those versions as views, re-checks with the prepared
 *    statement's type that it is one SELECT, and runs it under the time limit and memory limit,
 *    reading at most limit + 1 rows.
 */
export async function runSql(deps: Deps, body: unknown): Promise<SqlAnswer> {
  const req = parseBody(SqlRequest, body, {
    en: `fix the fields listed in errors and send {"sql": "SELECT …", "limit": 1000, "format": "json"}; limit is at most ${SQL_MAX_ROWS}`,
    zh: `请逐项修正 errors 中列出的字段，并发送 {"sql": "SELECT …", "limit": 1000, "format": "json"}；limit 最大为 ${SQL_MAX_ROWS}`,
  });
  const timeoutMs = Math.min(req.timeoutMs ?? deps.queryTimeoutMs, deps.queryTimeoutMs);
  const limit = req.limit ?? SQL_DEFAULT_ROWS;

  const ast = await deps.queryEngine.run(
    {},
    { sql: 'SELECT json_serialize_sql(?::VARCHAR) AS ast', params: [req.sql] },
    { timeoutMs },
  );
  const inspection = inspectSerializedSelect(String(ast.rows[0]?.[0] ?? ''));
  if (!inspection.ok) {
    const hinted = inspection.violations.find((v) => v.hint);
    throw invalidQuery({
      detail: inspection.violations.map((v) => v.message).join('; '),
      hint: hinted?.hint ?? 'write one SELECT over dataset tables, e.g. SELECT * FROM "seattle-weather" LIMIT 10',
      errors: inspection.violations.map((v) => ({
        where: `body.sql: ${v.where}`,
        message: v.message,
        ...(v.hint ? { hint: v.hint } : {}),
        zh: v.zh,
      })),
      zh: {
        detail: inspection.violations.map((v) => v.zh.message).join('；'),
        hint: hinted?.zh.hint ?? '请写一条查询数据集表的 SELECT，例如 SELECT * FROM "seattle-weather" LIMIT 10',
      },
    });
  }

  const tables: Record<string, TableRef> = {};
  const unknown: string[] = [];
  for (const name of inspection.tables) {
    const ref = parseTableName(name);
    if (!ref) {
      unknown.push(name);
      continue;
    }
    try {
      const { record } = await resolveVersion(deps, ref.datasetId, ref.version);
      tables[name] = tableRefOf(record);
    } catch (e) {
      if (isAppError(e) && e.status === 404) unknown.push(name);
      else throw e;
    }
  }
  if (unknown.length) {
    // A slip of a published id (seattle_weather, Seattle-Weather) names the table meant.
    const nearOf = await nearDatasetIds(deps);
    throw invalidQuery({
      detail: `unknown table${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => `"${n}"`).join(', ')}`,
      hint: 'tables are published dataset ids, quoted when they contain "-": "seattle-weather", "seattle-weather@2" for version 2; list them with GET /v1/datasets',
      errors: unknown.map((n) => {
        const near = nearOf(parseTableName(n)?.datasetId ?? n.replace(/@.*$/, ''));
        return {
          where: `body.sql: table ${n}`,
          message: `no published dataset (or version) with this name${near ? `; did you mean "${near}"?` : ''}`,
          zh: { message: `没有这个名称的已发布数据集（或版本）${near ? `；是不是要写“${near}”？` : ''}` },
        };
      }),
      zh: {
        detail: `未知的表：${unknown.map((n) => `"${n}"`).join('、')}`,
        hint: '表名是已发布数据集的 id，含 "-" 时要加双引号："seattle-weather"，第 2 版写作 "seattle-weather@2"；可用 GET /v1/datasets 列出数据集',
      },
      extensions: { unknownTables: unknown },
    });
  }

  const result = await deps.queryEngine.run(
    tables,
    { sql: req.sql, params: [] },
    { timeoutMs, untrusted: true, maxRows: limit + 1 },
  );
  // At most `limit` rows, and at most one answer's size of them (the engine read up to it): either cut sets
  // `truncated` and says which; a first row larger than an answer is a 422.
  const names = result.columns.map((c) => c.name);
  const { kept: rows, truncatedBy } = pageWithin(result.rows, limit, result.stoppedBySize === true, names);
  return {
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: rows.map((r) => [...r]),
    rowCount: rows.length,
    truncated: truncatedBy !== null,
    truncatedBy,
    ...(truncatedBy ? { hint: continueHint(truncatedBy, limit) } : {}),
    limit,
    tables: Object.fromEntries(
      Object.entries(tables).map(([n, t]) => [n, { dataset: t.datasetId, version: t.version }]),
    ),
  };
}

/** How to get the rows a truncated answer left out. */
function continueHint(by: 'rows' | 'bytes', limit: number): string {
  const paging =
    'page with ORDER BY on a unique key plus LIMIT and OFFSET in the SQL, or use the query API (GET /v1/datasets/{id}/query), whose `next` link pages with a cursor';
  return by === 'rows'
    ? `the result has more than ${limit} rows (limit): ${limit < SQL_MAX_ROWS ? `raise "limit" (at most ${SQL_MAX_ROWS}), or ` : ''}${paging}`
    : `the rows passed the ${MAX_PAGE_BYTES} bytes one answer carries (measured as NDJSON, whatever the format): select fewer or shorter columns, or ${paging}`;
}
