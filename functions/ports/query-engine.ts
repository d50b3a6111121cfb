/** A published version's table, as the engine sees it. */
export interface TableRef {
  readonly datasetId: string;
  readonly version: number;
  /** Storage key of the version's Parquet artifact. */
  readonly parquetKey: string;
  /** Content hash of that artifact: versions are immutable, so caches key on it. */
  readonly sha256: string;
  readonly bytes: number;
  /**
   * The version's `string` fields. For trusted (compiled) queries the engine's `data` then also has
   * SEARCH_COLUMN: their lower-cased text joined by spaces, which `$q` searches.
   */
  readonly textColumns?: readonly string[];
}

/** The search column compiled `$q` queries read on engines that provide it (DuckDB). */
export const SEARCH_COLUMN = '__search';

/** SQL produced by the core compiler: parameterized, reads the table named `data`. */
export interface CompiledSql {
  readonly sql: string;
  readonly params: readonly (string | number | boolean | null)[];
  /** The SQL reads SEARCH_COLUMN (a compiled `$q`): the engine provides the column before running it. */
  readonly readsSearchColumn?: boolean;
}

export interface ResultColumn {
  readonly name: string;
  /** DuckDB logical type name, e.g. VARCHAR, BIGINT, DOUBLE, DATE. */
  readonly type: string;
}

export interface QueryResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly unknown[])[];
  /**
   * The engine stopped reading before the end of the result because the rows read passed one answer's
   * size (core/query/page-bytes.ts): more rows exist, whatever the row limit says.
   */
  readonly stoppedBySize?: boolean;
}

export interface QueryOptions {
  readonly timeoutMs: number;
  /**
   * The SQL is a client's (POST /v1/sql), not compiled by the core: run it only when the engine's
   * own parser sees exactly one SELECT statement, and report its errors as 400 problems that show
   * no internals.
   */
  readonly untrusted?: boolean;
  /** Return at most this many rows; the rest of the result is never read. */
  readonly maxRows?: number;
}

/**
 * Runs compiled queries against published Parquet (DuckDB locally and in Lambda; Athena for datasets
 * too large for one function). `tables` maps each table name used in the SQL to its version.
 */
export interface QueryEngine {
  run(tables: Readonly<Record<string, TableRef>>, query: CompiledSql, options: QueryOptions): Promise<QueryResult>;
}
