import { mkdir } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { queryTimeout } from '../../core/errors.ts';
import { quoteIdent, quoteLiteral } from '../../core/validation/cast-sql.ts';
import type { CompiledSql, QueryEngine, QueryOptions, QueryResult, TableRef } from '../../ports/query-engine.ts';
import { runUntrustedSelect } from './run-untrusted-select.ts';
import { toSqlProblem } from './sql-error.ts';

/** Gives a local file path for a version's Parquet (the file itself locally; a /tmp copy on Lambda). */
export type ParquetResolver = (ref: TableRef) => Promise<string>;

/**
 * QueryEngine on DuckDB over published Parquet, locked down for untrusted queries: the instance may
 * only read `allowedDirectories`, external access is off and the configuration is locked, so
 * queries cannot read other files, ATTACH, INSTALL, LOAD or SET. A timer interrupts slow queries.
 */
export class DuckDbQueryEngine implements QueryEngine {
  private instance?: Promise<DuckDBInstance>;
  readonly options: {
    resolve: ParquetResolver;
    allowedDirectories: string[];
    tempDirectory: string;
    memoryLimit?: string;
    threads?: number;
  };
  constructor(options: DuckDbQueryEngine['options']) {
    this.options = options;
  }

  private async db(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      await mkdir(this.options.tempDirectory, { recursive: true });
      const inst = await DuckDBInstance.create(':memory:', {
        temp_directory: this.options.tempDirectory,
        memory_limit: this.options.memoryLimit ?? '1GB',
        threads: String(this.options.threads ?? 2),
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
      const c = await inst.connect();
      const dirs = this.options.allowedDirectories.map((d) => quoteLiteral(d.endsWith('/') ? d : `${d}/`)).join(', ');
      await c.run(`SET allowed_directories = [${dirs}]`);
      await c.run('SET enable_external_access = false');
      await c.run('SET lock_configuration = true');
      c.closeSync();
      return inst;
    })();
    return this.instance;
  }

  async run(
    tables: Readonly<Record<string, TableRef>>,
    query: CompiledSql,
    options: QueryOptions,
  ): Promise<QueryResult> {
    const db = await this.db();
    const conn = await db.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, options.timeoutMs);
    try {
      for (const [name, ref] of Object.entries(tables)) {
        const path = await this.options.resolve(ref);
        await conn.run(
          `CREATE OR REPLACE TEMP VIEW ${quoteIdent(name)} AS SELECT * FROM read_parquet(${quoteLiteral(path)}, file_row_number = ${options.untrusted ? 'false' : 'true'})`,
        );
      }
      const reader = options.untrusted
        ? await runUntrustedSelect(conn, query.sql, options.maxRows)
        : query.params.length
          ? await conn.runAndReadAll(query.sql, [...query.params])
          : await conn.runAndReadAll(query.sql);
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => t.toString());
      const all = reader.getRowsJson();
      const rows = (options.maxRows === undefined ? all : all.slice(0, options.maxRows)).map((r) =>
        r.map((v, i) => toJsonValue(v, types[i] ?? '')),
      );
      return { columns: names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' })), rows };
    } catch (e) {
      if (timedOut) {
        throw queryTimeout({
          detail: `the query ran longer than ${options.timeoutMs} ms and was stopped`,
          hint: 'add filters or a smaller $limit, or download the full file instead',
        });
      }
      throw options.untrusted ? toSqlProblem(e) : e;
    } finally {
      clearTimeout(timer);
      conn.closeSync();
    }
  }
}

/** BIGINT/HUGEINT arrive as text from getRowsJson: numbers that fit exactly become numbers. */
function toJsonValue(v: unknown, type: string): unknown {
  if (typeof v === 'string' && /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)$/.test(type)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  return v;
}
