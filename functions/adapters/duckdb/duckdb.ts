import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

export interface DuckDbSession {
  readonly connection: DuckDBConnection;
  /** Another connection to the same database (e.g. writers running side by side); the caller closes it. */
  connect(): Promise<DuckDBConnection>;
  /** Runs a statement. */
  run(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<void>;
  /** Runs a query and returns rows as JSON-safe objects (BIGINT as text, dates as ISO text). */
  rows<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  close(): void;
}

export interface DuckDbOptions {
  /** Spill directory for big sorts and joins. */
  readonly tempDirectory?: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
}

/**
 * Optimizers that break DuckDB's documented promise to keep insertion order through WHERE and LIMIT:
 * `in_clause` rewrites an IN list of six or more values into a join, which reorders rows past one
 * row group. The pipeline publishes rows in source order and file-order query pages rely on it, so
 * every DuckDB of the platform runs without them.
 */
export const ORDER_BREAKING_OPTIMIZERS = 'in_clause';

/** Opens an in-memory DuckDB for one job (a release, a query). */
export async function openDuckDb(options: DuckDbOptions = {}): Promise<DuckDbSession> {
  const config: Record<string, string> = { disabled_optimizers: ORDER_BREAKING_OPTIMIZERS };
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  return {
    connection,
    connect: () => instance.connect(),
    run: async (sql, params) => {
      const has = Array.isArray(params) ? params.length > 0 : params !== undefined && Object.keys(params).length > 0;
      if (has) await connection.run(sql, params);
      else await connection.run(sql);
    },
    rows: async <T>(sql: string, params?: DuckDBValue[]) => {
      const reader = params?.length ? await connection.runAndReadAll(sql, params) : await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Reads a scalar number from a one-row query. */
export async function scalar(db: DuckDbSession, sql: string, params?: DuckDBValue[]): Promise<number> {
  const r = await db.rows<Record<string, unknown>>(sql, params);
  const v = r[0] ? Object.values(r[0])[0] : 0;
  return Number(v ?? 0);
}
