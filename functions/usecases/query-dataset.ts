import type { VersionRecord } from '../core/catalog/schema.ts';
import { compileDuckDb } from '../core/query/compile-duckdb.ts';
import { toPage } from '../core/query/page-result.ts';
import { parseQueryBody, parseQueryParams } from '../core/query/parse-query-params.ts';
import type { TableRef } from '../ports/query-engine.ts';
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
  };
}

/** Answers of version-pinned queries never change: cache them in memory (per container). */
const cache = new LruCache<QueryAnswer>(500, 64 * 1024 * 1024);

/**
 * GET|POST /v1/datasets/{id}/query: SoQL parameters parsed into an AST, compiled to parameterized
 * DuckDB SQL over the version's Parquet, paginated by keyset cursor (or offset).
 */
export async function queryDataset(
  deps: Deps,
  id: string,
  input: { params: Record<string, string | undefined>; body?: unknown },
): Promise<{ answer: QueryAnswer; pinned: boolean }> {
  const params = { ...input.params };
  const { record, pinned } = await resolveVersion(deps, id, params.version ?? 'latest');
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
  const compiled = compileDuckDb(request, record.fields, { primaryKey: record.primaryKey });
  const cacheKey = `${record.datasetId}@${record.version}|${compiled.sql}|${JSON.stringify(compiled.params)}`;
  const hit = cache.get(cacheKey);
  if (hit) return { answer: hit, pinned };

  const result = await deps.queryEngine.run({ data: tableRefOf(record) }, compiled, { timeoutMs: deps.queryTimeoutMs });
  const page = toPage(compiled, result.rows);
  const unfiltered =
    !request.where &&
    request.search.length === 0 &&
    request.filters.length === 0 &&
    request.group.length === 0 &&
    !request.having &&
    !isAggregate(compiled);
  const answer: QueryAnswer = {
    dataset: record.datasetId,
    version: record.version,
    columns: compiled.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: page.rows,
    truncated: page.truncated,
    total: unfiltered ? record.rowCount : null,
    next: page.truncated ? nextLink(deps.publicBaseUrl, id, record.version, params, page) : null,
  };
  cache.set(cacheKey, answer, JSON.stringify(answer.rows).length);
  return { answer, pinned };
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
