import type { VersionRecord } from '../core/catalog/schema.ts';
import { compileAthena } from '../core/query/compile-athena.ts';
import { compileDuckDb } from '../core/query/compile-duckdb.ts';
import { toPage } from '../core/query/page-result.ts';
import { parseQueryBody, parseQueryParams } from '../core/query/parse-query-params.ts';
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
  /** Exact number of rows of the version (precomputed at publish), for unfiltered queries. */
  readonly total: number | null;
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
    textColumns: record.fields.filter((f) => f.type === 'string').map((f) => f.name),
  };
}

/** Answers of version-pinned queries never change: cache them in memory (per container). */
const cache = new LruCache<QueryAnswer>(500, 64 * 1024 * 1024);

/** A query of a large version was handed to the asynchronous engine: poll `status` for its result. */
export interface QueryJobAccepted {
  readonly jobId: string;
  readonly state: 'queued';
  readonly dataset: string;
  readonly version: number;
  /** GET this URL until `state` is `succeeded` (then it links the `result`) or `failed`. */
  readonly status: string;
}

export type QueryOutcome = { answer: QueryAnswer; pinned: boolean } | { job: QueryJobAccepted };

/**
 * GET|POST /v1/datasets/{id}/query: SoQL parameters parsed into an AST, compiled to parameterized
 * DuckDB SQL over the version's Parquet, paginated by keyset cursor (or offset). A version whose
 * Parquet is larger than the jobs threshold (ATHENA_THRESHOLD_BYTES) is too large for one function:
 * the same AST is compiled for the asynchronous engine (Athena) and the caller gets a job to poll.
 */
export async function queryDataset(
  deps: Deps,
  id: string,
  input: { params: Record<string, string | undefined>; body?: unknown },
): Promise<QueryOutcome> {
  const { record, pinned } = await resolveVersion(deps, id, input.params.version ?? 'latest');
  const table = tableRefOf(record);
  const jobs = deps.queryJobs;
  if (jobs && table.bytes > jobs.thresholdBytes) {
    // Compiled now so an invalid query is a 400 at once rather than a failed job later.
    const { compiled } = compileFor(jobs.jobs.dialect, record, input);
    const params = Object.fromEntries(
      Object.entries(input.params).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const body = input.body as Record<string, unknown> | undefined;
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
  const hit = cache.get(cacheKey);
  if (hit) return { answer: hit, pinned };

  const result = await deps.queryEngine.run({ data: table }, compiled, { timeoutMs: deps.queryTimeoutMs });
  const answer = toAnswer(deps.publicBaseUrl, record, request, compiled, params, result.rows);
  cache.set(cacheKey, answer, JSON.stringify(answer.rows).length);
  return { answer, pinned };
}

/**
 * Parses and compiles a client's query for one engine. Deterministic: the jobs use case compiles a
 * finished job's query again to read its rows (cursor columns, page size) exactly as they were written.
 */
export function compileFor(
  dialect: 'duckdb' | 'athena',
  record: VersionRecord,
  input: { params: Readonly<Record<string, string | undefined>>; body?: unknown },
): { request: QueryRequest; compiled: CompiledQuery; params: Record<string, string | undefined> } {
  const params = { ...input.params };
  const names = new Set(record.fields.map((f) => f.name));
  // Convenience aliases `limit` / `offset` (as in the thin slice) when no column has that name.
  for (const alias of ['limit', 'offset'] as const) {
    if (params[alias] !== undefined && !names.has(alias) && params[`$${alias}`] === undefined) {
      params[`$${alias}`] = params[alias];
      delete params[alias];
    }
  }
  const reserved = ['format'];
  const request =
    input.body !== undefined
      ? parseQueryBody(input.body, record.fields, record.primaryKey, { reserved })
      : parseQueryParams(params, record.fields, record.primaryKey, { reserved });
  const compiled =
    dialect === 'athena'
      ? compileAthena(request, record.fields, { primaryKey: record.primaryKey })
      : compileDuckDb(request, record.fields, { primaryKey: record.primaryKey, searchColumn: SEARCH_COLUMN });
  return { request, compiled, params };
}

/** One page of rows (as the engine returned them: one look-ahead row, hidden cursor columns) as an answer. */
export function toAnswer(
  publicBaseUrl: string,
  record: VersionRecord,
  request: QueryRequest,
  compiled: CompiledQuery,
  params: Record<string, string | undefined>,
  rows: readonly (readonly unknown[])[],
): QueryAnswer {
  const page = toPage(compiled, rows);
  const unfiltered =
    !request.where &&
    request.search.length === 0 &&
    request.filters.length === 0 &&
    request.group.length === 0 &&
    !request.having &&
    !isAggregate(compiled);
  return {
    dataset: record.datasetId,
    version: record.version,
    columns: compiled.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: page.rows,
    truncated: page.truncated,
    total: unfiltered ? record.rowCount : null,
    next: page.truncated ? nextLink(publicBaseUrl, record.datasetId, record.version, params, page) : null,
  };
}

function isAggregate(compiled: { pagination: string }): boolean {
  return compiled.pagination === 'single';
}

function nextLink(
  base: string,
  id: string,
  version: number,
  params: Record<string, string | undefined>,
  page: { nextCursor: string | null; nextOffset: number | null },
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || k === 'cursor' || k === 'version' || (page.nextOffset !== null && k === '$offset')) continue;
    q.set(k, v);
  }
  q.set('version', String(version));
  if (page.nextCursor) q.set('cursor', page.nextCursor);
  else if (page.nextOffset !== null) q.set('$offset', String(page.nextOffset));
  return `${base}/v1/datasets/${encodeURIComponent(id)}/query?${q.toString()}`;
}
