import { describe, expect, it } from 'vitest';
import { compileAthena } from '../../../functions/core/query/compile-athena.ts';
import { compileDuckDb } from '../../../functions/core/query/compile-duckdb.ts';
import { nextCursorFromRow } from '../../../functions/core/query/page-result.ts';
import { parseQueryParams } from '../../../functions/core/query/parse-query-params.ts';
import { appErrorOf } from './app-error-of.ts';
import { athena, duck } from './compile.ts';
import { FIELDS } from './fixture-fields.ts';

/**
 * The SoQL constructs a developer coming from Socrata expects: `$select=distinct`, `count(distinct …)`,
 * the date_extract_* functions, the system field `:id` and `NULLS FIRST|LAST`, compiled for both
 * engines (DuckDB's answers are checked against JS over HTTP in test/integration/api-query-soql.test.ts;
 * no Trino runs here, so Athena's SQL is pinned by its text).
 */

/** Both compilers, with a row-number column for Athena too (so `:id` compiles in both). */
const both = (params: Record<string, string>, primaryKey: string[] = []) => {
  const request = parseQueryParams(params, FIELDS, primaryKey);
  return {
    duck: compileDuckDb(request, FIELDS, { primaryKey }),
    athena: compileAthena(request, FIELDS, { primaryKey, rowIdColumn: 'file_row_number' }),
  };
};

describe('$select=distinct', () => {
  it('compiles to SELECT DISTINCT, paged by keyset over the selected items', () => {
    const c = duck({ $select: 'distinct district, date_extract_y(opened_on) AS y', $order: 'y DESC', $limit: '5' });
    expect(c.sql).toMatchInlineSnapshot(
      `"SELECT "district", "y", CAST("__key_0" AS VARCHAR) AS "__cursor_0", CAST("__key_1" AS VARCHAR) AS "__cursor_1" FROM (SELECT * FROM (SELECT DISTINCT "district" AS "district", extract(year FROM "opened_on") AS "y", extract(year FROM "opened_on") AS "__key_0", "district" AS "__key_1" FROM "data") AS "q" ORDER BY "__key_0" DESC NULLS LAST, "__key_1" ASC NULLS LAST LIMIT $1) AS "p" ORDER BY "__key_0" DESC NULLS LAST, "__key_1" ASC NULLS LAST"`,
    );
    expect(c.pagination).toBe('keyset');
    expect(c.columns).toEqual([
      { name: 'district', type: 'string' },
      { name: 'y', type: 'integer' },
    ]);
    expect(athena({ $select: 'distinct district' }).sql).toContain('SELECT DISTINCT "district" AS "district"');
  });

  it('never leaves the order to the scan (DISTINCT does not keep file order), even for :id', () => {
    const c = duck({ $select: 'distinct :id' }, []);
    expect(c.sql).toContain('SELECT DISTINCT "file_row_number" AS ":id"');
    expect(c.sql).toContain('ORDER BY "__key_0" ASC NULLS LAST');
  });

  it('binds an item with a parameter once per use (no GROUP BY has to match it)', () => {
    const c = duck({ $select: 'distinct population + 1 AS p' });
    // The item and its sort key are one expression: numbered parameters make them one text.
    expect(c.sql).toContain(
      'SELECT DISTINCT ("population" + CAST($1 AS BIGINT)) AS "p", ("population" + CAST($1 AS BIGINT)) AS "__key_0"',
    );
    expect(c.params).toEqual([1, 101]);
  });

  it('is a different query from the same $select without DISTINCT: its cursor is refused', () => {
    const plain = duck({ $select: 'district', $limit: '1' }, []);
    const cursor = nextCursorFromRow(plain, ['a', '0']);
    expect(appErrorOf(() => duck({ $select: 'distinct district', cursor }, [])).detail).toMatch(
      /^cursor: belongs to another query/,
    );
    const distinct = duck({ $select: 'distinct district', $limit: '1' }, []);
    const next = duck({ $select: 'distinct district', cursor: nextCursorFromRow(distinct, ['a', 'a']) }, []);
    expect(next.sql).toContain('WHERE ("__key_0" > CAST($1 AS VARCHAR) OR "__key_0" IS NULL)');
  });

  it.each([
    [{ $select: 'distinct district', $group: 'district' }, '$select: DISTINCT cannot be combined with $group'],
    [{ $select: 'distinct district', $having: "district = 'x'" }, '$select: DISTINCT cannot be combined with $having'],
    [{ $select: 'distinct district, count(*)' }, '$select: DISTINCT cannot be combined with aggregates'],
    [{ $select: 'distinct district', $order: 'count(*)' }, '$select: DISTINCT cannot be combined with aggregates'],
    [{ $select: 'distinct district', $order: 'name' }, '$order: column `name` is not one of the DISTINCT items'],
    [{ $select: 'distinct district', $order: ':id' }, '$order: system field :id is not one of the DISTINCT items'],
  ])('%j is a 400', (params, detail) => {
    expect(appErrorOf(() => duck(params)).detail).toBe(detail);
  });

  it('over more sort keys than a cursor holds is a 400, not a next link that cannot be followed', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => `population + ${i} AS c${i}`);
    expect(appErrorOf(() => duck({ $select: `distinct ${items(65).join(', ')}` })).detail).toBe(
      '$select: 65 sort keys ($order, then the keys that make it total); the limit is 64',
    );
    // 64 items fit; an $order item that is not one of them is a 65th key of the cursor.
    expect(duck({ $select: `distinct ${items(64).join(', ')}` }).cursorColumns).toHaveLength(64);
    expect(appErrorOf(() => duck({ $select: `distinct ${items(64).join(', ')}`, $order: 'c0 * 2' })).detail).toBe(
      '$select: 65 sort keys ($order, then the keys that make it total); the limit is 64',
    );
    // Repeated items are one key.
    const same = `distinct ${Array.from({ length: 65 }, (_, i) => `id AS c${i}`).join(', ')}`;
    expect(duck({ $select: same }).cursorColumns).toHaveLength(1);
  });

  it('may order by the items, their aliases and expressions of them', () => {
    const c = duck({ $select: 'distinct district AS d', $order: 'upper(d) DESC' });
    expect(c.sql).toContain(
      'SELECT DISTINCT "district" AS "d", upper("district") AS "__key_0", "district" AS "__key_1"',
    );
  });
});

describe('count(distinct …)', () => {
  it('compiles in both engines and names its column like count', () => {
    const { duck: d, athena: a } = both({ $select: 'count(distinct district), count(district) AS n' });
    for (const c of [d, a]) {
      expect(c.sql).toContain('count(DISTINCT "district") AS "count_district", count("district") AS "n"');
      expect(c.pagination).toBe('single');
    }
    expect(duck({ $select: 'district, count(distinct name) AS names', $group: 'district' }).sql).toContain(
      'count(DISTINCT "name") AS "names"',
    );
  });

  it('is the only aggregate that takes DISTINCT', () => {
    const e = appErrorOf(() => duck({ $select: 'sum(distinct population)' }));
    expect(e.detail).toBe('$select: sum(DISTINCT …) is not supported (character 1); only count takes DISTINCT');
  });
});

describe('date_extract_*', () => {
  const FUNCTIONS = [
    ['date_extract_y', 'extract(year FROM "updated_at")', 'extract(YEAR FROM "updated_at")'],
    ['date_extract_m', 'extract(month FROM "updated_at")', 'extract(MONTH FROM "updated_at")'],
    ['date_extract_d', 'extract(day FROM "updated_at")', 'extract(DAY FROM "updated_at")'],
    ['date_extract_hh', 'extract(hour FROM "updated_at")', 'extract(HOUR FROM "updated_at")'],
    ['date_extract_mm', 'extract(minute FROM "updated_at")', 'extract(MINUTE FROM "updated_at")'],
    ['date_extract_ss', 'extract(second FROM "updated_at")', 'extract(SECOND FROM "updated_at")'],
    ['date_extract_dow', 'extract(dow FROM "updated_at")', '(extract(DOW FROM "updated_at") % 7)'],
    ['date_extract_woy', 'extract(week FROM "updated_at")', 'extract(WEEK FROM "updated_at")'],
  ] as const;

  it.each(FUNCTIONS)('%s of a datetime is an integer in both engines', (fn, duckSql, athenaSql) => {
    const { duck: d, athena: a } = both({ $select: `${fn}(updated_at) AS x` });
    expect(d.sql).toContain(`${duckSql} AS "x"`);
    expect(a.sql).toContain(`${athenaSql} AS "x"`);
    expect(d.columns).toEqual([{ name: 'x', type: 'integer' }]);
    expect(a.columns).toEqual(d.columns);
  });

  it('of a date: Athena reads the time of day of midnight (Trino has no hour of a DATE)', () => {
    const { duck: d, athena: a } = both({ $select: 'date_extract_hh(opened_on), date_extract_d(opened_on)' });
    expect(d.sql).toContain('extract(hour FROM "opened_on") AS "date_extract_hh_opened_on"');
    expect(a.sql).toContain('extract(HOUR FROM CAST("opened_on" AS TIMESTAMP)) AS "date_extract_hh_opened_on"');
    expect(a.sql).toContain('extract(DAY FROM "opened_on") AS "date_extract_d_opened_on"');
  });

  it('works in $where, $group, $order and $having, with date_trunc_*', () => {
    const c = duck({
      $select: 'date_extract_y(opened_on) AS y, date_trunc_ym(updated_at) AS m, count(*) AS n',
      $where: 'date_extract_dow(opened_on) IN (0, 6) AND date_extract_m(opened_on) = 12',
      $group: 'y, m',
      $having: 'n > 1',
      $order: 'y DESC, m',
    });
    expect(c.sql).toContain(
      'WHERE ((list_contains([CAST($1 AS BIGINT), CAST($2 AS BIGINT)], extract(dow FROM "opened_on"))) AND (extract(month FROM "opened_on") = CAST($3 AS BIGINT))) GROUP BY extract(year FROM "opened_on"), date_trunc(\'month\', "updated_at") HAVING (count(*) > CAST($4 AS BIGINT))',
    );
    expect(c.params).toEqual([0, 6, 12, 1, 101]);
  });

  it.each([
    [
      { $select: 'date_extract_y(name)' },
      '$select: date_extract_y() needs date or datetime, but column `name` is string',
    ],
    [
      { $where: 'date_extract_woy(population) = 1' },
      '$where: date_extract_woy() needs date or datetime, but column `population` is integer',
    ],
    [
      { $order: "date_extract_hh('2024-01-01')" },
      "$order: date_extract_hh() needs date or datetime, but '2024-01-01' is string",
    ],
    [{ $select: 'date_extract_y(opened_on, 1)' }, '$select: date_extract_y() takes 1 argument, got 2 (character 1)'],
  ])('%j is a 400 naming the column', (params, detail) => {
    const e = appErrorOf(() => duck(params));
    expect([e.status, e.detail]).toEqual([400, detail]);
  });

  it('an unknown function is still a 400 that suggests the closest name and lists them all', () => {
    const e = appErrorOf(() => duck({ $select: 'date_extract_yy(opened_on)' }));
    expect(e.detail).toBe('$select: unknown function date_extract_yy() at character 1');
    expect(e.hint).toMatch(/^Did you mean date_extract_y\(\)\? Functions: count, .*date_extract_woy\.$/);
  });
});

describe(':id', () => {
  it('is the row number: selectable (named :id), filterable and orderable; alone it is the scan order', () => {
    const c = duck({ $select: ':id, name', $where: ':id >= 10', $order: ':id' }, []);
    expect(c.sql).toMatchInlineSnapshot(
      `"SELECT ":id", "name", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT "file_row_number" AS ":id", "name" AS "name", "file_row_number" AS "__key_0" FROM "data" WHERE ("file_row_number" >= CAST($1 AS BIGINT))) AS "q" LIMIT $2) AS "p""`,
    );
    expect(c.columns).toEqual([
      { name: ':id', type: 'integer' },
      { name: 'name', type: 'string' },
    ]);
  });

  it('keeps the cursors of the default order: ordering by :id is the tiebreak itself', () => {
    const byId = duck({ $select: 'name', $order: ':id' }, []);
    const plain = duck({ $select: 'name' }, []);
    expect(byId.fingerprint).toBe(plain.fingerprint);
    expect(byId.cursorColumns).toHaveLength(1);
    expect(duck({ $order: ':id DESC' }, []).sql).toContain('ORDER BY "__key_0" DESC NULLS LAST');
  });

  it('needs no tiebreak, even when a version has a primary key: row positions are unique', () => {
    const byId = duck({ $order: ':id', $select: 'id' });
    // Alone, it is the scan order: no sort at all (docs/query.md).
    expect(byId.sql).not.toContain('ORDER BY');
    expect(byId.sql).not.toContain('__key_1');
    expect(byId.cursorColumns).toHaveLength(1);
    const desc = duck({ $order: ':id DESC', $select: 'id' });
    expect(desc.sql).toContain('ORDER BY "__key_0" DESC NULLS LAST LIMIT');
    expect(desc.sql).not.toContain('__key_1');
    const after = duck({ $order: 'district, :id', $select: 'id' });
    expect(after.cursorColumns).toHaveLength(2);
  });

  it('compiles for Athena when the table has a row-number column, and is a 400 when it has none', () => {
    const { athena: a } = both({ $select: ':id', $where: ':id < 5' });
    expect(a.sql).toContain('"file_row_number" AS ":id"');
    const e = appErrorOf(() => athena({ $where: ':id < 5' }));
    expect([e.status, e.detail]).toEqual([
      400,
      '$where: :id (character 1) is not available for this version: its query engine has no row positions',
    ]);
  });

  it.each([
    [{ $where: ':created_at > 1' }, '$where: unknown system field :created_at at character 1'],
    [{ $where: ":id LIKE 'x'" }, '$where: LIKE needs string, but system field :id is integer'],
    [{ $where: ':id' }, '$where: must be a condition (true or false), but system field :id is integer'],
    [{ $select: ':id, count(*)' }, '$select: system field :id must appear in $group or inside an aggregate'],
  ])('%j is a 400 naming it', (params, detail) => {
    expect(appErrorOf(() => duck(params, [])).detail).toBe(detail);
  });

  it('may be selected beside a published column of the same look, which is backquoted', () => {
    expect(duck({ $select: ':id, id' }, []).columns.map((c) => c.name)).toEqual([':id', 'id']);
  });
});

describe('NULLS FIRST / NULLS LAST', () => {
  it('renders in both ORDER BYs; the default and NULLS LAST are the order (and fingerprint) of before', () => {
    const first = duck({ $select: 'id, area', $order: 'area DESC NULLS FIRST' });
    expect(first.sql).toContain(
      'ORDER BY "__key_0" DESC NULLS FIRST, "__key_1" ASC NULLS LAST LIMIT $1) AS "p" ORDER BY "__key_0" DESC NULLS FIRST',
    );
    expect(athena({ $order: 'area NULLS FIRST' }).sql).toContain('ORDER BY "__key_0" ASC NULLS FIRST');
    const last = duck({ $select: 'id, area', $order: 'area DESC NULLS LAST' });
    const plain = duck({ $select: 'id, area', $order: 'area DESC' });
    expect(last.sql).toBe(plain.sql);
    expect(last.fingerprint).toBe(plain.fingerprint);
    expect(first.fingerprint).not.toBe(plain.fingerprint);
  });

  it('a cursor of one null order is refused by the other', () => {
    const first = duck({ $select: 'id, area', $order: 'area NULLS FIRST', $limit: '2' });
    const cursor = nextCursorFromRow(first, [1, null, null, '1']);
    expect(appErrorOf(() => duck({ $select: 'id, area', $order: 'area', cursor })).detail).toMatch(
      /^cursor: belongs to another query/,
    );
  });
});
