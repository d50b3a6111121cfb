import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedField } from '../../functions/core/catalog/schema.ts';
import { compileDuckDb } from '../../functions/core/query/compile-duckdb.ts';
import { cutAtBytes } from '../../functions/core/query/page-bytes.ts';
import { toPage } from '../../functions/core/query/page-result.ts';
import { parseQueryParams } from '../../functions/core/query/parse-query-params.ts';

/**
 * The compiled SQL against real DuckDB: a Parquet file exposed as the view `data` with
 * `file_row_number`, as the engine adapter does. Expected answers are computed in JS from the same rows.
 */

const FIELDS: PublishedField[] = [
  { name: 'id', type: 'integer', grade: 'public' },
  { name: 'name', type: 'string', grade: 'public' },
  { name: 'district', type: 'string', grade: 'public' },
  { name: 'population', type: 'integer', grade: 'public' },
  { name: 'area', type: 'number', grade: 'public' },
  { name: 'open', type: 'boolean', grade: 'public' },
  { name: 'opened_on', type: 'date', grade: 'public' },
];

interface Row {
  id: number;
  name: string | null;
  district: string | null;
  population: number | null;
  area: number | null;
  open: boolean | null;
  opened_on: string | null;
}

const NAMES = [
  '东城图书馆',
  '西城图书馆',
  '朝阳公园',
  '海淀图书馆',
  '丰台体育馆',
  '北京大学',
  '故宫博物院',
  '天坛公园',
  '颐和园',
  '国家图书馆',
  '首都博物馆',
  '中国美术馆',
  '北京动物园',
  '香山公园',
  '北海公园',
  'Library of BEIJING',
  '798艺术区',
  '鸟巢',
];
const DISTRICTS = ['东城区', '西城区', '朝阳区', '海淀区', null];

const ROWS: Row[] = Array.from({ length: 41 }, (_, i) => ({
  id: i + 1,
  name: i % 13 === 12 ? null : NAMES[i % NAMES.length]!,
  district: DISTRICTS[i % DISTRICTS.length]!,
  population: i % 7 === 3 ? null : ((i * 37) % 11) * 100,
  area: i % 5 === 2 ? null : Math.round(((i * 53) % 17) * 1.25 * 100) / 100,
  open: i % 6 === 5 ? null : i % 2 === 0,
  opened_on:
    i % 9 === 4
      ? null
      : `20${10 + (i % 12)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
}));

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  dir = mkdtempSync(join(tmpdir(), 'query-duckdb-'));
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(
    'CREATE TABLE source (id BIGINT, name VARCHAR, district VARCHAR, population BIGINT, area DOUBLE, open BOOLEAN, opened_on DATE)',
  );
  for (const r of ROWS) {
    await connection.run('INSERT INTO source VALUES (?, ?, ?, ?, ?, ?, CAST(? AS DATE))', [
      r.id,
      r.name,
      r.district,
      r.population,
      r.area,
      r.open,
      r.opened_on,
    ]);
  }
  // Shuffle the physical order so file_row_number differs from id.
  const file = join(dir, 'data.parquet');
  await connection.run(`COPY (SELECT * FROM source ORDER BY (id * 17) % 41) TO '${file}' (FORMAT parquet)`);
  await connection.run(`CREATE VIEW data AS SELECT * FROM read_parquet('${file}', file_row_number = true)`);
});

afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = async (params: Record<string, string>, primaryKey: string[] = ['id'], maxBytes?: number) => {
  const compiled = compileDuckDb(parseQueryParams(params, FIELDS, primaryKey), FIELDS);
  const reader = await connection.runAndReadAll(compiled.sql, [...compiled.params] as DuckDBValue[]);
  // With maxBytes, the rows as the engine reads them up to a response size (read-rows.ts).
  const read =
    maxBytes === undefined
      ? { rows: reader.getRowsJson(), stoppedBySize: false }
      : cutAtBytes(reader.getRowsJson(), reader.columnNames(), maxBytes);
  const page = toPage(compiled, read.rows, read.stoppedBySize);
  const names = compiled.columns.map((c) => c.name);
  return {
    ...page,
    objects: page.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]]))),
    ids: page.rows.map((r) => Number(r[0])),
  };
};

/** Expected ids; a predicate that keeps no row or every row would prove nothing, so that fails the test. */
const idsWhere = (predicate: (r: Row) => boolean) => {
  const ids = ROWS.filter(predicate).map((r) => r.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.length).toBeLessThan(ROWS.length);
  return ids;
};

describe('compiled queries on DuckDB', () => {
  it('filters with comparisons, IN, BETWEEN, LIKE and IS NULL', async () => {
    expect((await run({ $where: 'population >= 500', $limit: '1000' })).ids).toEqual(
      idsWhere((r) => (r.population ?? -1) >= 500),
    );
    expect((await run({ $where: "district IN ('东城区', '海淀区')", $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.district === '东城区' || r.district === '海淀区'),
    );
    expect((await run({ $where: "district NOT IN ('东城区')", $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.district !== null && r.district !== '东城区'),
    );
    expect((await run({ $where: 'area BETWEEN 5 AND 10.5', $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.area !== null && r.area >= 5 && r.area <= 10.5),
    );
    expect((await run({ $where: "name LIKE '%图书馆'", $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.name?.endsWith('图书馆') ?? false),
    );
    expect((await run({ $where: 'name IS NULL OR district IS NULL', $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.name === null || r.district === null),
    );
    expect((await run({ $where: "opened_on >= '2015-01-01' AND NOT open", $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.opened_on !== null && r.opened_on >= '2015-01-01' && r.open === false),
    );
    expect((await run({ district: '西城区', open: 'true', $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.district === '西城区' && r.open === true),
    );
  });

  it('searches Chinese and mixed-case text with $q, every term in some column', async () => {
    expect((await run({ $q: '图书馆', $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.name?.includes('图书馆') ?? false),
    );
    expect((await run({ $q: '图书馆 东城', $limit: '1000' })).ids).toEqual(
      idsWhere((r) => (r.name?.includes('图书馆') ?? false) && `${r.name}${r.district}`.includes('东城')),
    );
    expect((await run({ $q: 'beijing', $limit: '1000' })).ids).toEqual(
      idsWhere((r) => r.name === 'Library of BEIJING'),
    );
    expect((await run({ $q: '%', $limit: '1000' })).ids).toEqual([]);
  });

  it('groups, aggregates, filters groups and orders', async () => {
    const result = await run({
      $select: 'district, count(*) AS n, sum(population) AS total, max(opened_on) AS latest',
      $group: 'district',
      $having: 'n > 8',
      $order: 'total DESC',
    });
    const expected = [...new Set(ROWS.map((r) => r.district))]
      .map((d) => {
        const rows = ROWS.filter((r) => r.district === d);
        const dates = rows
          .map((r) => r.opened_on)
          .filter((x): x is string => x !== null)
          .sort();
        return {
          district: d,
          n: rows.length,
          total: rows.reduce((s, r) => s + (r.population ?? 0), 0),
          latest: dates.at(-1) ?? null,
        };
      })
      .filter((g) => g.n > 8)
      .sort(
        (a, b) => b.total - a.total || String(a.district ?? '\uffff').localeCompare(String(b.district ?? '\uffff')),
      );
    expect(result.objects.map((o) => ({ ...o, n: Number(o.n), total: Number(o.total) }))).toEqual(expected);
  });

  it('answers an aggregate without $group with one row', async () => {
    const result = await run({ $select: 'count(*) AS n, avg(area) AS mean, min(name) AS first' });
    const areas = ROWS.map((r) => r.area).filter((a): a is number => a !== null);
    expect(Number(result.objects[0]!.n)).toBe(ROWS.length);
    expect(result.objects[0]!.mean).toBeCloseTo(areas.reduce((s, a) => s + a, 0) / areas.length, 9);
    expect(result.truncated).toBe(false);
  });

  it('truncates by month with date_trunc_ym, keeping dates', async () => {
    const result = await run({
      $select: 'date_trunc_ym(opened_on) AS month, count(*) AS n',
      $group: 'month',
      $where: 'opened_on IS NOT NULL',
      $limit: '1000',
    });
    expect(result.objects.every((o) => /^\d{4}-\d{2}-01$/.test(String(o.month)))).toBe(true);
    expect(result.objects.reduce((s, o) => s + Number(o.n), 0)).toBe(ROWS.filter((r) => r.opened_on !== null).length);
  });

  it('orders with NULLs last in both directions, ties broken by the key', async () => {
    const asc = await run({ $select: 'id, area', $order: 'area', $limit: '1000' });
    const byArea = (dir: 1 | -1) => (a: Row, b: Row) =>
      a.area === null
        ? b.area === null
          ? a.id - b.id
          : 1
        : b.area === null
          ? -1
          : dir * (a.area - b.area) || a.id - b.id;
    expect(asc.ids).toEqual([...ROWS].sort(byArea(1)).map((r) => r.id));
    const desc = await run({ $select: 'id, area', $order: 'area DESC', $limit: '1000' });
    expect(desc.ids).toEqual([...ROWS].sort(byArea(-1)).map((r) => r.id));
  });

  it('reports truncation: fetches limit + 1, returns limit', async () => {
    const page = await run({ $limit: '5' });
    expect(page.rows).toHaveLength(5);
    expect(page.truncated).toBe(true);
    expect(page.rows[0]).toHaveLength(FIELDS.length);
    const all = await run({ $limit: String(ROWS.length) });
    expect(all.truncated).toBe(false);
    expect(all.nextCursor).toBeNull();
  });
});

describe('keyset pages concatenate to exactly the full ordered answer', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ['primary key order', {}, ['id']],
    ['text with NULLs, descending', { $order: 'name DESC' }, ['id']],
    ['two keys with NULLs and ties', { $order: 'district, population DESC' }, ['id']],
    ['dates, filtered', { $order: 'opened_on', $where: 'id > 3' }, ['id']],
    ['no primary key: file_row_number', { $order: 'open DESC, area' }, []],
    ['file order (:id) with a primary key: the scan order, no sort', { $order: ':id' }, ['id']],
    [':id descending with a primary key', { $order: ':id DESC' }, ['id']],
    [':id after a key with ties', { $select: 'district, :id, id', $order: 'district DESC, :id' }, ['id']],
    ['an expression', { $select: 'id, upper(name) AS u', $order: 'u' }, ['id']],
    [
      'groups, by an aggregate',
      { $select: 'district, open, count(*) AS n', $group: 'district, open', $order: 'n DESC' },
      ['id'],
    ],
  ];

  it.each(cases)('%s', async (_, params, primaryKey) => {
    const full = await run({ ...params, $limit: '50000' }, primaryKey);
    expect(full.rows.length).toBeGreaterThan(7);
    for (const size of [1, 3, 7]) {
      const pages: unknown[][] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const page = await run({ ...params, $limit: String(size), ...(cursor ? { cursor } : {}) }, primaryKey);
        pages.push(...page.rows.map((r) => [...r]));
        if (!page.truncated) break;
        expect(page.nextCursor).not.toBeNull();
        cursor = page.nextCursor;
      }
      expect(pages).toEqual(full.rows.map((r) => [...r]));
    }
  });

  it('leaves out the row that passed the size when the engine stopped there, and pages on from the one before', async () => {
    const compiled = compileDuckDb(parseQueryParams({ $limit: '1000' }, FIELDS, ['id']), FIELDS);
    const reader = await connection.runAndReadAll(compiled.sql, [...compiled.params] as DuckDBValue[]);
    const read = reader.getRowsJson().slice(0, 5);
    const page = toPage(compiled, read, true);
    expect(page.rows).toHaveLength(4);
    expect(page.truncated).toBe(true);
    const next = await run({ $limit: '1000', cursor: page.nextCursor ?? '' });
    expect(next.ids[0]).toBe(5);
    // A first row past the size fits no page: a 422 naming its size, never an oversized page.
    expect(() => toPage(compiled, read.slice(0, 1), true)).toThrow(/a row is larger than one answer can carry/);
  });

  it.each(cases)('%s, pages cut by size (a response-size limit) instead of $limit', async (_, params, primaryKey) => {
    const full = await run({ ...params, $limit: '50000' }, primaryKey);
    // Measured with the column names, as the engine measures (NDJSON), and never below one row.
    const bytes = Math.max(
      JSON.stringify(full.objects).length,
      4 * Math.max(...full.objects.map((o) => JSON.stringify(o).length + 16)),
    );
    const pages: unknown[][] = [];
    let position: Record<string, string> = {};
    let count = 0;
    for (let guard = 0; guard < 100; guard++, count++) {
      // About a quarter of the whole answer per page: several pages, each shorter than $limit.
      const page = await run({ ...params, $limit: '50000', ...position }, primaryKey, Math.ceil(bytes / 4));
      pages.push(...page.rows.map((r) => [...r]));
      if (!page.truncated) break;
      expect(page.rows.length).toBeLessThan(full.rows.length);
      position = page.nextCursor ? { cursor: page.nextCursor } : { $offset: String(page.nextOffset) };
    }
    expect(count).toBeGreaterThanOrEqual(3);
    expect(pages).toEqual(full.rows.map((r) => [...r]));
  });
});
