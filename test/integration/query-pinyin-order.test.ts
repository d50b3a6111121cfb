import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedField } from '../../functions/core/catalog/schema.ts';
import { compileDuckDb } from '../../functions/core/query/compile-duckdb.ts';
import { toPage } from '../../functions/core/query/page-result.ts';
import { parseQueryParams } from '../../functions/core/query/parse-query-params.ts';

/**
 * Text is ordered by pinyin (`COLLATE zh`) on DuckDB, and keyset pages stay exact under it: the data
 * holds runs of equal Chinese values, values that differ only past a shared prefix or by a trailing
 * space, pairs a collation holds equal though they are distinct strings (é precomposed and decomposed,
 * a zero-width space), mixed-case Latin, digits and NULLs. The expected order is Node's own
 * `Intl.Collator('zh')` (the same CLDR rules), not the engine's answer.
 */

const FIELDS: PublishedField[] = [
  { name: 'id', type: 'integer', grade: 'public' },
  { name: 'name', type: 'string', grade: 'public' },
  { name: 'district', type: 'string', grade: 'public' },
  { name: 'month', type: 'yearmonth', grade: 'public' },
];

const NAMES: (string | null)[] = [
  '北京',
  '上海',
  '重庆',
  '安徽',
  '北京市',
  '北京 ',
  '北京\u200b', // a zero-width space: ignorable, the collation holds it equal to 北京
  '长沙',
  '长春',
  '银行',
  '行',
  'abc',
  'ABC',
  'Abc',
  'b',
  'B',
  'zoo',
  'Zoo',
  'é',
  'e\u0301', // é decomposed: the same letter to the collation, another string to `=`
  '10',
  '2',
  '９',
  '',
  null,
];
// Many equal values: every name recurs, 北京 and 上海 most.
const ROW_NAMES = [...NAMES, ...NAMES, '北京', '北京', '北京', '上海', '上海', null, null, '重庆', '北京市'];
const DISTRICTS = ['朝阳区', '海淀区', 'Chaoyang', null, '东城区'];

interface Row {
  id: number;
  name: string | null;
  district: string | null;
  month: string | null;
}
const ROWS: Row[] = ROW_NAMES.map((name, i) => ({
  id: i + 1,
  name,
  district: DISTRICTS[(i * 7) % DISTRICTS.length]!,
  month: i % 9 === 4 ? null : `20${10 + (i % 5)}-${String((i % 12) + 1).padStart(2, '0')}`,
}));

const pinyin = new Intl.Collator('zh');
/** Node's zh collation, NULLs last: 0 for the strings it holds equal. */
const collated = (a: string | null, b: string | null): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return pinyin.compare(a, b);
};
/** Then code point order, the tiebreak that separates what the collation holds equal (DISTINCT, $group). */
const byName = (a: string | null, b: string | null): number =>
  collated(a, b) || (a === null || b === null || a === b ? 0 : a < b ? -1 : 1);

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  dir = mkdtempSync(join(tmpdir(), 'query-pinyin-'));
  // Without extension autoloading, as the query engine runs: ICU is built into the driver.
  instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  connection = await instance.connect();
  await connection.run('CREATE TABLE source (id BIGINT, name VARCHAR, district VARCHAR, month VARCHAR)');
  for (const r of ROWS) {
    await connection.run('INSERT INTO source VALUES (?, ?, ?, ?)', [r.id, r.name, r.district, r.month]);
  }
  // Physical order unlike id, so file_row_number and id tiebreaks differ.
  const file = join(dir, 'data.parquet');
  await connection.run(`COPY (SELECT * FROM source ORDER BY (id * 17) % 61, id) TO '${file}' (FORMAT parquet)`);
  await connection.run(`CREATE VIEW data AS SELECT * FROM read_parquet('${file}', file_row_number = true)`);
});

afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = async (params: Record<string, string>, primaryKey: string[] = ['id']) => {
  const compiled = compileDuckDb(parseQueryParams(params, FIELDS, primaryKey), FIELDS);
  const reader = await connection.runAndReadAll(compiled.sql, [...compiled.params] as DuckDBValue[]);
  return toPage(compiled, reader.getRowsJson(), false);
};

/** Every page of a query at one page size, following the cursors. */
const paged = async (params: Record<string, string>, size: number, primaryKey?: string[]) => {
  const rows: unknown[][] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const page = await run({ ...params, $limit: String(size), ...(cursor ? { cursor } : {}) }, primaryKey);
    rows.push(...page.rows.map((r) => [...r]));
    if (!page.truncated) return rows;
    expect(page.nextCursor).not.toBeNull();
    cursor = page.nextCursor;
  }
  throw new Error('more than 500 pages');
};

describe('ordering text on DuckDB', () => {
  it('orders Chinese by pinyin, Chinese before Latin, lower case before upper, NULLs last', async () => {
    const page = await run({ $select: 'distinct name', $order: 'name', $limit: '1000' });
    const names = page.rows.map((r) => r[0] as string | null);
    expect(names).toEqual([...new Set(NAMES)].sort(byName));
    // Not code point order (上海 U+4E0A before 北京 U+5317), and 重庆 under c (chóng), not z.
    expect(names.filter((n) => ['安徽', '北京', '重庆', '上海'].includes(n ?? ''))).toEqual([
      '安徽',
      '北京',
      '重庆',
      '上海',
    ]);
    expect(names.indexOf('上海')).toBeLessThan(names.indexOf('abc'));
    expect(names.slice(names.indexOf('abc'), names.indexOf('abc') + 3)).toEqual(['abc', 'Abc', 'ABC']);
    expect(names.at(-1)).toBeNull();
  });

  it('orders descending in reverse, NULLs still last unless NULLS FIRST', async () => {
    const desc = (await run({ $select: 'id, name', $order: 'name DESC', $limit: '1000' })).rows;
    // Names the collation holds equal (北京 and 北京 + a zero-width space) are one run, ordered by the key.
    const expected = [...ROWS]
      .sort(
        (a, b) =>
          (a.name === null || b.name === null ? collated(a.name, b.name) : -collated(a.name, b.name)) || a.id - b.id,
      )
      .map((r) => r.id);
    expect(desc.map((r) => Number(r[0]))).toEqual(expected);
    const first = (await run({ $select: 'name', $order: 'name NULLS FIRST', $limit: '1000' })).rows;
    expect(first.slice(0, 3).map((r) => r[0])).toEqual([null, null, null]);
  });

  it('keeps $group and DISTINCT exact: strings the collation holds equal stay apart', async () => {
    const groups = (await run({ $select: 'name, count(*) AS n', $group: 'name', $order: 'name', $limit: '1000' })).rows;
    expect(groups.map((g) => g[0])).toEqual([...new Set(NAMES)].sort(byName));
    const count = (name: string) => Number(groups.find((g) => g[0] === name)?.[1]);
    expect(count('é')).toBe(2);
    expect(count('e\u0301')).toBe(2);
    expect(count('北京')).toBe(5);
    expect(count('北京\u200b')).toBe(2);
  });

  it('compares text in $where by pinyin too (<, >, BETWEEN), equality exactly', async () => {
    const names = async (where: string) =>
      (await run({ $select: 'distinct name', $where: where, $order: 'name', $limit: '1000' })).rows.map((r) => r[0]);
    const distinct = [...new Set(NAMES)].filter((n): n is string => n !== null);
    expect(await names("name > '北京市'")).toEqual(
      distinct.filter((n) => pinyin.compare(n, '北京市') > 0).sort(byName),
    );
    expect(await names("name BETWEEN '北京' AND '上海'")).toEqual(
      distinct.filter((n) => pinyin.compare(n, '北京') >= 0 && pinyin.compare(n, '上海') <= 0).sort(byName),
    );
    expect(await names("name = 'é'")).toEqual(['é']);
    expect(await names("name <= 'é' AND name >= 'é'")).toEqual(['é', 'e\u0301'].sort(byName));
    expect(await names("name IN ('北京')")).toEqual(['北京']);
  });

  it('gives min and max of text in pinyin order too, per group as over all rows', async () => {
    const present = NAMES.filter((n): n is string => n !== null);
    const [all] = (await run({ $select: 'min(name) AS lo, max(name) AS hi' })).rows;
    // The first and last in pinyin order, then by code point among strings the collation holds equal.
    expect(all?.[0]).toBe([...present].sort(byName)[0]);
    expect(all?.[1]).toBe([...present].sort(byName).at(-1));
    // Not code point order, where the largest is a Chinese name (pinyin puts Latin letters after Chinese).
    expect(all?.[1]).not.toBe([...present].sort().at(-1));
    const groups = (await run({ $select: 'district, min(name) AS lo', $group: 'district', $limit: '1000' })).rows;
    for (const [district, lo] of groups) {
      const names = ROWS.filter((r) => r.district === district && r.name !== null).map((r) => r.name as string);
      expect(lo).toBe([...names].sort(byName)[0]);
    }
    expect(compileDuckDb(parseQueryParams({ $select: 'max(name)' }, FIELDS, ['id']), FIELDS).sql).toContain(
      `arg_max("name", CASE WHEN "name" IS NOT NULL THEN [icu_sort_key("name", 'zh'), "name"] END)`,
    );
    // Strings the collation holds equal: one answer, the smaller by code point, whatever the scan order.
    const [tie] = (await run({ $select: 'min(name) AS lo', $where: "name IN ('北京', '北京\u200b')" })).rows;
    expect(tie?.[0]).toBe('北京');
  });

  it('keeps code point order for yearmonth columns (the same order, without the cost)', async () => {
    const sqlOf = (params: Record<string, string>) =>
      compileDuckDb(parseQueryParams(params, FIELDS, ['id']), FIELDS).sql;
    expect(sqlOf({ $order: 'month', $where: "month > '2012-01'" })).not.toContain('COLLATE');
    expect(sqlOf({ $order: 'name' })).toContain('COLLATE zh');
    const months = (await run({ $select: 'month', $order: 'month', $limit: '1000' })).rows.map((r) => r[0]);
    const sorted = ROWS.map((r) => r.month).sort((a, b) =>
      a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
    );
    expect(months).toEqual(sorted);
  });
});

describe('keyset pages under the collation: every row exactly once, in the full order', () => {
  /** Label, query, primary key, and the answer column of the first sort key with its direction. */
  const cases: [string, Record<string, string>, string[], { column: number; desc?: true; nullsFirst?: true }][] = [
    ['by name, primary key tiebreak', { $select: 'id, name', $order: 'name' }, ['id'], { column: 1 }],
    [
      'by name descending, file-row tiebreak',
      { $select: 'id, name', $order: 'name DESC' },
      [],
      { column: 1, desc: true },
    ],
    ['NULLS FIRST', { $select: 'id, name', $order: 'name NULLS FIRST' }, ['id'], { column: 1, nullsFirst: true }],
    [
      'two text keys',
      { $select: 'id, district, name', $order: 'district DESC, name' },
      ['id'],
      { column: 1, desc: true },
    ],
    ['an expression', { $select: 'id, upper(name) AS u', $order: 'u' }, ['id'], { column: 1 }],
    [
      'filtered by a text range',
      { $select: 'id, name', $where: "name >= '北京'", $order: 'name' },
      ['id'],
      { column: 1 },
    ],
    [
      'the text primary key itself',
      { $select: 'name, id', $where: 'id < 26', $order: 'name DESC' },
      ['name'],
      { column: 0, desc: true },
    ],
    ['distinct values', { $select: 'distinct name', $order: 'name' }, ['id'], { column: 0 }],
    [
      'groups',
      { $select: 'name, count(*) AS n', $group: 'name', $order: 'name DESC' },
      ['id'],
      { column: 0, desc: true },
    ],
  ];

  it.each(cases)('%s', async (_, params, primaryKey, first) => {
    const full = (await run({ ...params, $limit: '50000' }, primaryKey)).rows.map((r) => [...r]);
    expect(full.length).toBeGreaterThan(20);
    // In pinyin order on the first key (a stable sort keeps the rows it holds equal where they are).
    const values = full.map((r) => r[first.column] as string | null);
    const compare = (a: string | null, b: string | null) =>
      a === null || b === null ? collated(a, b) * (first.nullsFirst ? -1 : 1) : collated(a, b) * (first.desc ? -1 : 1);
    expect(values).toEqual([...values].sort(compare));
    const keyOf = (r: unknown[]) => JSON.stringify(params.$group || params.$select?.startsWith('distinct') ? r : r[0]);
    expect(new Set(full.map(keyOf)).size).toBe(full.length);
    for (const size of [1, 2, 3, 7]) {
      const rows = await paged(params, size, primaryKey);
      expect(rows, `pages of ${size}`).toEqual(full);
    }
  });

  it('pages through every row: none missing, none twice', async () => {
    const rows = await paged({ $select: 'id, name', $order: 'name' }, 4);
    expect(rows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(ROWS.map((r) => r.id));
    const expected = [...ROWS].sort((a, b) => collated(a.name, b.name) || a.id - b.id).map((r) => r.id);
    expect(rows.map((r) => Number(r[0]))).toEqual(expected);
  });
});
