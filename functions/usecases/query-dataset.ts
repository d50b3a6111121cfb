import type { VersionRecord } from '../core/catalog/schema.ts';
import { isAppError } from '../core/errors.ts';
import { textColumnsOf } from '../core/query/check-query.ts';
import { compileAthena } from '../core/query/compile-athena.ts';
import { compileDuckDb } from '../core/query/compile-duckdb.ts';
import { type Page, toPage } from '../core/query/page-result.ts';
import { locatedParam, mergePostParams, parseQueryParams } from '../core/query/parse-query-params.ts';
import type { QueryRequest } from '../core/query/query-request.ts';
import type { CompiledQuery } from '../core/query/render-sql.ts';
import { SEARCH_COLUMN, type TableRef } from '../ports/query-engine.ts';
import type { Deps } from './deps.ts';
import { LruCache } from './lru-cache.ts';
import { resolveVersion } from './read-catalog.ts';

export interface QueryAnswer {
  readonly dataset: string;
  readonly version: number;
  readonly columns: ReadonlyArray<{ name: string; type: string }>;
  readonly rows: readonly (readonly unknown[])[];
  /** More rows exist: follow `next`. Never silent truncation. */
  readonly truncated: boolean;
  /**
   * Exact number of rows the query answers, over all its pages: the version's row count (precomputed at
   * publish) for an unfiltered query; the page's own when it holds the last row; else counted once per
   * query and version (versions never change). Null from an engine that cannot count (query jobs), when
   * the client said `$$total=false`, or when the count ran out of time (the page did not).
   */
  readonly total: number | null;
  /**
   * The next page, when truncated: a GET link carrying the whole query. The answer of a POST whose
   * query is too long for a URL links only the position: POST the same body to it.
   */
  readonly next: string | null;
}

export function tableRefOf(record: VersionRecord): TableRef {
  const parquet = record.artifacts.find((a) => a.name === 'data.parquet');
  if (!parquet) throw new Error(`version ${record.datasetId}@${record.version} has no Parquet artifact`);
  return {
    datasetId: record.datasetId,
    version: record.version,
    parquetKey: parquet.key,
    sha256: parquet.sha256,
    bytes: parquet.bytes,
    textColumns: textColumnsOf(record.fields),
  };
}

/**
 * What every caller of one compiled query gets: the answer without `next` (each request links the
 * next page with its own parameters, e.g. its `format`) and where the next page starts.
 */
interface PagedAnswer {
  readonly answer: Omit<QueryAnswer, 'next'>;
  readonly page: Pick<Page, 'nextCursor' | 'nextOffset'>;
}

/** Answers of a resolved version never change: cache them in memory (per container). */
const cache = new LruCache<PagedAnswer>(500, 64 * 1024 * 1024);

/** The totals of filtered queries, by version and count SQL: every page of one query shares its count. */
const totals = new LruCache<number>(5_000, 1024 * 1024);

/**
 * A POST's query goes into its `next` link (so a GET of the link answers the same query) while the
 * link stays this short; a longer query links only the position, and the client POSTs its body again.
 */
const MAX_LINKED_QUERY_LENGTH = 6_000;

/** A query of a large version was handed to the asynchronous engine: poll `status` for its result. */
export interface QueryJobAccepted {
  readonly jobId: string;
  readonly state: 'queued';
  readonly dataset: string;
  readonly version: number;
  /** GET this URL until `state` is `succeeded` (then it links the `result`) or `failed`. */
  readonly status: string;
}

/**
 * A query request: the URL's parameters and, for a POST, its JSON body's parameters, checked once
 * where the body is read (`bodyParams`).
 */
export interface QueryInput {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly body?: Readonly<Record<string, string | undefined>>;
}

export type QueryOutcome = { answer: QueryAnswer; pinned: boolean } | { job: QueryJobAccepted };

/**
 * GET|POST /v1/datasets/{id}/query: SoQL parameters parsed into an AST, compiled to parameterized
 * DuckDB SQL over the version's Parquet, paginated by keyset cursor (or offset). A version whose
 * Parquet is larger than the jobs threshold (ATHENA_THRESHOLD_BYTES) is too large for one function:
 * the same AST is compiled for the asynchronous engine (Athena) and the caller gets a job to poll.
 */
export async function queryDataset(deps: Deps, id: string, input: QueryInput): Promise<QueryOutcome> {
  const version = requestParam(input, 'version');
  const { record, pinned } = await resolveVersion(deps, id, version.value ?? 'latest', { where: version.where });
  const table = tableRefOf(record);
  const jobs = deps.queryJobs;
  if (jobs && table.bytes > jobs.thresholdBytes) {
    // Compiled now so an invalid query is a 400 at once rather than a failed job later.
    const { compiled } = compileFor(jobs.jobs.dialect, record, input);
    const params = Object.fromEntries(
      Object.entries(input.params).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const { body } = input;
    const jobId = await jobs.jobs.submit({ data: table }, compiled, {
      dataset: record.datasetId,
      version: record.version,
      params,
      ...(body !== undefined ? { body } : {}),
    });
    return {
      job: {
        jobId,
        state: 'queued',
        dataset: record.datasetId,
        version: record.version,
        status: `${deps.publicBaseUrl}/v1/query-jobs/${jobId}`,
      },
    };
  }
  const { request, compiled, params } = compileFor('duckdb', record, input);
  const cacheKey = `${record.datasetId}@${record.version}|${compiled.sql}|${JSON.stringify(compiled.params)}`;
  const cached = cache.get(cacheKey);
  let paged = cached;
  if (!paged) {
    const result = await deps.queryEngine.run({ data: table }, compiled, { timeoutMs: deps.queryTimeoutMs });
    paged = toPagedAnswer(record, request, compiled, result.rows, result.stoppedBySize);
  }
  // The count, unless the client leaves it out (`$$total=false`); a cached answer gets it when asked.
  if (paged.answer.total === null && request.total !== false) {
    const total = await countAnswered(deps, record, table, compiled);
    if (total !== null) paged = { ...paged, answer: { ...paged.answer, total } };
  }
  // Stored once, when new or newly counted (its size is the rows' JSON: measured once).
  if (paged !== cached) cache.set(cacheKey, paged, JSON.stringify(paged.answer.rows).length);
  return { answer: withNext(deps.publicBaseUrl, paged, params), pinned };
}

/**
 * A parameter of the request that the handler or the version lookup needs before the query is parsed
 * (`version`, `format`): the URL's or a POST body's (one value if both give it), and where it is.
 */
export function requestParam(
  input: QueryInput,
  name: 'version' | 'format',
): { value: string | undefined; where: string } {
  return locatedParam(name, input.params, input.body ?? {});
}

/**
 * Parses and compiles a client's query for one engine. Deterministic: the jobs use case compiles a
 * finished job's query again to read its rows (cursor columns, page size) exactly as they were written.
 * The query is the URL's parameters; a POST's body's and its URL's together (`mergePostParams`: a
 * name given in both must have one value; the URL's position, `cursor` or `$offset` as in a `next`
 * link, replaces the body's). `params` are what the answer's `next` link carries.
 */
export function compileFor(
  dialect: 'duckdb' | 'athena',
  record: VersionRecord,
  input: QueryInput,
): { request: QueryRequest; compiled: CompiledQuery; params: Record<string, string | undefined> } {
  const names = new Set(record.fields.map((f) => f.name));
  const posted = input.body !== undefined;
  // Aliases are read on each side first, so that a body's `limit` and its `next` link's `$limit` agree.
  const query = input.body
    ? mergePostParams(withAliases(input.params, names), withAliases(input.body, names))
    : withAliases(input.params, names);
  const request = parseQueryParams(query, record.fields, record.primaryKey, { reserved: ['format'], posted });
  const compiled =
    dialect === 'athena'
      ? compileAthena(request, record.fields, { primaryKey: record.primaryKey })
      : compileDuckDb(request, record.fields, { primaryKey: record.primaryKey, searchColumn: SEARCH_COLUMN });
  return { request, compiled, params: posted ? linkedPost(query) : query };
}

/** Convenience aliases `limit` / `offset` (as in the thin slice) when no column has that name. */
function withAliases(
  params: Readonly<Record<string, string | undefined>>,
  names: ReadonlySet<string>,
): Record<string, string | undefined> {
  const query = { ...params };
  for (const alias of ['limit', 'offset'] as const) {
    if (query[alias] !== undefined && !names.has(alias) && query[`$${alias}`] === undefined) {
      query[`$${alias}`] = query[alias];
      delete query[alias];
    }
  }
  return query;
}

/** What the `next` link of a POST carries: its query when short enough for a URL, else its format. */
function linkedPost(query: Record<string, string | undefined>) {
  const { cursor: _cursor, $offset: _offset, ...rest } = query;
  const length = new URLSearchParams(definedEntries(rest)).toString().length;
  if (length <= MAX_LINKED_QUERY_LENGTH) return rest;
  return query.format !== undefined ? { format: query.format } : {};
}

const definedEntries = (params: Record<string, string | undefined>): [string, string][] =>
  Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);

/**
 * One page of rows (as the engine returned them: one look-ahead row, hidden cursor columns, read up to
 * the size: `stoppedBySize`) as an answer.
 */
export function toAnswer(
  publicBaseUrl: string,
  record: VersionRecord,
  request: QueryRequest,
  compiled: CompiledQuery,
  params: Record<string, string | undefined>,
  rows: readonly (readonly unknown[])[],
  stoppedBySize = false,
): QueryAnswer {
  return withNext(publicBaseUrl, toPagedAnswer(record, request, compiled, rows, stoppedBySize), params);
}

function toPagedAnswer(
  record: VersionRecord,
  request: QueryRequest,
  compiled: CompiledQuery,
  rows: readonly (readonly unknown[])[],
  stoppedBySize = false,
): PagedAnswer {
  const page = toPage(compiled, rows, stoppedBySize);
  // A page holding the last row, reached by offset from the first, tells the total itself (an empty page
  // past the end does not: the offset may overshoot it).
  const last =
    !page.truncated && request.cursor === null && (compiled.offset === 0 || page.rows.length > 0)
      ? compiled.offset + page.rows.length
      : null;
  const unfiltered =
    !request.distinct &&
    !request.where &&
    request.search.length === 0 &&
    request.filters.length === 0 &&
    request.group.length === 0 &&
    !request.having &&
    !isAggregate(compiled);
  return {
    answer: {
      dataset: record.datasetId,
      version: record.version,
      columns: compiled.columns.map((c) => ({ name: c.name, type: c.type })),
      rows: page.rows,
      truncated: page.truncated,
      total: unfiltered ? record.rowCount : last,
    },
    page: { nextCursor: page.nextCursor, nextOffset: page.nextOffset },
  };
}

function withNext(
  base: string,
  { answer, page }: PagedAnswer,
  params: Record<string, string | undefined>,
): QueryAnswer {
  return {
    ...answer,
    next: answer.truncated ? nextLink(base, answer.dataset, answer.version, params, page) : null,
  };
}

/**
 * The number of rows a query answers over all its pages (its `count` SQL), counted once per version and
 * query in this container: a client paging through a filter pays for one count, on its first page.
 */
async function countAnswered(
  deps: Deps,
  record: VersionRecord,
  table: TableRef,
  compiled: CompiledQuery,
): Promise<number | null> {
  const key = `${record.datasetId}@${record.version}|${compiled.count.sql}|${JSON.stringify(compiled.count.params)}`;
  const known = totals.get(key);
  if (known !== undefined) return known;
  // A `$q` count reads the search column as the page did.
  const sql = { ...compiled.count, ...(compiled.readsSearchColumn ? { readsSearchColumn: true } : {}) };
  try {
    const result = await deps.queryEngine.run({ data: table }, sql, { timeoutMs: deps.queryTimeoutMs });
    const total = Number(result.rows[0]?.[0] ?? 0);
    totals.set(key, total, key.length);
    return total;
  } catch (e) {
    // The page is answered: a count that ran out of time leaves `total` null rather than failing it.
    if (isAppError(e) && e.status === 408) return null;
    throw e;
  }
}

function isAggregate(compiled: { pagination: string }): boolean {
  return compiled.pagination === 'single';
}

/** The request's own parameters with the position replaced: the cursor, or the next `$offset`. */
function nextLink(
  base: string,
  id: string,
  version: number,
  params: Record<string, string | undefined>,
  page: Pick<Page, 'nextCursor' | 'nextOffset'>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of definedEntries(params)) {
    // `$offset` goes in every case: the next page starts at the cursor (never both) or at the next offset.
    if (k !== 'cursor' && k !== 'version' && k !== '$offset') q.set(k, v);
  }
  q.set('version', String(version));
  if (page.nextCursor) q.set('cursor', page.nextCursor);
  else if (page.nextOffset !== null) q.set('$offset', String(page.nextOffset));
  return `${base}/v1/datasets/${encodeURIComponent(id)}/query?${q.toString()}`;
}
