import { describe, expect, it } from 'vitest';
import type { PublishedField } from '../../../functions/core/catalog/schema.ts';
import { textColumnsOf } from '../../../functions/core/query/check-query.ts';
import { compileAthena } from '../../../functions/core/query/compile-athena.ts';
import { parseQueryParams } from '../../../functions/core/query/parse-query-params.ts';
import { athena, duck } from './compile.ts';

describe('number literals beyond the exact integers', () => {
  it('bind as text cast to DOUBLE (a driver would bind 1e19 as BIGINT and fail)', () => {
    const c = duck({ $where: 'area > 1e19 OR area < -1e19' });
    expect(c.sql).toContain('("area" > CAST($1 AS DOUBLE))');
    expect(c.params.slice(0, 2)).toEqual(['10000000000000000000', '-10000000000000000000']);
    expect(athena({ $where: 'area > 1e300' }).sql).toContain("CAST('1e+300' AS DOUBLE)");
    expect(duck({ $order: 'area * 1e300 * 1e10' }).params).toContain('1e+300');
    // A filter's value coerced to a number takes the same path.
    expect(duck({ area: '1e19' }).params[0]).toBe('10000000000000000000');
  });

  it('are typed number, so arithmetic on them is not integer arithmetic', () => {
    expect(duck({ $select: 'population * 1e18 AS x' }).columns).toEqual([{ name: 'x', type: 'number' }]);
    expect(duck({ $select: 'population * 1000 AS x' }).columns).toEqual([{ name: 'x', type: 'integer' }]);
  });

  it('leave exact integers and fractions as they were', () => {
    expect(duck({ $where: 'population > 9007199254740991 AND area > 0.5' }).params.slice(0, 2)).toEqual([
      9007199254740991, 0.5,
    ]);
  });
});

describe('number literals are bound with the type they are written in', () => {
  it('digits only: BIGINT (a driver would bind 2147483647 as a 32-bit INTEGER, and + 1 would overflow)', () => {
    const c = duck({ $select: '2147483647 + 1 AS a' });
    expect(c.sql).toContain('(CAST($1 AS BIGINT) + CAST($2 AS BIGINT)) AS "a"');
    expect(c.columns).toEqual([{ name: 'a', type: 'integer' }]);
  });

  it('with a point or an exponent: DOUBLE, whatever its value (`1.0 === 1` in JS)', () => {
    const c = duck({ $select: '2147483647.0 + 1.0 AS a, population * 1.0 AS b, -2.0 AS c, 1e3 AS d' });
    expect(c.sql).toContain('(CAST($1 AS DOUBLE) + CAST($2 AS DOUBLE)) AS "a"');
    expect(c.sql).toContain('("population" * CAST($2 AS DOUBLE)) AS "b"');
    expect(c.columns.map((x) => x.type)).toEqual(['number', 'number', 'number', 'number']);
    expect(c.params.slice(0, 4)).toEqual([2147483647, 1, -2, 1000]);
  });

  it('`1` and `1.0` are two parameters, one BIGINT and one DOUBLE', () => {
    const c = duck({ $select: '1 AS a, 1.0 AS b, 1 AS c' });
    expect(c.sql).toContain('CAST($1 AS BIGINT) AS "a", CAST($2 AS DOUBLE) AS "b", CAST($1 AS BIGINT) AS "c"');
    expect(c.params.slice(0, 2)).toEqual([1, 1]);
  });

  it('the same in the Athena compile (Trino reads `1` as INTEGER and `1.0` as DECIMAL)', () => {
    const c = athena({ $select: '2147483647 + 1 AS a, 2147483647.0 + 1.0 AS b' });
    expect(c.sql).toContain(
      '(CAST(2147483647 AS BIGINT) + CAST(1 AS BIGINT)) AS "a", (CAST(2147483647 AS DOUBLE) + CAST(1 AS DOUBLE)) AS "b"',
    );
  });
});

describe('$q', () => {
  const fields: PublishedField[] = [
    { name: 's', type: 'string', grade: 'public' },
    { name: 'ym', type: 'yearmonth', grade: 'public' },
    { name: 'g', type: 'geopoint', grade: 'public' },
    { name: 'y', type: 'year', grade: 'public' },
    { name: 'd', type: 'date', grade: 'public' },
  ];

  it('searches every field published as text: string, yearmonth, geopoint', () => {
    expect(textColumnsOf(fields)).toEqual(['s', 'ym', 'g']);
  });

  it('searches them in the Athena compile too', () => {
    const c = compileAthena(parseQueryParams({ $q: '1992-05' }, fields, []), fields);
    for (const column of ['"s"', '"ym"', '"g"']) expect(c.sql).toContain(`strpos(lower(${column}), lower('1992-05'))`);
    expect(c.sql).not.toContain('lower("y")');
  });
});
