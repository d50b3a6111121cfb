import { describe, expect, it } from 'vitest';
import { compileDuckDb } from '../../../functions/core/query/compile-duckdb.ts';
import { parseQueryParams } from '../../../functions/core/query/parse-query-params.ts';
import { appErrorOf } from './app-error-of.ts';
import { duck } from './compile.ts';
import { FIELDS } from './fixture-fields.ts';

const sqlOf = (params: Record<string, string>) => {
  const c = duck(params);
  return { sql: c.sql, params: c.params };
};

describe('compileDuckDb: SQL and parameters', () => {
  it('selects every column in key order by default, fetching limit + 1', () => {
    const c = duck({});
    expect(c.sql).toMatchInlineSnapshot(
      `"SELECT "id", "name", "district", "population", "area", "open", "opened_on", "updated_at", "year", "名称", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT "id" AS "id", "name" AS "name", "district" AS "district", "population" AS "population", "area" AS "area", "open" AS "open", "opened_on" AS "opened_on", "updated_at" AS "updated_at", "year" AS "year", "名称" AS "名称", "id" AS "__key_0" FROM "data") AS "q" ORDER BY "__key_0" ASC NULLS LAST LIMIT $1) AS "p" ORDER BY "__key_0" ASC NULLS LAST"`,
    );
    expect(c.params).toEqual([101]);
    expect(c.columns.map((col) => `${col.name}:${col.type}`)).toMatchInlineSnapshot(`
      [
        "id:integer",
        "name:string",
        "district:string",
        "population:integer",
        "area:number",
        "open:boolean",
        "opened_on:date",
        "updated_at:datetime",
        "year:year",
        "名称:string",
      ]
    `);
    expect(c.cursorColumns).toEqual(['__cursor_0']);
    expect(c.pagination).toBe('keyset');
  });

  it('binds every literal, casts dates, and coerces quoted numbers', () => {
    expect(
      sqlOf({
        $where:
          "population > '1000' AND opened_on BETWEEN '2020-01-01' AND '2020-12-31' AND updated_at < '2024-05-01T10:00:00' AND name LIKE 'A%' AND open = true AND district IN ('东城区', '西城区') AND area IS NOT NULL",
      }),
    ).toMatchInlineSnapshot(`
      {
        "params": [
          1000,
          "2020-01-01",
          "2020-12-31",
          "2024-05-01 10:00:00",
          "A%",
          true,
          "东城区",
          "西城区",
          101,
        ],
        "sql": "SELECT "id", "name", "district", "population", "area", "open", "opened_on", "updated_at", "year", "名称", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT "id" AS "id", "name" AS "name", "district" AS "district", "population" AS "population", "area" AS "area", "open" AS "open", "opened_on" AS "opened_on", "updated_at" AS "updated_at", "year" AS "year", "名称" AS "名称", "id" AS "__key_0" FROM "data" WHERE ((((((("population" > CAST($1 AS BIGINT)) AND ("opened_on" BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE))) AND ("updated_at" < CAST($4 AS TIMESTAMP))) AND ("name" LIKE $5)) AND ("open" = $6)) AND (list_contains([$7, $8], "district"))) AND ("area" IS NOT NULL))) AS "q" ORDER BY "__key_0" ASC NULLS LAST LIMIT $9) AS "p" ORDER BY "__key_0" ASC NULLS LAST",
      }
    `);
  });

  it('ANDs equality filters and $q terms with $where', () => {
    expect(
      sqlOf({ $where: 'year >= 2020', district: '东城区', population: '5', $q: '图书馆  北京' }),
    ).toMatchInlineSnapshot(`
      {
        "params": [
          2020,
          "东城区",
          5,
          "图书馆",
          "北京",
          101,
        ],
        "sql": "SELECT "id", "name", "district", "population", "area", "open", "opened_on", "updated_at", "year", "名称", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT "id" AS "id", "name" AS "name", "district" AS "district", "population" AS "population", "area" AS "area", "open" AS "open", "opened_on" AS "opened_on", "updated_at" AS "updated_at", "year" AS "year", "名称" AS "名称", "id" AS "__key_0" FROM "data" WHERE (((("year" >= CAST($1 AS BIGINT)) AND ("district" = $2)) AND ("population" = CAST($3 AS BIGINT))) AND (((contains(lower("name"), lower($4)) OR contains(lower("district"), lower($4))) OR contains(lower("名称"), lower($4))) AND ((contains(lower("name"), lower($5)) OR contains(lower("district"), lower($5))) OR contains(lower("名称"), lower($5)))))) AS "q" ORDER BY "__key_0" ASC NULLS LAST LIMIT $6) AS "p" ORDER BY "__key_0" ASC NULLS LAST",
      }
    `);
  });

  it('compiles arithmetic, NOT, NOT IN, NOT LIKE, IS NULL and scalar functions', () => {
    expect(
      sqlOf({
        $select:
          "id, population / area AS density, upper(name) AS n, date_trunc_ym(opened_on) AS m, starts_with(name, 'A') AS a, -area AS neg",
        $where: "NOT (id + 1 * 2 = 3) AND id NOT IN (1, 2) AND name NOT LIKE '%x' AND district IS NULL",
      }),
    ).toMatchInlineSnapshot(`
      {
        "params": [
          "A",
          1,
          2,
          3,
          "%x",
          101,
        ],
        "sql": "SELECT "id", "density", "n", "m", "a", "neg", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT "id" AS "id", ("population" / "area") AS "density", upper("name") AS "n", CAST(date_trunc('month', "opened_on") AS DATE) AS "m", starts_with("name", $1) AS "a", (- "area") AS "neg", "id" AS "__key_0" FROM "data" WHERE ((((NOT (("id" + (CAST($2 AS BIGINT) * CAST($3 AS BIGINT))) = CAST($4 AS BIGINT))) AND (NOT list_contains([CAST($2 AS BIGINT), CAST($3 AS BIGINT)], "id"))) AND ("name" NOT LIKE $5)) AND ("district" IS NULL))) AS "q" ORDER BY "__key_0" ASC NULLS LAST LIMIT $6) AS "p" ORDER BY "__key_0" ASC NULLS LAST",
      }
    `);
  });

  it('groups, aggregates, filters groups and orders by an alias', () => {
    const c = duck({
      $select: 'district, count(*) AS n, sum(population), avg(area), min(opened_on), max(name)',
      $group: 'district',
      $having: 'n > 2',
      $order: 'n DESC',
      $limit: '10',
    });
    expect(c.sql).toMatchInlineSnapshot(
      `"SELECT "district", "n", "sum_population", "avg_area", "min_opened_on", "max_name", CAST("__key_0" AS VARCHAR) AS "__cursor_0", CAST("__key_1" AS VARCHAR) AS "__cursor_1" FROM (SELECT * FROM (SELECT "district" AS "district", count(*) AS "n", sum("population") AS "sum_population", avg("area") AS "avg_area", min("opened_on") AS "min_opened_on", arg_max("name", CASE WHEN "name" IS NOT NULL THEN [icu_sort_key("name", 'zh'), "name"] END) AS "max_name", count(*) AS "__key_0", "district" AS "__key_1" FROM "data" GROUP BY "district" HAVING (count(*) > CAST($1 AS BIGINT))) AS "q" ORDER BY "__key_0" DESC NULLS LAST, "__key_1" ASC NULLS LAST LIMIT $2) AS "p" ORDER BY "__key_0" DESC NULLS LAST, "__key_1" ASC NULLS LAST"`,
    );
    expect(c.params).toEqual([2, 11]);
    expect(c.columns).toMatchInlineSnapshot(`
      [
        {
          "name": "district",
          "type": "string",
        },
        {
          "name": "n",
          "type": "integer",
        },
        {
          "name": "sum_population",
          "type": "integer",
        },
        {
          "name": "avg_area",
          "type": "number",
        },
        {
          "name": "min_opened_on",
          "type": "date",
        },
        {
          "name": "max_name",
          "type": "string",
        },
      ]
    `);
  });

  it('groups by an aliased expression', () => {
    expect(sqlOf({ $select: 'date_trunc_y(updated_at) AS y, count(*)', $group: 'y' })).toMatchInlineSnapshot(`
      {
        "params": [
          101,
        ],
        "sql": "SELECT "y", "count", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT date_trunc('year', "updated_at") AS "y", count(*) AS "count", date_trunc('year', "updated_at") AS "__key_0" FROM "data" GROUP BY date_trunc('year', "updated_at")) AS "q" ORDER BY "__key_0" ASC NULLS LAST LIMIT $1) AS "p" ORDER BY "__key_0" ASC NULLS LAST",
      }
    `);
  });

  it('compiles an aggregate without $group as a single row, without sort keys', () => {
    const c = duck({ $select: 'count(*), sum(population)', $where: 'open' });
    expect(c.sql).toMatchInlineSnapshot(
      `"SELECT count(*) AS "count", sum("population") AS "sum_population" FROM "data" WHERE "open" LIMIT $1"`,
    );
    expect(c.pagination).toBe('single');
    expect(c.cursorColumns).toEqual([]);
  });

  it('leaves out the sort when the only order is the scan order (no $order, no key), so LIMIT stops the scan', () => {
    const c = duck({ district: 'Dongcheng' }, []);
    expect(c.sql).not.toContain('ORDER BY');
    expect(c.sql).toContain('"file_row_number" AS "__key_0"');
    expect(c.pagination).toBe('keyset');
    // With any explicit order the sort is back, file order only breaking ties.
    expect(duck({ district: 'Dongcheng', $order: 'name' }, []).sql).toContain('ORDER BY');
  });

  it('renders IN lists of values with list_contains, other IN lists as IN', () => {
    const values = duck({ $where: "district IN ('a', 'b', 'c', 'd', 'e', 'f', 'g') AND NOT id NOT IN (1, 2)" }, []);
    expect(values.sql).toContain('list_contains([$1, $2, $3, $4, $5, $6, $7], "district")');
    expect(values.sql).toContain('(NOT list_contains([CAST($8 AS BIGINT), CAST($9 AS BIGINT)], "id"))');
    expect(values.sql).not.toMatch(/ IN \(/);
    expect(values.sql).not.toContain('ORDER BY');
    // A column in the list (it may be NULL) keeps SQL IN semantics as IN itself.
    expect(duck({ $where: "district IN ('a', name)" }, []).sql).toContain('("district" IN ($1, "name"))');
  });

  it('uses file_row_number as the tiebreak when there is no primary key', () => {
    expect(duck({ $order: 'name' }, []).sql).toMatchInlineSnapshot(
      `"SELECT "id", "name", "district", "population", "area", "open", "opened_on", "updated_at", "year", "名称", CAST("__key_0" AS VARCHAR) AS "__cursor_0", CAST("__key_1" AS VARCHAR) AS "__cursor_1" FROM (SELECT * FROM (SELECT "id" AS "id", "name" AS "name", "district" AS "district", "population" AS "population", "area" AS "area", "open" AS "open", "opened_on" AS "opened_on", "updated_at" AS "updated_at", "year" AS "year", "名称" AS "名称", "name" AS "__key_0", "file_row_number" AS "__key_1" FROM "data") AS "q" ORDER BY "__key_0" COLLATE zh ASC NULLS LAST, "__key_1" ASC NULLS LAST LIMIT $1) AS "p" ORDER BY "__key_0" COLLATE zh ASC NULLS LAST, "__key_1" ASC NULLS LAST"`,
    );
  });

  it('uses $offset and quotes odd identifiers with the one quoteIdent', () => {
    expect(sqlOf({ $select: '`名称`, id AS `a "b"`', $offset: '20', $limit: '5' })).toMatchInlineSnapshot(`
      {
        "params": [
          6,
          20,
        ],
        "sql": "SELECT "名称", "a ""b""", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT "名称" AS "名称", "id" AS "a ""b""", "id" AS "__key_0" FROM "data") AS "q" ORDER BY "__key_0" ASC NULLS LAST LIMIT $1 OFFSET $2) AS "p" ORDER BY "__key_0" ASC NULLS LAST",
      }
    `);
  });

  it('never puts a literal in the SQL text', () => {
    const c = duck({ $where: "name = 'x'' OR 1=1' OR district = 'DROP'", $q: "');DROP" });
    expect(c.sql).not.toMatch(/DROP|1=1|x'/);
    expect(c.params).toContain("x' OR 1=1");
    expect(c.params).toContain("');DROP");
  });
});

describe('compileDuckDb: semantic errors name the column', () => {
  it.each([
    [{ $where: 'populaton > 1' }, '$where: unknown column `populaton` at character 1', 'Did you mean `population`?'],
    // A bare word compared with text is a value without quotes: the hint quotes it (either side, IN lists too).
    [{ $where: 'district = sun' }, '$where: unknown column `sun` at character 12', "quote a text value, e.g. 'sun'"],
    [{ $where: 'sun <> district' }, '$where: unknown column `sun` at character 1', 'column `district` is text'],
    [{ $where: "district IN ('a', east)" }, '$where: unknown column `east` at character 19', "'east'"],
    // ... but not against a number: there the bare word is more likely a misspelt column.
    [
      { $where: 'population = populaton' },
      '$where: unknown column `populaton` at character 14',
      'Did you mean `population`?',
    ],
    [
      { $select: 'date_extract_y(name)' },
      '$select: date_extract_y() needs date or datetime, but column `name` is string',
      'Pick a date or datetime column: opened_on, updated_at.',
    ],
    [
      { $where: "population = 'abc'" },
      "$where: '=': column `population` is integer, and 'abc' is not an integer",
      undefined,
    ],
    [
      { $where: "opened_on > '2024-13-01'" },
      "$where: '>': column `opened_on` is date, and '2024-13-01' is not a date (YYYY-MM-DD)",
      undefined,
    ],
    [{ $where: 'name > 3' }, "$where: '>': cannot compare column `name` (string) with 3 (integer)", undefined],
    [
      { $where: 'opened_on = population' },
      "$where: '=': cannot compare column `opened_on` (date) with column `population` (integer)",
      undefined,
    ],
    [{ $select: 'sum(name)' }, '$select: sum() needs integer or number, but column `name` is string', undefined],
    [{ $where: 'population LIKE 1' }, '$where: LIKE needs string, but column `population` is integer', undefined],
    [
      { $where: 'area = NULL' },
      "$where: '=' with NULL is never true",
      'Test for missing values with IS NULL or IS NOT NULL.',
    ],
    [
      { $where: 'population' },
      '$where: must be a condition (true or false), but column `population` is integer',
      undefined,
    ],
    [
      { $where: 'count(*) > 1' },
      '$where: aggregate count() is not allowed here (character 1)',
      'Filter on aggregates with $having.',
    ],
    [
      { $select: 'district, count(*)' },
      '$select: column `district` must appear in $group or inside an aggregate',
      undefined,
    ],
    [
      { $select: 'name', $group: 'district' },
      '$select: column `name` must appear in $group or inside an aggregate',
      undefined,
    ],
    [
      { $select: 'district', $group: 'district', $order: 'name' },
      '$order: column `name` must appear in $group or inside an aggregate',
      undefined,
    ],
    [{ $select: 'sum(count(*))' }, '$select: aggregate count() inside another aggregate (character 5)', undefined],
    [{ $group: 'count(*)' }, '$group: aggregate count() is not allowed here (character 1)', undefined],
    [{ $select: 'avg(*)' }, '$select: avg(*) is not supported; only count(*) takes *', undefined],
    [{ $select: 'uper(name)' }, '$select: unknown function uper() at character 1', undefined],
    [{ $select: 'read_csv(name)' }, '$select: unknown function read_csv() at character 1', undefined],
    [{ $select: 'upper(name, name)' }, '$select: upper() takes 1 argument, got 2 (character 1)', undefined],
    [{ $select: 'id AS x, name AS x' }, '$select: output name `x` is used twice', undefined],
    [{ $select: 'id, id' }, '$select: column `id` is selected twice', undefined],
    [{ $select: 'id AS __key_0' }, '$select: alias `__key_0` starts with "__", which is reserved', undefined],
    [{ $order: "'x'" }, '$order: ordering by a constant has no effect', undefined],
    [{ nme: 'x' }, 'nme: unknown column `nme` (a parameter without $ filters on a column)', 'Did you mean `name`?'],
    [{ population: 'many' }, "population: column `population` is integer, and 'many' is not an integer", undefined],
    [
      { opened_on: '2024-02-30' },
      "opened_on: column `opened_on` is date, and '2024-02-30' is not a date (YYYY-MM-DD)",
      undefined,
    ],
  ] as const)('%j', (params, detail, hint) => {
    const error = appErrorOf(() => duck(params as Record<string, string>));
    expect(error.status).toBe(400);
    expect(error.slug).toBe('invalid-query');
    expect(error.detail).toBe(detail);
    if (hint) expect(error.hint).toContain(hint);
    expect(error.errors).toHaveLength(1);
  });

  it('refuses $q on a dataset without text columns', () => {
    const numeric = FIELDS.filter((f) => f.type === 'integer');
    const query = parseQueryParams({ $q: 'x' }, numeric, ['id']);
    expect(appErrorOf(() => compileDuckDb(query, numeric)).detail).toBe(
      '$q: this dataset has no text columns to search',
    );
  });
});

describe('compileDuckDb: the search column', () => {
  const compile = (params: Record<string, string>, searchColumn?: string) =>
    compileDuckDb(parseQueryParams(params, FIELDS, ['id']), FIELDS, {
      primaryKey: ['id'],
      ...(searchColumn ? { searchColumn } : {}),
    });

  it('tells the engine when the SQL reads it: only for $q, and only when the engine provides it', () => {
    const q = compile({ $q: '公园' }, '__search');
    expect(q.readsSearchColumn).toBe(true);
    expect(q.sql).toContain('"__search"');
    expect(compile({ name: 'x' }, '__search').readsSearchColumn).toBeUndefined();
    const withoutColumn = compile({ $q: '公园' });
    expect(withoutColumn.readsSearchColumn).toBeUndefined();
    expect(withoutColumn.sql).not.toContain('__search');
  });
});

describe('compileDuckDb: the count of the rows a query answers', () => {
  it('counts the rows a plain filter keeps, with parameters of its own, whatever the page', () => {
    const first = duck({ $where: 'population > 1000', $order: 'name', $limit: '10' });
    expect(first.count).toEqual({
      sql: 'SELECT count(*) AS total FROM "data" WHERE ("population" > CAST($1 AS BIGINT))',
      params: [1000],
    });
    // A later page (offset, another limit) counts the same rows.
    expect(duck({ $where: 'population > 1000', $order: 'name', $limit: '5', $offset: '20' }).count).toEqual(
      first.count,
    );
    expect(duck({}).count).toEqual({ sql: 'SELECT count(*) AS total FROM "data"', params: [] });
  });

  it('counts the rows of the answer itself for DISTINCT, a grouping and $having', () => {
    expect(duck({ $select: 'distinct district' }).count.sql).toBe(
      'SELECT count(*) AS total FROM (SELECT DISTINCT "district" AS "district" FROM "data") AS "q"',
    );
    const grouped = duck({ $select: 'district, count(*) AS n', $group: 'district', $having: 'count(*) > 2' });
    expect(grouped.count.sql).toBe(
      'SELECT count(*) AS total FROM (SELECT "district" AS "district", count(*) AS "n" FROM "data" GROUP BY "district" HAVING (count(*) > CAST($1 AS BIGINT))) AS "q"',
    );
    expect(grouped.count.params).toEqual([2]);
  });
});
