import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_SIZES, LAMBDA_FUNCTIONS, LEFT_OUT } from '../../functions/core/sql/function-sizes.ts';
import { inspectSerializedSelect, type SqlInspection } from '../../functions/core/sql/inspect-select.ts';
import { SIZE_LIMITS } from '../../functions/core/sql/value-size.ts';
import { expectChineseViolation } from '../support/query-problem-zh.ts';

/**
 * The size rules of client SQL (POST /v1/sql), on DuckDB's own parse tree: SQL that could build a
 * value much larger than the data it reads is refused before it runs (the security review's finding 3:
 * `repeat('x', 800000000)` took 1.5 GB outside DuckDB's memory limit, and one evaluation of 9.7 GB ran
 * 25 s past a 1 s time limit), while ordinary uses of the same functions still run.
 */

let db: DuckDBInstance;
let c: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:', { memory_limit: '512MB', threads: '1' });
  c = await db.connect();
  await c.run(`CREATE TABLE "seattle-weather" AS
    SELECT DATE '2012-01-01' + i::INTEGER AS date, ['drizzle', 'rain', 'sun', 'snow', 'fog'][i % 5 + 1] AS weather,
      (i % 30)::DOUBLE AS temp_max, (i % 30 - 8)::DOUBLE AS temp_min FROM range(1461) r(i)`);
  await c.run(
    `CREATE TABLE "cn-provinces" AS SELECT * FROM (VALUES ('11', '北京市'), ('12', '天津市'), ('31', '上海市')) p(code, name)`,
  );
});
afterAll(() => {
  c?.closeSync();
});

const inspect = async (sql: string): Promise<SqlInspection> => {
  const r = await c.runAndReadAll('SELECT json_serialize_sql(?::VARCHAR)', [sql]);
  return inspectSerializedSelect(String(r.getRows()[0]?.[0] ?? ''));
};
/** The refusals of `sql`, each of which says it in Chinese too (the problem's `zh`), with the same names and numbers. */
const refusal = async (sql: string) => {
  const i = await inspect(sql);
  if (i.ok) throw new Error(`allowed: ${sql.slice(0, 200)}`);
  for (const v of i.violations) expectChineseViolation(v);
  return i.violations;
};

describe('values much larger than the data', () => {
  it("refuses the review's payloads, naming repeat() and why, with a hint", async () => {
    const first = await refusal("SELECT length(repeat('x', 800000000)) AS n");
    expect(first).toEqual([
      {
        where: 'function repeat',
        message:
          "repeat() could build a value of 800000000 bytes from the query's constants; at most 1048576 are allowed",
        hint: expect.stringMatching(
          /^\/v1\/sql refuses SQL that could build values much larger than the data it reads: .*lpad\(code, 6, '0'\)/,
        ),
        zh: {
          message: 'repeat() 可能由查询中的常量生成 800000000 字节的值；最多允许 1048576 字节',
          hint: expect.stringMatching(/^\/v1\/sql 会拒绝可能生成远大于所读数据的值的 SQL：.*lpad\(code, 6, '0'\)/),
        },
      },
    ]);
    const second = await refusal("SELECT length(repeat(repeat('x', 1000), 1500000) || repeat('y', 1500000000)) AS n");
    expect(second.map((v) => v.message)).toEqual([
      "repeat() could build a value of 1500000000 bytes from the query's constants; at most 1048576 are allowed",
    ]);
  });

  // Each function that builds a value larger than its inputs from a count or width written in the query.
  it.each([
    ["SELECT repeat('x', 1048577)", 'function repeat', /1048577 bytes/],
    ["SELECT repeat('ab'::BLOB, 600000)", 'function repeat', /1200000 bytes/],
    ["SELECT lpad('x', 300000, 'ab')", 'function lpad', /1200000 bytes/],
    ['SELECT rpad(name, 300000) FROM "cn-provinces"', 'function rpad', /1200000 bytes/],
    ["SELECT printf('%2000000d', 1)", 'function printf', /2000048 bytes/],
    ["SELECT printf('%.2000000f', 1.5)", 'function printf', /2000048 bytes/],
    ["SELECT format('{:>2000000}', 'x')", 'function format', /2000001 bytes/],
    ["SELECT format('{:*^2000000}', 'x')", 'function format', /2000001 bytes/],
    ['SELECT range(100000)', 'function range', /4800000 bytes/],
    ['SELECT generate_series(1, 100000)', 'function generate_series', /4800000 bytes/],
    ['SELECT list_resize(list_value(1), 100000)', 'function list_resize', /bytes/],
    ['SELECT array_resize(list_value(1), 100000, 7)', 'function array_resize', /bytes/],
    ["SELECT bitstring('1', 2000000)", 'function bitstring', /2000001 bytes/],
    ['SELECT equi_width_bins(0, 10, 100000, true)', 'function equi_width_bins', /4800000 bytes/],
    ['SELECT NULL::INTEGER[100000]', 'CAST(… AS ARRAY)', /4800000 bytes/],
  ])('refuses %s', async (sql, where, message) => {
    const v = await refusal(sql);
    expect(v[0]?.where).toBe(where);
    expect(v[0]?.message).toMatch(message);
    expect(v[0]?.message).toMatch(/from the query's constants; at most 1048576 are allowed$/);
  });

  it('refuses counts and widths that are not written in the query', async () => {
    for (const [sql, fn] of [
      ['SELECT repeat(\'x\', CAST(temp_max AS INTEGER)) FROM "seattle-weather"', 'repeat'],
      ["SELECT repeat('x', (SELECT 1000000000))", 'repeat'],
      ['SELECT lpad(weather, CAST(temp_max AS INTEGER), \'*\') FROM "seattle-weather"', 'lpad'],
      ['SELECT range(CAST(temp_max AS BIGINT)) FROM "seattle-weather"', 'range'],
      ['SELECT list_resize(list_value(1), CAST(temp_max AS BIGINT)) FROM "seattle-weather"', 'list_resize'],
      ['SELECT printf(weather, 1) FROM "seattle-weather"', 'printf'],
      ['SELECT format(weather, 1) FROM "seattle-weather"', 'format'],
      ["SELECT printf('%*d', 1000000000, 1)", 'printf'],
      ["SELECT format('{:{}}', 'x', 1000000000)", 'format'],
      ['SELECT replace(weather, \'a\', weather) FROM "seattle-weather"', 'replace'],
      ["SELECT regexp_replace(weather, '', weather, 'g') FROM \"seattle-weather\"", 'regexp_replace'],
    ]) {
      const v = await refusal(sql as string);
      expect(v[0]?.where, sql).toBe(`function ${fn}`);
      expect(v[0]?.message, sql).toMatch(/written in (the query|its format|the format)/);
    }
  });

  it('refuses functions that expand their input when nested until the value is large', async () => {
    const nest = (fn: string, n: number, inner: string) => `${`${fn}(`.repeat(n)}${inner}${')'.repeat(n)}`;
    for (const [sql, where] of [
      [`SELECT ${nest('bin', 7, "'x'")}`, 'function bin'],
      [`SELECT ${nest('hex', 21, "'x'")}`, 'function hex'],
      [`SELECT ${nest('url_encode', 14, "'%'")}`, 'function url_encode'],
      [`SELECT ${nest('to_base64', 50, "'x'")}`, 'function to_base64'],
      [`SELECT ${nest('hex', 7, 'weather')} FROM "seattle-weather"`, 'function hex'],
      [`SELECT ${nest('upper', 11, 'weather')} FROM "seattle-weather"`, 'function upper'],
      [
        `SELECT ${nest('regexp_replace', 5, "'abc'").replace(/\)/g, ", '', 'zzzzzzzzzzzzzzzzzzzz', 'g')")}`,
        'function regexp_replace',
      ],
      [`SELECT ${nest('replace', 7, "'xxxxxxxxxx'").replace(/\)/g, ", 'x', 'xxxxxxxxxx')")}`, 'function replace'],
      [`SELECT ${nest('to_json', 7, 'weather')} FROM "seattle-weather"`, 'function to_json'],
      [`SELECT ${nest('strftime', 5, "'%c%c'").replace(/\)/g, ", DATE '2024-01-01')")}`, 'function strftime'],
    ]) {
      const v = await refusal(sql as string);
      expect(v[0]?.where, sql).toBe(where);
    }
  });

  it('refuses copies of one value that multiply through derived columns', async () => {
    const ctes = (n: number) =>
      `WITH c0 AS (SELECT weather AS s FROM "seattle-weather"), ${Array.from({ length: n }, (_, i) => `c${i + 1} AS (SELECT s || s AS s FROM c${i})`).join(', ')} SELECT length(s) FROM c${n}`;
    expect(await inspect(ctes(6))).toMatchObject({ ok: true }); // 64 copies of a weather word
    expect((await refusal(ctes(7)))[0]).toMatchObject({
      where: 'operator ||',
      message: 'the operator || could hold 128 copies of the column "weather" in one value; at most 64 are allowed',
    });
    // The same through subqueries, lateral aliases, VALUES, a UNION, a join of a CTE with itself,
    // repeated arguments, and a struct field.
    for (const sql of [
      `SELECT length(s) FROM ${'(SELECT s || s AS s FROM '.repeat(7)}(SELECT weather AS s FROM "seattle-weather")${') q'.repeat(7)}`,
      `SELECT weather AS c0, ${Array.from({ length: 7 }, (_, i) => `c${i} || c${i} AS c${i + 1}`).join(', ')} FROM "seattle-weather"`,
      `SELECT length(concat(${Array(65).fill('weather').join(', ')})) FROM "seattle-weather"`,
      `SELECT concat_ws(weather, ${Array(66).fill("'-'").join(', ')}) FROM "seattle-weather"`,
      `SELECT printf('${'%1$s'.repeat(65)}', weather) FROM "seattle-weather"`,
      `SELECT format('${'{0}'.repeat(65)}', weather) FROM "seattle-weather"`,
      `SELECT list_value(${Array(65).fill('weather').join(', ')}) FROM "seattle-weather"`,
      'SELECT length(repeat(weather, 65)) FROM "seattle-weather"',
      'WITH a AS (SELECT weather AS s FROM "seattle-weather"), b AS (SELECT x.s || y.s AS s FROM a x, a y), c AS (SELECT x.s || y.s AS s FROM b x, b y), d AS (SELECT x.s || y.s AS s FROM c x, c y), e AS (SELECT x.s || y.s AS s FROM d x, d y), f AS (SELECT x.s || y.s AS s FROM e x, e y), g AS (SELECT x.s || y.s AS s FROM f x, f y), h AS (SELECT x.s || y.s AS s FROM g x, g y) SELECT s FROM h',
      `SELECT ${'(SELECT s.f || s.f AS f FROM (SELECT struct_pack(f := '.repeat(1)}weather) AS s FROM "seattle-weather") q)`,
      'SELECT v.s || v.s || v.s FROM (VALUES (repeat(\'x\', 30000))) v(s), "seattle-weather"',
      'SELECT a || a FROM (SELECT repeat(\'x\', 40000) AS a UNION ALL SELECT weather FROM "seattle-weather")',
    ]) {
      const i = await inspect(sql);
      // The struct case holds two copies only: it is here to show a field is bounded by its struct.
      if (sql.includes('struct_pack')) expect(i.ok, sql).toBe(true);
      else expect(i.ok, sql.slice(0, 120)).toBe(false);
    }
  });

  it('refuses loops that grow a value: recursive CTEs and list_reduce', async () => {
    expect(
      (
        await refusal("WITH RECURSIVE t(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM t) SELECT max(length(s)) FROM t")
      )[0],
    ).toEqual({
      where: 'recursive CTE t',
      message: 'the recursive CTE "t" makes its values larger at every step; its values could grow without bound',
      hint: expect.stringMatching(/^keep what a recursive step selects to the size of what it reads/),
      zh: {
        message: '递归 CTE "t" 每一步都让值变大；它的值可能无限增长',
        hint: expect.stringMatching(/^递归步骤选出的值不要超过它读取的值的大小/),
      },
    });
    for (const sql of [
      "WITH RECURSIVE t(s, n) AS (SELECT 'x', 0 UNION ALL SELECT s || s, n + 1 FROM t WHERE n < 40) SELECT max(length(s)) FROM t",
      "WITH RECURSIVE t(path, n) AS (SELECT 'root', 0 UNION ALL SELECT path || '/x', n + 1 FROM t WHERE n < 10) SELECT * FROM t",
      'WITH RECURSIVE t(s) AS (SELECT weather FROM "seattle-weather" UNION ALL SELECT a.s || b.s FROM t a, t b) SELECT * FROM t',
    ]) {
      expect((await refusal(sql))[0]?.where, sql).toMatch(/^recursive CTE/);
    }
    const reduce = await refusal(
      `SELECT length(list_reduce(string_split('${Array(40).fill('x').join(',')}', ','), lambda a, b: a || a))`,
    );
    expect(reduce[0]).toMatchObject({
      where: 'function list_reduce',
      message: 'list_reduce() uses its accumulator 2 times in its lambda: the result could double at every element',
    });
    expect(
      (
        await refusal('SELECT list_transform(string_split(weather, \'\'), x -> repeat(x, 100)) FROM "seattle-weather"')
      )[0]?.where,
    ).toBe('function repeat');
    expect(
      (await refusal('SELECT list_transform(string_split(weather, \'\'), x -> x || weather) FROM "seattle-weather"'))[0]
        ?.message,
    ).toMatch(/would copy other columns into every element of a list read from the data/);
  });

  it('refuses many values that each pass but together would not', async () => {
    const constants = await refusal(`SELECT ${Array(5).fill("repeat('x', 1000000)").join(', ')}`);
    expect(constants[0]).toMatchObject({ where: 'values' });
    expect(constants[0]?.message).toMatch(
      /^the query's constant values would take 5000000 bytes together .*at most 4194304/,
    );
    const perRow = await refusal(
      `SELECT ${Array(3).fill("weather || repeat('x', 30000)").join(', ')} FROM "seattle-weather"`,
    );
    expect(perRow[0]?.message).toMatch(
      /^the query would build 90000 bytes from constants for every row .*at most 65536 are allowed, as DuckDB computes 2,048 rows at once$/,
    );
    // A constant copied for every row counts for every row.
    expect(
      await refusal('SELECT upper(v.s) FROM (VALUES (repeat(\'x\', 1000000))) v(s), "seattle-weather"'),
    ).toHaveLength(1);
    const star = await refusal('SELECT COLUMNS(*)::VARCHAR || repeat(\'x\', 1000) FROM "seattle-weather"');
    expect(star[0]?.message).toMatch(/for every row/);
    // Through a select alias named in WHERE, and through the fields of a struct expanded with s.*.
    for (const sql of [
      `SELECT repeat('x', 60000) AS big FROM "seattle-weather" WHERE length(big || big) > 0`,
      `SELECT upper(a) || upper(a) FROM (SELECT s.* FROM (SELECT struct_pack(a := repeat('x', 30000)) AS s FROM "seattle-weather") q)`,
    ]) {
      expect((await refusal(sql))[0]?.message, sql).toMatch(/for every row/);
    }
  });

  it('bounds what aggregates gather: it may be printed once, not copied, and carries no field names per row', async () => {
    expect(
      await inspect('SELECT list(weather)::VARCHAR, length(string_agg(weather, \',\')) FROM "seattle-weather"'),
    ).toMatchObject({
      ok: true,
    });
    expect(
      (
        await refusal(
          'SELECT length(s || s || s || s) FROM (SELECT string_agg(a.weather, \'\') AS s FROM "seattle-weather" a, "seattle-weather" b)',
        )
      )[0]?.message,
    ).toMatch(/copies of what string_agg\(\) gathered/);
    const keys = await refusal(
      `SELECT list(q)::VARCHAR FROM (SELECT 1 AS "${'k'.repeat(1000)}" FROM "seattle-weather") q`,
    );
    expect(keys[0]?.message).toMatch(
      /^list\(\) would gather lists or structs holding \d+ bytes of constants .* from every row; at most 64/,
    );
  });

  it('refuses functions outside the allow-list, and casts to types /v1/sql does not offer', async () => {
    for (const [sql, message] of [
      ['SELECT sleep_ms(60000)', 'the function sleep_ms() is not available in /v1/sql'],
      ["SELECT json_pretty('[1]')", 'the function json_pretty() is not available in /v1/sql'],
      ["SELECT write_log('x')", 'the function write_log() is not available in /v1/sql'],
      ["SELECT enum_range(NULL::ENUM('a'))", 'the function enum_range() is not available in /v1/sql'],
      [
        'SELECT reservoir_quantile(temp_max, 0.5, 100000000) FROM "seattle-weather"',
        'the function reservoir_quantile() is not available in /v1/sql',
      ],
      ["SELECT getenv('HOME')", 'the function getenv() is not allowed'],
      ['SELECT weather.repeat(1000000000) FROM "seattle-weather"', 'the function repeat() is not allowed'],
      [
        "SELECT CAST(weather AS ENUM('a', 'b')) FROM \"seattle-weather\"",
        'casting to ENUM is not supported in /v1/sql',
      ],
      ['SELECT CAST(1 AS BIGNUM)', 'casting to BIGNUM is not supported in /v1/sql'],
    ]) {
      expect((await refusal(sql as string))[0]?.message, sql).toBe(message);
    }
  });
});

describe('legitimate uses stay allowed, and run', () => {
  const ALLOWED = [
    "SELECT lpad(code, 6, '0') AS padded, rpad(name, 8, '.') AS dotted FROM \"cn-provinces\"",
    'SELECT repeat(\'-\', 10) AS rule, repeat(weather, 3) AS echo FROM "seattle-weather" LIMIT 3',
    "SELECT repeat('x', 1048576) AS biggest",
    "SELECT lpad('x', 262144, 'ab') AS widest",
    'SELECT range(21399) AS longest',
    "SELECT printf('%s-%05d|%-8s|%.2f', name, 7, code, 3.14159) AS p, format('{} ({:>4})', name, code) AS f FROM \"cn-provinces\"",
    "SELECT extract(year FROM date) AS y, substring(weather FROM 1 FOR 2) AS w2, trim(BOTH 'd' FROM weather) AS t, position('a' IN weather) AS p FROM \"seattle-weather\" LIMIT 2",
    "SELECT date_trunc('month', date) AS m, avg(temp_max), max(temp_max) - min(temp_min) AS spread, count(*) FILTER (WHERE weather = 'rain') AS rainy FROM \"seattle-weather\" GROUP BY ALL ORDER BY m",
    "SELECT weather, string_agg(DISTINCT strftime(date, '%Y'), ', ' ORDER BY 1) AS years, array_to_string(list(date ORDER BY date), ';') AS dates, histogram(year(date)) AS per_year FROM \"seattle-weather\" GROUP BY weather",
    'SELECT *, row_number() OVER (PARTITION BY weather ORDER BY date) AS rn, lag(temp_max, 1, 0) OVER (ORDER BY date) AS prev FROM "seattle-weather" QUALIFY rn <= 2',
    'SELECT upper(name), lower(name), length(name), left(name, 2), concat_ws(\' / \', code, name, upper(name)), md5(name), hex(name), to_json(p) FROM "cn-provinces" p',
    'SELECT COLUMNS(*)::VARCHAR FROM "seattle-weather" LIMIT 1',
    'SELECT concat_ws(\',\', *COLUMNS(*)) AS line FROM "seattle-weather" LIMIT 1',
    'SELECT list_transform(string_split(name, \'\'), x -> upper(x)) AS chars, list_filter(list(temp_max) OVER (), x -> x > 25) IS NOT NULL AS f FROM "cn-provinces", "seattle-weather" LIMIT 1',
    "SELECT list_reduce(string_split('a,b,c', ','), lambda acc, x: acc || '+' || x) AS joined",
    'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT count(*), max(n) FROM t',
    "WITH RECURSIVE t(d, depth) AS (SELECT DATE '2012-01-01', 0 UNION ALL SELECT d + 1, depth + 1 FROM t WHERE depth < 30) SELECT count(*) FROM t",
    'SELECT unnest(generate_series(1, 100)) AS n',
    'SELECT * FROM (SELECT weather, year(date) AS y, temp_max FROM "seattle-weather") PIVOT (avg(temp_max) FOR y IN (2012, 2013) GROUP BY weather)',
    "SELECT CASE WHEN temp_max > 20 THEN 'warm' ELSE 'cold' END AS k, count(*) FROM \"seattle-weather\" GROUP BY k",
    'SELECT a.date, b.weather FROM "seattle-weather" a JOIN "seattle-weather" b ON b.date = a.date + INTERVAL 1 DAY WHERE a.weather = \'rain\' LIMIT 5',
    "SELECT regexp_replace(name, '(.)', '\\1 ', 'g') AS spaced, replace(weather, 'i', 'ii') AS r, translate(weather, 'ai', 'AI') AS t FROM \"cn-provinces\", \"seattle-weather\" LIMIT 2",
    "SELECT json_extract_string(to_json(p), '$.name') AS n, [1, 2, 3] AS l, {'a': 1} AS s FROM \"cn-provinces\" p",
    `SELECT ${Array.from({ length: 60 }, (_, i) => `'"引号"' || a.name || '自治区“${i}”' AS "很长的列名称：省级行政区划名称与说明之${i}"`).join(', ')} FROM "cn-provinces" a, "cn-provinces" b LIMIT 2`,
    'SELECT bar(temp_max, 0, 30, 20) AS chart FROM "seattle-weather" LIMIT 3',
    'SELECT weather || repeat(\'x\', 6000) AS w FROM "seattle-weather" LIMIT 2',
    'SELECT repeat(\'x\', 400000) AS s FROM "seattle-weather" LIMIT 2',
  ];

  it.each(ALLOWED)('allows and runs %s', async (sql) => {
    const i = await inspect(sql);
    expect(i.ok ? [] : i.violations, sql).toEqual([]);
    await c.runAndReadAll(sql); // DuckDB runs it (no error)
  });
});

describe('the allow-list', () => {
  it("has a size rule for every DuckDB function, or leaves it out on purpose; it names only DuckDB's functions", async () => {
    const r = await c.runAndReadAll(
      "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type IN ('scalar', 'macro', 'aggregate')",
    );
    const duckdb = new Set(r.getRows().map((row) => String(row[0])));
    const allowed = new Set([...FUNCTION_SIZES.keys(), ...LAMBDA_FUNCTIONS.keys()]);
    const neither = [...duckdb].filter(
      (n) => !allowed.has(n) && !LEFT_OUT.has(n) && !/^(pg_|has_|icu_|__internal)/.test(n),
    );
    expect(neither, 'a DuckDB function with no size rule and not left out on purpose (function-sizes.ts)').toEqual([]);
    // unnest is SQL syntax rather than a catalogue function.
    expect([...allowed].filter((n) => !duckdb.has(n) && n !== 'unnest')).toEqual([]);
    expect([...allowed].filter((n) => LEFT_OUT.has(n))).toEqual([]);
  });

  /**
   * Soundness on constants: nest the expanding functions at random over a short literal; whatever the
   * inspector allows, DuckDB's value is within the limit (the bounds may be loose, never short).
   */
  it('never allows a nesting of expanding functions whose value passes the limit', async () => {
    const step = fc.constantFrom(
      (x: string) => `hex(${x})`,
      (x: string) => `bin(${x})`,
      (x: string) => `upper(${x})`,
      (x: string) => `to_base64(encode(${x}))`,
      (x: string) => `url_encode(${x})`,
      (x: string) => `regexp_escape(${x})`,
      (x: string) => `to_json(${x})::VARCHAR`,
      (x: string) => `(${x} || ${x})`,
      (x: string) => `concat_ws(${x}, 'a', 'b', 'c')`,
      (x: string) => `repeat(${x}, 7)`,
      (x: string) => `replace(${x}, 'a', 'aaaaa')`,
      (x: string) => `regexp_replace(${x}, '', '-', 'g')`,
      (x: string) => `format('{0}{0}{0}', ${x})`,
      (x: string) => `printf('%1$s%1$s', ${x})`,
      (x: string) => `lpad(${x}, 5000, 'ab')`,
      (x: string) => `array_to_string(string_split(${x}, ''), '--')`,
      (x: string) => `array_to_string(list_transform(string_split(${x}, ''), y -> y || y || y), '')`,
      (x: string) => `list_reduce(string_split(${x}, ''), lambda a, b: a || b || b, '')`,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const expr = steps.reduce((x, f) => f(x), "'a\"%b'");
        const i = await inspect(`SELECT ${expr} AS v`);
        if (!i.ok) return;
        const r = await c.runAndReadAll(`SELECT strlen(v::VARCHAR) FROM (SELECT ${expr} AS v)`).catch((e: Error) => {
          // A value DuckDB cannot make (an escape it cannot read) is no size; memory errors are failures.
          if (/Out of Memory|memory/i.test(e.message)) throw e;
          return undefined;
        });
        if (r) expect(Number(r.getRows()[0]?.[0]), expr).toBeLessThanOrEqual(SIZE_LIMITS.valueBytes);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
});
