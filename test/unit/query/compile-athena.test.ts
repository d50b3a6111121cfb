import { describe, expect, it } from 'vitest';
import { athenaLiteral } from '../../../functions/core/query/compile-athena.ts';
import { encodeCursor } from '../../../functions/core/query/cursor.ts';
import { appErrorOf } from './app-error-of.ts';
import { athena, duck } from './compile.ts';

describe('compileAthena (Trino)', () => {
  it('uses strpos for $q, floating division, date_trunc without casts, OFFSET before LIMIT', () => {
    const c = athena({
      $select: 'id, population / area AS density, date_trunc_ym(opened_on) AS m',
      $q: '北京',
      $offset: '10',
      $limit: '5',
    });
    expect(c.sql).toMatchInlineSnapshot(
      `"SELECT "id", "density", "m", CAST("__key_0" AS VARCHAR) AS "__cursor_0" FROM (SELECT * FROM (SELECT "id" AS "id", (CAST("population" AS DOUBLE) / "area") AS "density", date_trunc('month', "opened_on") AS "m", "id" AS "__key_0" FROM "data" WHERE (((strpos(lower("name"), lower('北京')) > 0) OR (strpos(lower("district"), lower('北京')) > 0)) OR (strpos(lower("名称"), lower('北京')) > 0))) AS "q" ORDER BY "__key_0" ASC NULLS LAST OFFSET 10 LIMIT 6) AS "p" ORDER BY "__key_0" ASC NULLS LAST"`,
    );
    expect(c.params).toEqual([]);
  });

  it('writes every value as a literal: Athena takes `?` parameters only in WHERE', () => {
    const c = athena({
      $select: 'id, population + 1 AS p, count(*) AS n',
      $where: "name = 'O''Brien''; DROP TABLE x --' AND population > -2",
      $group: 'id, p',
      $having: 'n > 1',
      $order: 'p DESC',
      $offset: '3',
      $limit: '7',
    });
    expect(c.params).toEqual([]);
    expect(c.sql).not.toMatch(/\?/);
    // The text stays one quoted literal (quotes doubled); a negative number stays inside its CAST.
    expect(c.sql).toContain(`("name" = 'O''Brien''; DROP TABLE x --')`);
    expect(c.sql).toContain('("population" > CAST(-2 AS BIGINT))');
    expect(c.sql).toContain('("population" + CAST(1 AS BIGINT)) AS "p"');
    expect(c.sql).toContain('HAVING (count(*) > CAST(1 AS BIGINT))');
    expect(c.sql).toContain('OFFSET 3 LIMIT 8');
  });

  it.each([
    ['population', '9223372036854775808'],
    ['population', '-9223372036854775809'],
    ['area', 'inf'],
    ['area', '-nan'],
  ])(
    'refuses a cursor value on %s that DuckDB could cast back but Trino cannot (%s): a 400, not a failed job',
    (key, value) => {
      const query = { $select: key, $order: key };
      const cursor = encodeCursor(duck(query).fingerprint, [value, '1']);
      expect(() => duck({ ...query, cursor })).not.toThrow();
      expect(appErrorOf(() => athena({ ...query, cursor })).detail).toBe(
        'cursor: holds a value that does not fit the sort',
      );
      const edge =
        key === 'population'
          ? value.replace(/8$/, '7').replace(/9$/, '8')
          : value.startsWith('-')
            ? '-Infinity'
            : 'Infinity';
      expect(() => athena({ ...query, cursor: encodeCursor(duck(query).fingerprint, [edge, '1']) })).not.toThrow();
    },
  );

  it.each([' true', 'TRUE', 'True', '1', 't'])(
    'refuses a boolean cursor value not printed by an engine (%j)',
    (value) => {
      const query = { $select: 'open', $order: 'open' };
      const cursor = encodeCursor(duck(query).fingerprint, [value, '1']);
      expect(appErrorOf(() => athena({ ...query, cursor })).detail).toBe(
        'cursor: holds a value that does not fit the sort',
      );
      expect(appErrorOf(() => duck({ ...query, cursor })).detail).toBe(
        'cursor: holds a value that does not fit the sort',
      );
      expect(() => athena({ ...query, cursor: encodeCursor(duck(query).fingerprint, ['false', '1']) })).not.toThrow();
    },
  );

  it('pages with OFFSET when there is neither a key nor a row-number column', () => {
    const c = athena({ $order: 'name' }, []);
    expect(c.pagination).toBe('offset');
    expect(c.cursorColumns).toEqual([]);
    expect(c.sql).toMatchInlineSnapshot(
      `"SELECT "id", "name", "district", "population", "area", "open", "opened_on", "updated_at", "year", "名称" FROM (SELECT * FROM (SELECT "id" AS "id", "name" AS "name", "district" AS "district", "population" AS "population", "area" AS "area", "open" AS "open", "opened_on" AS "opened_on", "updated_at" AS "updated_at", "year" AS "year", "名称" AS "名称", "name" AS "__key_0" FROM "data") AS "q" ORDER BY "__key_0" ASC NULLS LAST LIMIT 101) AS "p" ORDER BY "__key_0" ASC NULLS LAST"`,
    );
  });

  it('writes values as Trino literals', () => {
    expect(["O'Brien'; DROP TABLE x --", 42, 0.5, true, false, null, '北京\\'].map(athenaLiteral)).toEqual([
      "'O''Brien''; DROP TABLE x --'",
      '42',
      '0.5',
      'TRUE',
      'FALSE',
      'NULL',
      "'北京\\'",
    ]);
    expect(() => athenaLiteral(Number.NaN)).toThrow();
  });
});
