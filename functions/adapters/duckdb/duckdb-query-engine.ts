import { mkdir } from 'node:fs/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { queryTimeout } from '../../core/errors.ts';
import { MAX_PAGE_BYTES } from '../../core/query/page-bytes.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.ts';
import {
  type CompiledSql,
  type QueryEngine,
  type QueryOptions,
  type QueryResult,
  SEARCH_COLUMN,
  type TableRef,
} from '../../ports/query-engine.ts';
import { ORDER_BREAKING_OPTIMIZERS } from './duckdb.ts';
import { readRowsWithin } from './read-rows.ts';
import { runUntrustedSelect } from './run-untrusted-select.ts';
import { toQueryRunProblem, toSqlProblem } from './sql-error.ts';

/**
 * Gives a local file path for a version's Parquet: the file itself locally, or a /tmp copy on Lambda,
 * held until the engine releases it when the query that asked for it is done (a copy may be deleted to
 * make room only when no query holds it). A cached in-memory table does not need its file once loaded.
 */
export type ParquetResolver = (ref: TableRef) => Promise<string | HeldParquetFile>;

export interface HeldParquetFile {
  readonly path: string;
  release(): void;
}

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
    /**
     * Versions whose Parquet is at most this size are loaded once into an in-memory table (versions
     * are immutable: keyed by content hash) so repeated queries skip Parquet decoding; 0 disables.
     * Default: 1/16 of the memory limit (in-memory columns take a few times the Parquet size).
     */
    cacheMaxParquetBytes?: number;
  };
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * Numbers each load's table: an evicted table is dropped after the entry leaves the map, and a
   * reload of the same version in that gap must not find (and then lose) the table being dropped.
   */
  private loads = 0;
  /** A checkpoint failed (a write met older reads): compression waits for the next one. */
  private checkpointOwed = false;
  private pendingCheckpoint: Promise<void> = Promise.resolve();
  /**
   * Idle connections whose views already name cached tables, by binding (`data=v_…`): a trusted
   * query on a cached version skips connecting and re-creating its views (~0.4 ms of a 1 ms answer).
   */
  private readonly idle = new Map<string, DuckDBConnection[]>();
  constructor(options: DuckDbQueryEngine['options']) {
    this.options = options;
  }

  private cacheBudget(): number {
    return this.options.cacheMaxParquetBytes ?? Math.floor(parseBytes(this.options.memoryLimit ?? '1GB') / 16);
  }

  /**
   * The in-memory table of a version, loaded on first use on its own connection (so a query's time
   * limit never interrupts a load). Least recently used tables are dropped beyond the budget, never
   * one a running query holds: the caller holds the entry (`users`) until its query is done. The
   * table has the version's columns and row numbers; SEARCH_COLUMN is added by `withSearchColumn`.
   */
  private async cachedTable(db: DuckDBInstance, ref: TableRef, path: string): Promise<CacheEntry | undefined> {
    const budget = this.cacheBudget();
    if (budget <= 0 || ref.bytes > budget) return undefined;
    let entry = this.cache.get(ref.sha256);
    if (!entry) {
      const table = `${CACHE_DB}.${quoteIdent(`v_${ref.sha256.slice(0, 32)}_${++this.loads}`)}`;
      const ready = (async () => {
        const c = await db.connect();
        try {
          await c.run(`CREATE TABLE ${table} AS ${parquetSource(path)}`);
          this.owe(!(await checkpoint(c)));
        } finally {
          c.closeSync();
        }
      })();
      entry = { table, bytes: ref.bytes, ready, used: Date.now(), users: 0 };
      this.cache.set(ref.sha256, entry);
      ready.catch(() => this.cache.delete(ref.sha256));
      entry.users++;
      await this.evict(db, budget);
    } else {
      entry.users++;
    }
    entry.used = Date.now();
    try {
      await entry.ready;
    } catch (e) {
      entry.users--;
      throw e;
    }
    return entry;
  }

  /**
   * Adds SEARCH_COLUMN to a held cached table, once: the first query that reads it builds it and any
   * other waits for that build. Versions never searched never pay for it (~80 ms per 1M rows).
   * ALTER + UPDATE in one transaction (half the cost of re-creating the table, measured) keeps the
   * table's name, so queries already running keep their snapshot, idle connections' `SELECT *` views
   * see the column from their next query, and a failed build leaves no half-filled column (the next
   * `$q` query tries again). The entry then counts the copied text too, so others may be evicted.
   */
  private async withSearchColumn(db: DuckDBInstance, entry: CacheEntry, ref: TableRef, path: string): Promise<void> {
    const search = searchText(ref);
    if (!search) return;
    if (entry.search) return entry.search;
    const build = (async () => {
      const c = await db.connect();
      try {
        const bytes = await parquetBytesOf(c, path, ref.textColumns ?? []);
        await addSearchColumn(c, entry.table, search);
        entry.bytes += bytes;
        this.owe(!(await checkpoint(c)));
      } finally {
        c.closeSync();
      }
    })();
    entry.search = build;
    build.catch(() => {
      if (entry.search === build) entry.search = undefined;
    });
    await build;
    await this.evict(db, this.cacheBudget()); // the entry grew
  }

  private async evict(db: DuckDBInstance, budget: number): Promise<void> {
    let total = [...this.cache.values()].reduce((n, e) => n + e.bytes, 0);
    // Tables in use (loading or being queried) stay; the budget may be exceeded until they are free.
    const victims = [...this.cache.entries()].filter(([, e]) => e.users === 0).sort((a, b) => a[1].used - b[1].used);
    for (const [key, e] of victims) {
      if (total <= budget) break;
      this.cache.delete(key);
      total -= e.bytes;
      this.closeIdle((binding) => binding.includes(`=${e.table}`));
      const c = await db.connect();
      try {
        await e.ready.catch(() => {});
        await c.run(`DROP TABLE IF EXISTS ${e.table}`);
        this.owe(!(await checkpoint(c))); // frees the dropped table's blocks
      } catch {
        // A query still reading it keeps its snapshot; the table goes when it can.
      } finally {
        c.closeSync();
      }
    }
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
      // Cached versions live in a compressed in-memory database: once checkpointed, text is
      // dictionary/FSST-encoded and numbers bit-packed, and scans run 2–3× faster than over plain
      // in-memory columns (flights-3m: equality 11 → 4 ms, group-by 52 → 20 ms; measured).
      await c.run(`ATTACH ':memory:' AS ${CACHE_DB} (COMPRESS)`);
      const dirs = this.options.allowedDirectories.map((d) => quoteLiteral(d.endsWith('/') ? d : `${d}/`)).join(', ');
      await c.run(`SET allowed_directories = [${dirs}]`);
      await c.run('SET enable_external_access = false');
      // Order-breaking rewrites off (see duckdb.ts). Late materialization (a rowid semi-join under every
      // `SELECT * … LIMIT`) doubles the time of a 100-row page on an in-memory table (1.3 → 3.2 ms
      // measured) and never helps our page shapes.
      await c.run(`SET disabled_optimizers = '${ORDER_BREAKING_OPTIMIZERS},late_materialization'`);
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
    const held: CacheEntry[] = [];
    const files: HeldParquetFile[] = [];
    try {
      return await this.runHolding(db, tables, query, options, held, files);
    } finally {
      for (const e of held) e.users--;
      for (const f of files) f.release();
      if (this.checkpointOwed && [...this.cache.values()].every((e) => e.users === 0)) {
        this.checkpointOwed = false;
        this.pendingCheckpoint = this.retryCheckpoint(db);
      }
    }
  }

  /** Records a checkpoint that could not run (see `checkpoint`). */
  private owe(failed: boolean): void {
    if (failed) this.checkpointOwed = true;
  }

  /** The owed checkpoint, once no query holds a table (a read that began before a write blocks it). */
  private async retryCheckpoint(db: DuckDBInstance): Promise<void> {
    const c = await db.connect();
    try {
      this.owe(!(await checkpoint(c)));
    } finally {
      c.closeSync();
    }
  }

  /** Test hook: resolves when a checkpoint retried after queries is done. */
  settled(): Promise<void> {
    return this.pendingCheckpoint;
  }

  private async runHolding(
    db: DuckDBInstance,
    tables: Readonly<Record<string, TableRef>>,
    query: CompiledSql,
    options: QueryOptions,
    held: CacheEntry[],
    files: HeldParquetFile[],
  ): Promise<QueryResult> {
    // Only compiled `$q` queries read the search column; a client's SQL never sees it.
    const searches = !options.untrusted && query.readsSearchColumn === true;
    const sources: Array<[name: string, source: string, cached: string | undefined]> = [];
    for (const [name, ref] of Object.entries(tables)) {
      const file = await this.options.resolve(ref);
      if (typeof file !== 'string') files.push(file);
      const path = typeof file === 'string' ? file : file.path;
      const entry = await this.cachedTable(db, ref, path);
      if (entry) {
        held.push(entry);
        if (searches) await this.withSearchColumn(db, entry, ref, path);
      }
      const cached = entry?.table;
      const source = cached
        ? options.untrusted
          ? `SELECT ${VISIBLE_COLUMNS} FROM ${cached}`
          : `SELECT * FROM ${cached}`
        : options.untrusted
          ? `SELECT * FROM read_parquet(${quoteLiteral(path)}, file_row_number = false)`
          : trustedSource(ref, path);
      sources.push([name, source, cached]);
    }
    // Only trusted (compiled) queries over cached tables reuse connections: untrusted SQL gets a
    // fresh connection every time, so nothing it did can outlive it.
    const binding =
      !options.untrusted && sources.every((s) => s[2] !== undefined)
        ? sources.map(([name, , cached]) => `${name}=${cached}`).join('&')
        : undefined;
    const pooled = binding ? this.idle.get(binding)?.pop() : undefined;
    const conn = pooled ?? (await db.connect());
    let timedOut = false;
    let reusable = binding !== undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, options.timeoutMs);
    try {
      if (!pooled) {
        for (const [name, source] of sources) {
          await conn.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(name)} AS ${source}`);
        }
      }
      // A client's SQL is streamed (it may have no end); a compiled query has its LIMIT and is read
      // materialized, which is faster for pages (~0.7 ms of a 10 ms lookup).
      const result = options.untrusted
        ? await runUntrustedSelect(conn, query.sql)
        : query.params.length
          ? await conn.run(query.sql, [...query.params])
          : await conn.run(query.sql);
      // Rows are read up to the row limit and up to one answer's size (page-bytes.ts), never beyond.
      const read = await readRowsWithin(result, { maxRows: options.maxRows, maxBytes: MAX_PAGE_BYTES });
      const { names, types, rows } = read;
      return {
        columns: names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' })),
        rows,
        stoppedBySize: read.stoppedBySize,
      };
    } catch (e) {
      reusable = false;
      if (timedOut) {
        throw queryTimeout({
          detail: `the query ran longer than ${options.timeoutMs} ms and was stopped`,
          hint: 'add filters or a smaller $limit, or download the full file instead',
          zh: {
            detail: `查询运行超过 ${options.timeoutMs} 毫秒，已被终止`,
            hint: '请增加筛选条件或减小 $limit，或改为下载完整文件',
          },
        });
      }
      throw options.untrusted ? toSqlProblem(e) : toQueryRunProblem(e);
    } finally {
      clearTimeout(timer);
      if (reusable && !timedOut && binding && this.stillCached(sources)) this.release(binding, conn);
      else conn.closeSync();
    }
  }

  /** Every table a binding names is still cached (an eviction may have dropped one meanwhile). */
  private stillCached(sources: ReadonlyArray<readonly [string, string, string | undefined]>): boolean {
    const live = new Set([...this.cache.values()].map((e) => e.table));
    return sources.every(([, , cached]) => cached !== undefined && live.has(cached));
  }

  private release(binding: string, conn: DuckDBConnection): void {
    const list = this.idle.get(binding) ?? [];
    if (list.length >= MAX_IDLE_PER_BINDING) {
      conn.closeSync();
      return;
    }
    list.push(conn);
    this.idle.set(binding, list);
  }

  private closeIdle(matches: (binding: string) => boolean): void {
    for (const [binding, list] of this.idle) {
      if (!matches(binding)) continue;
      this.idle.delete(binding);
      for (const c of list) c.closeSync();
    }
  }
}

interface CacheEntry {
  /** Qualified, quoted name of the version's table in the cache database. */
  readonly table: string;
  /** Counted against the budget: the Parquet size, plus its text columns' once SEARCH_COLUMN is built. */
  bytes: number;
  readonly ready: Promise<void>;
  /** The build of SEARCH_COLUMN, started by the first query that reads it (see `withSearchColumn`). */
  search?: Promise<void>;
  used: number;
  /** Queries holding the table (loading or running): it is never evicted while above 0. */
  users: number;
}

/** The attached compressed in-memory database holding cached versions. */
const CACHE_DB = 'version_cache';

/**
 * Compresses what was written to the cache database. It runs beside reading queries; if another
 * load is writing at that moment it fails, and the next load's or eviction's checkpoint compresses
 * both (until then the table is served uncompressed, with the same answers).
 */
async function checkpoint(c: DuckDBConnection): Promise<boolean> {
  try {
    await c.run(`CHECKPOINT ${CACHE_DB}`);
    return true;
  } catch {
    // See above: a later checkpoint does it (the engine retries once no query holds a table).
    return false;
  }
}

/** Idle connections kept per binding: about the concurrency one container sees on one version. */
const MAX_IDLE_PER_BINDING = 8;

/**
 * What client SQL sees of a cached table: every column but the engine's own. Chosen by name each
 * time the view is bound, so SEARCH_COLUMN stays hidden even when it is added after the view was made
 * (`* EXCLUDE (…)` would fail before it exists and show it after).
 */
const VISIBLE_COLUMNS = `COLUMNS(lambda c: c NOT IN (${['file_row_number', SEARCH_COLUMN].map(quoteLiteral).join(', ')}))`;

/** A version's columns and its row numbers (`file_row_number`: the keyset tiebreak and file order). */
function parquetSource(path: string): string {
  return `SELECT * FROM read_parquet(${quoteLiteral(path)}, file_row_number = true)`;
}

/**
 * What compiled queries see as `data` of an uncached version: its columns, row numbers and, when it
 * has text fields, SEARCH_COLUMN for `$q` (a view: computed only by queries that read it).
 */
function trustedSource(ref: TableRef, path: string): string {
  const search = searchText(ref);
  return `SELECT *${search ? `, ${search} AS ${quoteIdent(SEARCH_COLUMN)}` : ''} FROM read_parquet(${quoteLiteral(path)}, file_row_number = true)`;
}

/** Adds and fills SEARCH_COLUMN in one transaction: a failure leaves no half-filled column. */
async function addSearchColumn(c: DuckDBConnection, table: string, search: string): Promise<void> {
  const column = quoteIdent(SEARCH_COLUMN);
  await c.run('BEGIN TRANSACTION');
  try {
    await c.run(`ALTER TABLE ${table} ADD COLUMN ${column} VARCHAR`);
    await c.run(`UPDATE ${table} SET ${column} = ${search}`);
    await c.run('COMMIT');
  } catch (e) {
    await c.run('ROLLBACK').catch(() => {});
    throw e;
  }
}

/**
 * The compressed Parquet bytes of some columns: what a cached copy of them is counted as (the budget
 * is in Parquet bytes; a copy of the text, lower-cased, compresses about as well).
 */
async function parquetBytesOf(c: DuckDBConnection, path: string, columns: readonly string[]): Promise<number> {
  if (!columns.length) return 0;
  const reader = await c.runAndReadAll(
    `SELECT coalesce(sum(total_compressed_size), 0)::DOUBLE FROM parquet_metadata(${quoteLiteral(path)}) WHERE path_in_schema IN (${columns.map(quoteLiteral).join(', ')})`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** The lower-cased text of the version's string fields joined by spaces (NULLs skipped), or null. */
function searchText(ref: TableRef): string | null {
  const columns = ref.textColumns ?? [];
  return columns.length ? `lower(concat_ws(' ', ${columns.map(quoteIdent).join(', ')}))` : null;
}

/** DuckDB-style sizes ("1GB", "512MB", "2GiB") in bytes. */
function parseBytes(text: string): number {
  const m = /^\s*([\d.]+)\s*([KMGT]?I?B)?\s*$/i.exec(text);
  if (!m) return 1024 ** 3;
  const unit = (m[2] ?? 'B').toUpperCase().replace('I', '');
  const pow = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4 }[unit] ?? 0;
  return Number(m[1]) * 1000 ** pow;
}
