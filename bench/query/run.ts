/**
 * Query benchmark (issue 5, section 8): `npm run bench:query [-- --iterations 20 --load-seconds 20 --no-write]`.
 *
 * Publishes vega-datasets flights-3m.parquet (datasets/us-flights-3m) through the real platform in a
 * child process, then on loopback measures p50/p95 of four query shapes over HTTP (with an API key, so
 * the limiter and metering are in the path), the same queries in raw in-process DuckDB (the floor),
 * PostgreSQL (as CKAN's DataStore stores a resource) and SQLite (as Datasette serves one); then load
 * (autocannon) and download throughput. Prints a markdown table and writes bench/results/query-<date>.md.
 * Every loop is bounded in count and time; everything listens on 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import autocannon from 'autocannon';
import type { PublishedField } from '../../functions/core/catalog/schema.ts';
import { compileDuckDb } from '../../functions/core/query/compile-duckdb.ts';
import { parseQueryParams } from '../../functions/core/query/parse-query-params.ts';
import { SEARCH_COLUMN } from '../../functions/ports/query-engine.ts';
import { type Postgres, startPostgres } from './postgres.ts';
import { indexEveryColumn, loadSqlite } from './sqlite.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
// At most 30: with 6 systems × 32 iterations the parameter indexes stay below the 200 airports (all distinct).
const ITERATIONS = Math.min(30, Math.max(5, flag('iterations', 20)));
const WARMUP = 2;
const LOAD_SECONDS = Math.min(60, Math.max(5, flag('load-seconds', 20)));
const WRITE = !args.includes('--no-write');
const DEADLINE = Date.now() + 30 * 60_000; // the whole run, hard bound
const log = (l: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`);
const checkDeadline = () => {
  if (Date.now() > DEADLINE) throw new Error('benchmark exceeded its 30-minute bound');
};

interface Ready {
  url: string;
  adminToken: string;
  pid: number;
  publishMs: number;
  artifacts: Record<string, { path: string; bytes: number }>;
  fields: PublishedField[];
  primaryKey: string[];
}

// ---------- the platform under test, in its own process ----------
async function startServer(): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, [join(ROOT, 'bench/query/server.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
  });
  child.stderr?.on('data', (d: Buffer) => {
    for (const l of d.toString().split('\n'))
      if (l.trim() && !l.includes('No application metrics')) log(`  [server] ${l}`);
  });
  const ready = await new Promise<Ready>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error('server not ready within 5 minutes')), 300_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (.+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(JSON.parse(m[1] as string) as Ready);
      }
    });
    child.once('exit', (code) => rej(new Error(`server exited (${code})`)));
  });
  return { child, ready };
}

function rssMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024);
}

// ---------- statistics ----------
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
interface Stat {
  p50: number;
  p95: number;
}
/** Iteration i of system `slot` (0..5) gets parameter index i * 6 + slot. */
const slot = (i: number, system: number) => i * 6 + system;
const stat = (xs: number[]): Stat => ({ p50: pct(xs, 50), p95: pct(xs, 95) });
const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : 'n/a');
const ratio = (slow: number, fast: number) =>
  Number.isFinite(slow) && fast > 0 ? `${(slow / fast).toFixed(1)}×` : 'n/a';

async function measure(label: string, run: (i: number) => Promise<unknown>): Promise<Stat> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    checkDeadline();
    const t = performance.now();
    await run(i);
    if (i >= WARMUP) times.push(performance.now() - t);
  }
  const s = stat(times);
  log(`  ${label}: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms`);
  return s;
}

async function measurePg(label: string, pg: Postgres, sqlOf: (i: number) => string): Promise<Stat> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    checkDeadline();
    const t = await pg.timed(sqlOf(i));
    if (i >= WARMUP) times.push(t);
  }
  const s = stat(times);
  log(`  ${label}: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms`);
  return s;
}

// ---------- the four query shapes, with a distinct parameter per iteration (no cache hits) ----------
interface Shape {
  id: 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
  title: string;
  api: (i: number) => Record<string, string>;
  pg: (i: number) => string;
  sqlite: (i: number) => { sql: string; params: Array<string | number> };
}

/**
 * `i` is a per-system iteration index already spread by `slot()`: every system sees different but
 * comparable parameters (same ranges), and the API never meets its answer cache.
 */
function shapes(airports: string[], rareTerms: string[]): Shape[] {
  const code = (i: number) => airports[i % airports.length] as string;
  const delay = (i: number) => 30 + (i % 240);
  const distance = (i: number) => 100 + ((i * 7) % 900);
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const rare = (i: number) => rareTerms[i % rareTerms.length] as string;
  return [
    {
      id: 'a',
      title: 'filter + order + limit 100',
      api: (i) => ({ $where: `delay > ${delay(i)} AND distance > 1000`, $order: 'delay DESC', $limit: '100' }),
      pg: (i) => `SELECT * FROM flights WHERE delay > ${delay(i)} AND distance > 1000 ORDER BY delay DESC LIMIT 100`,
      sqlite: (i) => ({
        sql: 'SELECT rowid, * FROM flights WHERE delay > ? AND distance > 1000 ORDER BY delay DESC LIMIT 101',
        params: [delay(i)],
      }),
    },
    {
      id: 'b',
      title: 'group-by aggregate',
      api: (i) => ({
        $select: 'origin, count(*) AS flights, avg(delay) AS avg_delay',
        $where: `distance > ${distance(i)}`,
        $group: 'origin',
        $order: 'flights DESC',
        $limit: '100',
      }),
      pg: (i) =>
        `SELECT origin, count(*) AS flights, avg(delay) AS avg_delay FROM flights WHERE distance > ${distance(i)} GROUP BY origin ORDER BY flights DESC LIMIT 100`,
      sqlite: (i) => ({
        sql: 'SELECT origin, count(*) AS flights, avg(delay) AS avg_delay FROM flights WHERE distance > ? GROUP BY origin ORDER BY flights DESC LIMIT 100',
        params: [distance(i)],
      }),
    },
    {
      id: 'c',
      title: 'equality lookup',
      api: (i) => ({ origin: code(i), destination: code(i + 1), $limit: '100' }),
      pg: (i) =>
        `SELECT * FROM flights WHERE origin = ${q(code(i))} AND destination = ${q(code(i + 1))} ORDER BY _id LIMIT 100`,
      sqlite: (i) => ({
        sql: 'SELECT rowid, * FROM flights WHERE origin = ? AND destination = ? ORDER BY rowid LIMIT 101',
        params: [code(i), code(i + 1)],
      }),
    },
    {
      id: 'd',
      title: '`$q` text search',
      api: (i) => ({ $q: code(i + 7), $limit: '100' }),
      // CKAN datastore_search q=: the _full_text tsvector (english), no rank sort (the cheaper form for PostgreSQL).
      pg: (i) => `SELECT * FROM flights WHERE _full_text @@ plainto_tsquery('english', ${q(code(i + 7))}) LIMIT 100`,
      // Datasette ?_search=: rowid in (select rowid from <table>_fts where <table>_fts match :search).
      sqlite: (i) => ({
        sql: 'SELECT rowid, * FROM flights WHERE rowid IN (SELECT rowid FROM flights_fts WHERE flights_fts MATCH ?) ORDER BY rowid LIMIT 101',
        params: [`"${code(i + 7)}"`],
      }),
    },
    {
      // (d) with terms that match fewer than 100 rows (rare airports, absent codes): no early stop,
      // every row is searched — where a publish-time text index (PG GIN, SQLite FTS5) shines.
      id: 'e',
      title: '`$q` rare term',
      api: (i) => ({ $q: rare(i), $limit: '100' }),
      pg: (i) => `SELECT * FROM flights WHERE _full_text @@ plainto_tsquery('english', ${q(rare(i))}) LIMIT 100`,
      sqlite: (i) => ({
        sql: 'SELECT rowid, * FROM flights WHERE rowid IN (SELECT rowid FROM flights_fts WHERE flights_fts MATCH ?) ORDER BY rowid LIMIT 101',
        params: [`"${rare(i)}"`],
      }),
    },
    {
      // The count behind (a)'s total: CKAN's datastore_search counts every query's rows (include_total),
      // slowly on big tables; here one count(*) of the filter.
      id: 'f',
      title: 'filtered count',
      api: (i) => ({ $select: 'count(*) AS n', $where: `delay > ${delay(i)} AND distance > 1000` }),
      pg: (i) => `SELECT count(*) FROM flights WHERE delay > ${delay(i)} AND distance > 1000`,
      sqlite: (i) => ({ sql: 'SELECT count(*) FROM flights WHERE delay > ? AND distance > 1000', params: [delay(i)] }),
    },
  ];
}

// ---------- main ----------
const started = new Date();
const loadAtStart = loadavg()[0] ?? 0;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}`;
log(`machine: ${machine}; ${ITERATIONS} measured iterations per query (+${WARMUP} warm-up)`);
const work = await mkdtemp(join(tmpdir(), 'opendata-bench-'));
let server: { child: ChildProcess; ready: Ready } | undefined;
let pg: Postgres | undefined;
const results: Record<string, Record<string, Stat>> = {};
const notes: string[] = [];
/** The HTTP floor, written once PostgreSQL and SQLite have been measured too. */
let floorNote: (() => string) | undefined;
const load: Record<
  string,
  { rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number }
> = {};
let maxRss = 0;
let download: { bytes: number; mbps: number[] } | undefined;
const loadMs: Record<string, number> = {};
try {
  log('starting the platform (publishes us-flights-3m through the release pipeline) ...');
  server = await startServer();
  const { ready } = server;
  loadMs.platform = ready.publishMs;
  log(`platform ready at ${ready.url} in ${(ready.publishMs / 1000).toFixed(1)} s`);
  const keyRes = await fetch(`${ready.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ready.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'benchmark',
      scopes: ['query', 'download', 'sql'],
      ratePerMinute: 1_000_000_000,
      dailyQuota: 1_000_000_000_000,
      expiresInDays: 1,
    }),
  });
  if (keyRes.status !== 201) throw new Error(`could not issue a key: ${keyRes.status} ${await keyRes.text()}`);
  const apiKey = ((await keyRes.json()) as { key: string }).key;
  const parquet = ready.artifacts['data.parquet']?.path;
  if (!parquet) throw new Error('no data.parquet artifact');

  // Raw DuckDB (the floor): the SAME compiled SQL the API runs, in-process, over the same data held as
  // the engine holds it: the Parquet loaded once into a compressed in-memory table (row numbers and the
  // `$q` search column included, checkpointed), late materialization off. No HTTP, no middleware, no JSON.
  const duck = await DuckDBInstance.create(':memory:', { threads: '2' });
  const dc = await duck.connect();
  const textColumns = ready.fields.filter((f) => f.type === 'string').map((f) => `"${f.name}"`);
  await dc.run("SET disabled_optimizers = 'late_materialization'");
  await dc.run(`ATTACH ':memory:' AS cache (COMPRESS)`);
  await dc.run(
    `CREATE TABLE cache.flights AS SELECT *, lower(concat_ws(' ', ${textColumns.join(', ')})) AS ${SEARCH_COLUMN} FROM read_parquet('${parquet.replace(/'/g, "''")}', file_row_number = true)`,
  );
  await dc.run('CHECKPOINT cache');
  await dc.run('CREATE VIEW data AS SELECT * FROM cache.flights');
  const airports = (await dc.runAndReadAll('SELECT origin FROM data GROUP BY origin ORDER BY count(*) DESC LIMIT 200'))
    .getRowsJson()
    .map((r) => String(r[0]));
  // Codes seen in fewer than 100 flights (either end), then codes that never occur.
  const rareCodes = (
    await dc.runAndReadAll(
      'SELECT code FROM (SELECT origin AS code FROM data UNION ALL SELECT destination FROM data) GROUP BY code HAVING count(*) < 100 ORDER BY code',
    )
  )
    .getRowsJson()
    .map((r) => String(r[0]));
  const rareTerms = [...rareCodes, ...Array.from({ length: 200 }, (_, i) => `Q${String(i).padStart(2, '0')}`)];
  const SHAPES = shapes(airports, rareTerms);
  const compiled = (params: Record<string, string>) =>
    compileDuckDb(
      parseQueryParams({ ...params }, ready.fields, ready.primaryKey, { reserved: ['format'] }),
      ready.fields,
      { primaryKey: ready.primaryKey, searchColumn: SEARCH_COLUMN },
    );

  const base = `${ready.url}/v1/datasets/us-flights-3m/query`;
  const headers = { 'x-api-key': apiKey };
  for (const s of SHAPES) {
    results[s.id] = {};
    log(`(${s.id}) ${s.title}`);
    // Distinct parameters for API and DuckDB; iterations offset so the API never meets its own answer cache.
    (results[s.id] as Record<string, Stat>).api = await measure('API over HTTP', async (i) => {
      const r = await fetch(`${base}?${new URLSearchParams({ ...s.api(slot(i, 0)), version: '1' })}`, { headers });
      const body = await r.arrayBuffer();
      if (r.status !== 200)
        throw new Error(`(${s.id}) HTTP ${r.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
    });
    (results[s.id] as Record<string, Stat>).duckdb = await measure('raw DuckDB', async (i) => {
      const c = compiled(s.api(slot(i, 1)));
      const run = (sql: string, params: readonly unknown[]) =>
        params.length ? dc.runAndReadAll(sql, [...params] as never) : dc.runAndReadAll(sql);
      const rows = (await run(c.sql, c.params)).getRowsJson();
      // The API counts the rows a filtered query answers when its first page does not hold them all.
      if (rows.length > c.limit) (await run(c.count.sql, c.count.params)).getRowsJson();
    });
  }
  // The floor of any answer over HTTP here: the same client, key and middleware chain, no engine work.
  // /v1/health answers from memory; a repeated version-pinned `$q` query answers from the answer cache.
  const floor = {
    health: await measure('HTTP floor: GET /v1/health', async () => {
      const r = await fetch(`${ready.url}/v1/health`, { headers });
      await r.arrayBuffer();
    }),
    cached: await measure('HTTP floor: a cached (d) answer', async () => {
      const r = await fetch(`${base}?${new URLSearchParams({ ...(SHAPES[3]?.api(0) ?? {}), version: '1' })}`, {
        headers,
      });
      await r.arrayBuffer();
    }),
  };
  floorNote = () =>
    `HTTP floor on this machine (same client, key and middleware chain, no engine work): \`GET /v1/health\` p50 ${ms(floor.health.p50)} ms, a cached (d) answer (100 rows) p50 ${ms(floor.cached.p50)} ms. 3× faster than in-process SQLite FTS5 / PostgreSQL GIN on (d) means ≤ ${ms(fastest() / 3)} ms over HTTP, including the engine`;
  const fastest = () => {
    const d = results.d ?? {};
    return Math.min(d.pg?.p50 ?? Number.POSITIVE_INFINITY, d.sqlite?.p50 ?? Number.POSITIVE_INFINITY);
  };
  const sampleSql = compiled(SHAPES[0]?.api(0) ?? {}).sql;
  notes.push(`API SQL for (a), as compiled by the platform: \`${sampleSql.replace(/\s+/g, ' ')}\``);

  // ---------- load ----------
  const sample = setInterval(() => {
    if (server) void rssMb(server.ready.pid).then((m) => (maxRss = Math.max(maxRss, m)));
  }, 250);
  try {
    let n = 0;
    const distinctPath = () => {
      n++;
      const p = new URLSearchParams({
        origin: airports[n % airports.length] as string,
        delay: String(-30 + (Math.floor(n / airports.length) % 400)),
        $limit: '100',
        version: '1',
      });
      return `/v1/datasets/us-flights-3m/query?${p}`;
    };
    const runLoad = async (name: string, opts: Record<string, unknown>) => {
      checkDeadline();
      log(`load: ${name} (20 connections, ${LOAD_SECONDS} s) ...`);
      const r = (await autocannon({
        url: ready.url,
        connections: 20,
        duration: LOAD_SECONDS,
        headers,
        ...opts,
      })) as unknown as {
        requests: { average: number; total: number };
        latency: { p50: number; p99: number };
        errors: number;
        timeouts: number;
        non2xx: number;
      };
      load[name] = {
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
        requests: r.requests.total,
      };
      log(
        `  ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.timeouts}, non-2xx ${r.non2xx}`,
      );
    };
    await runLoad('distinct equality queries', {
      requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: distinctPath() }) }],
    });
    await runLoad('repeated version-pinned query', {
      requests: [{ method: 'GET', path: `/v1/datasets/us-flights-3m/query?origin=SEA&%24limit=100&version=1` }],
    });
  } finally {
    clearInterval(sample);
  }
  maxRss = Math.max(maxRss, await rssMb(ready.pid));

  // ---------- download ----------
  const csv = ready.artifacts['data.csv'];
  if (csv) {
    const mbps: number[] = [];
    for (let i = 0; i < 4; i++) {
      checkDeadline();
      const t = performance.now();
      const r = await fetch(`${ready.url}/v1/datasets/us-flights-3m/versions/1/data.csv`, { headers });
      if (r.status !== 200 || !r.body) throw new Error(`download: HTTP ${r.status}`);
      let bytes = 0;
      const reader = r.body.getReader();
      // Bounded: stops at the expected size (plus one chunk) whatever the server sends.
      for (let chunk = await reader.read(); !chunk.done && bytes <= csv.bytes; chunk = await reader.read())
        bytes += chunk.value.length;
      await reader.cancel();
      const secs = (performance.now() - t) / 1000;
      if (bytes !== csv.bytes) throw new Error(`download: got ${bytes} bytes, expected ${csv.bytes}`);
      if (i > 0) mbps.push(bytes / 1e6 / secs);
    }
    download = { bytes: csv.bytes, mbps };
    log(`download data.csv (${(csv.bytes / 1e6).toFixed(0)} MB): ${mbps.map((x) => x.toFixed(0)).join(', ')} MB/s`);
  }

  // Export a CSV for PostgreSQL and SQLite (same rows as the Parquet), then stop the platform so the
  // engines below do not compete with it for the 2 cores.
  const exportCsv = join(work, 'flights.csv');
  await dc.run(
    `COPY (SELECT strftime(date, '%Y-%m-%d %H:%M:%S') AS date, delay, distance, origin, destination FROM data ORDER BY file_row_number) TO '${exportCsv}' (HEADER, DELIMITER ',')`,
  );
  server.child.kill('SIGTERM');
  await new Promise<void>((r) => server?.child.once('exit', () => r()));
  server = undefined;

  // ---------- PostgreSQL, as CKAN's DataStore stores a resource ----------
  log('PostgreSQL: start, COPY, _full_text, indexes ...');
  pg = await startPostgres(log);
  notes.push(`PostgreSQL ${pg.version.split(' ')[0]}`);
  const pgCsv = join(pg.dir, 'flights.csv');
  await writeFile(pgCsv, await readFile(exportCsv));
  let t = Date.now();
  pg.exec(
    'CREATE UNLOGGED TABLE staging (date timestamp, delay integer, distance integer, origin text, destination text)',
  );
  pg.exec(`COPY staging FROM '${pgCsv}' WITH (FORMAT csv, HEADER true)`);
  // datastore_create: _id serial, the fields, and _full_text tsvector (filled by CKAN's trigger from every field's text).
  pg.exec(
    `CREATE TABLE flights AS SELECT row_number() OVER () AS _id, date, delay, distance, origin, destination,
       to_tsvector('english', concat_ws(' ', date, delay, distance, origin, destination)) AS _full_text FROM staging`,
  );
  pg.exec('DROP TABLE staging; ALTER TABLE flights ADD PRIMARY KEY (_id)');
  // CKAN always indexes _full_text (ckan.datastore.default_fts_index_method; GIN here); other fields only when
  // datastore_create is given `indexes`, which DataPusher/XLoader do not pass.
  pg.exec('CREATE INDEX flights_full_text_idx ON flights USING gin (_full_text)');
  pg.exec('VACUUM ANALYZE flights');
  loadMs.postgres = Date.now() - t;
  log(`  loaded in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  for (const s of SHAPES) {
    log(`(${s.id}) ${s.title}`);
    (results[s.id] as Record<string, Stat>).pg = await measurePg('PostgreSQL (CKAN indexes)', pg, (i) =>
      s.pg(slot(i, 2)),
    );
  }
  t = Date.now();
  for (const c of ['date', 'delay', 'distance', 'origin', 'destination'])
    pg.exec(`CREATE INDEX flights_${c}_idx ON flights (${c})`);
  pg.exec('ANALYZE flights');
  loadMs.postgresIndexes = Date.now() - t;
  for (const s of SHAPES.filter((x) => x.id !== 'd' && x.id !== 'e')) {
    log(`(${s.id}) ${s.title}`);
    (results[s.id] as Record<string, Stat>).pgIdx = await measurePg('PostgreSQL + btree on every field', pg, (i) =>
      s.pg(slot(i, 3)),
    );
  }
  await pg.stop();
  pg = undefined;

  // ---------- SQLite, as Datasette serves a table ----------
  log('SQLite: load, FTS5 ...');
  t = Date.now();
  const db = await loadSqlite(join(work, 'flights.db'), exportCsv);
  loadMs.sqlite = Date.now() - t;
  const runSqlite = (s: Shape, system: number) => async (i: number) => {
    const { sql, params } = s.sqlite(slot(i, system));
    db.prepare(sql).all(...params);
  };
  for (const s of SHAPES) {
    log(`(${s.id}) ${s.title}`);
    (results[s.id] as Record<string, Stat>).sqlite = await measure('SQLite (Datasette setup)', runSqlite(s, 4));
  }
  indexEveryColumn(db);
  for (const s of SHAPES.filter((x) => x.id !== 'd' && x.id !== 'e')) {
    log(`(${s.id}) ${s.title}`);
    (results[s.id] as Record<string, Stat>).sqliteIdx = await measure(
      'SQLite + index on every column',
      runSqlite(s, 5),
    );
  }
  db.close();
  dc.closeSync();
} finally {
  if (server) {
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 2000));
  }
  await pg?.stop().catch(() => {});
  await rm(work, { recursive: true, force: true });
}

// ---------- report ----------
const R = (id: string) => results[id] as Record<string, Stat>;
const lines: string[] = [];
const date = started.toISOString().slice(0, 10);
lines.push(`# Query benchmark ${date}`, '');
lines.push(
  `- Run: ${started.toISOString()}; machine: ${machine}; 1-min load average ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end (the machine is shared: other work competes for the 2 cores)`,
);
lines.push(
  `- Data: vega-datasets 3.2.1 \`flights-3m.parquet\`, 3,000,000 rows, published as datasets/us-flights-3m v1 through the release pipeline (platform start + publish ${((loadMs.platform ?? 0) / 1000).toFixed(0)} s)`,
);
lines.push(
  `- ${ITERATIONS} measured iterations per cell after ${WARMUP} warm-ups; each iteration uses a different parameter (no answer-cache hits); all on 127.0.0.1`,
);
lines.push(
  '- API: the local platform (same Lambda handlers, same middleware chain incl. API-key check, rate limiter, quota and usage metering) in its own process; times are client-side, full body read',
);
lines.push(
  '- Raw DuckDB: the SQL the API compiles and runs (the page, then, when the page is truncated, the count of the rows the query answers for `total`), in-process, over the same data held as the engine holds it (the Parquet loaded once into a compressed in-memory table), 2 threads. PostgreSQL and SQLite run the page only: (f) is the count alone',
);
lines.push(
  `- PostgreSQL (CKAN DataStore layout): \`_id\` + fields + \`_full_text\` tsvector (english) with a GIN index, no other field indexes (datastore_create indexes only the fields given in \`indexes\`; DataPusher/XLoader give none); loaded with COPY in ${((loadMs.postgres ?? 0) / 1000).toFixed(0)} s. Extra column: the same + a btree on every field. Times are psql \\timing (client round trip over a unix socket)`,
);
lines.push(
  `- SQLite (Datasette layout, \`node:sqlite\`): rowid table + external-content FTS5 on the text columns (sqlite-utils enable-fts), no column indexes; loaded in ${((loadMs.sqlite ?? 0) / 1000).toFixed(0)} s. Extra column: + an index on every column. Times are in-process (no HTTP, no JSON)`,
);
lines.push('');
lines.push(
  '| query | API p50 / p95 ms | raw DuckDB p50 / p95 | API − DuckDB p50 | PostgreSQL p50 / p95 | PG + btree all p50 | SQLite p50 / p95 | SQLite + idx all p50 | PG ÷ API | SQLite ÷ API |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|');
for (const s of ['a', 'b', 'c', 'd', 'e', 'f'] as const) {
  const r = R(s);
  if (!r?.api) continue;
  const title = {
    a: '(a) filter + order + limit 100',
    b: '(b) group-by aggregate',
    c: '(c) equality lookup',
    d: '(d) `$q` text search',
    e: '(e) `$q` rare term (< 100 hits: every row searched)',
    f: "(f) filtered count (the count behind (a)'s total; no target)",
  }[s];
  lines.push(
    `| ${title} | ${ms(r.api.p50)} / ${ms(r.api.p95)} | ${ms(r.duckdb?.p50 ?? Number.NaN)} / ${ms(r.duckdb?.p95 ?? Number.NaN)} | ${ms(r.api.p50 - (r.duckdb?.p50 ?? Number.NaN))} | ${ms(r.pg?.p50 ?? Number.NaN)} / ${ms(r.pg?.p95 ?? Number.NaN)} | ${ms(r.pgIdx?.p50 ?? Number.NaN)} | ${ms(r.sqlite?.p50 ?? Number.NaN)} / ${ms(r.sqlite?.p95 ?? Number.NaN)} | ${ms(r.sqliteIdx?.p50 ?? Number.NaN)} | ${ratio(r.pg?.p50 ?? Number.NaN, r.api.p50)} | ${ratio(r.sqlite?.p50 ?? Number.NaN, r.api.p50)} |`,
  );
}
lines.push('');
lines.push('| load (autocannon, 20 connections) | req/s | p50 ms | p99 ms | requests | errors | non-2xx |');
lines.push('|---|---|---|---|---|---|---|');
for (const [name, l] of Object.entries(load))
  lines.push(
    `| ${name} (${LOAD_SECONDS} s) | ${l.rps.toFixed(0)} | ${l.p50} | ${l.p99} | ${l.requests} | ${l.errors} | ${l.non2xx} |`,
  );
lines.push('');
lines.push(`- Server RSS, max sampled every 250 ms during load: ${maxRss.toFixed(0)} MB`);
if (download) {
  const best = Math.max(...download.mbps);
  lines.push(
    `- Download \`data.csv\` (${(download.bytes / 1e6).toFixed(0)} MB) through the API (302 → streamed /files/ route): ${download.mbps.map((x) => x.toFixed(0)).join(', ')} MB/s (best ${best.toFixed(0)})`,
  );
}
for (const n of notes) lines.push(`- ${n}`);
if (floorNote) lines.push(`- ${floorNote()}`);

// ---------- targets (issue 5, section 8) ----------
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const targets: Array<[string, string, boolean]> = [];
for (const s of ['a', 'b', 'c', 'd', 'e'] as const) {
  const r = R(s);
  if (!r?.api) continue;
  targets.push([`(${s}) API p50 <= 150 ms`, `${ms(r.api.p50)} ms`, r.api.p50 <= 150]);
  targets.push([
    `(${s}) API overhead over raw DuckDB <= 20 ms (p50)`,
    `${ms(r.api.p50 - (r.duckdb?.p50 ?? 0))} ms`,
    r.api.p50 - (r.duckdb?.p50 ?? 0) <= 20,
  ]);
  if (s !== 'c') {
    const pgX = (r.pg?.p50 ?? 0) / r.api.p50;
    const liteX = (r.sqlite?.p50 ?? 0) / r.api.p50;
    targets.push([
      `(${s}) >= 3× faster than PostgreSQL and SQLite (p50)`,
      `${pgX.toFixed(1)}× / ${liteX.toFixed(1)}×`,
      pgX >= 3 && liteX >= 3,
    ]);
  }
}
const distinct = load['distinct equality queries'];
const pinned = load['repeated version-pinned query'];
if (distinct)
  targets.push([
    'distinct equality queries >= 100 req/s, 0 errors',
    `${distinct.rps.toFixed(0)} req/s, ${distinct.errors + distinct.non2xx} errors`,
    distinct.rps >= 100 && distinct.errors + distinct.non2xx === 0,
  ]);
if (pinned)
  targets.push([
    'repeated version-pinned query >= 2,000 req/s, 0 errors',
    `${pinned.rps.toFixed(0)} req/s, ${pinned.errors + pinned.non2xx} errors`,
    pinned.rps >= 2000 && pinned.errors + pinned.non2xx === 0,
  ]);
targets.push(['server RSS <= 1 GB', `${maxRss.toFixed(0)} MB`, maxRss > 0 && maxRss <= 1024]);
if (download)
  targets.push([
    '100 MB download >= 200 MB/s',
    `${Math.max(...download.mbps).toFixed(0)} MB/s best, ${Math.min(...download.mbps).toFixed(0)} worst`,
    Math.min(...download.mbps) >= 200,
  ]);
lines.push('', '| target | measured | verdict |', '|---|---|---|');
for (const [t, m, ok] of targets) lines.push(`| ${t} | ${m} | ${verdict(ok)} |`);
const table = lines.join('\n');
process.stdout.write(`${table}\n`);
if (WRITE) {
  const out = join(ROOT, 'bench', 'results', `query-${date}.md`);
  await mkdir(dirname(out), { recursive: true });
  const w = createWriteStream(out);
  w.end(`${table}\n`);
  await new Promise<void>((r) => w.once('finish', () => r()));
  log(`written ${out}`);
}
process.exit(0);
