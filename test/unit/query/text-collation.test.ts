import { describe, expect, it } from 'vitest';
import { checkQuery } from '../../../functions/core/query/check-query.ts';
import { athenaDialect } from '../../../functions/core/query/compile-athena.ts';
import { encodeCursor } from '../../../functions/core/query/cursor.ts';
import { parseQueryParams } from '../../../functions/core/query/parse-query-params.ts';
import { renderSql } from '../../../functions/core/query/render-sql.ts';
import { appErrorOf } from './app-error-of.ts';
import { athena, duck } from './compile.ts';
import { FIELDS, PRIMARY_KEY } from './fixture-fields.ts';

/** Where the compilers write `COLLATE zh` (DuckDB: text order by pinyin), and where they must not. */
describe('text collation', () => {
  it('DuckDB orders text keys in zh, and the cursor compares in it; numbers and the tiebreak by value', () => {
    const first = duck({ $select: 'id, name', $order: 'name, population DESC' });
    const next = duck({
      $select: 'id, name',
      $order: 'name, population DESC',
      cursor: encodeCursor(first.fingerprint, ['北京', '3', '7']),
    });
    expect(next.sql).toContain(
      'ORDER BY "__key_0" COLLATE zh ASC NULLS LAST, "__key_1" DESC NULLS LAST, "__key_2" ASC NULLS LAST',
    );
    expect(next.sql).toContain(
      'WHERE (("__key_0" COLLATE zh > CAST($1 AS VARCHAR) OR "__key_0" IS NULL) OR ("__key_0" COLLATE zh = CAST($1 AS VARCHAR) AND',
    );
    expect(next.sql).toContain('("__key_1" < CAST($2 AS HUGEINT) OR "__key_1" IS NULL)');
    expect(next.params).toEqual(['北京', '3', '7', 101]);
    // Text expressions too; a Chinese column name is text like any other.
    expect(duck({ $order: 'upper(name) DESC' }).sql).toContain('"__key_0" COLLATE zh DESC');
    expect(duck({ $order: '`名称`' }).sql).toContain('"__key_0" COLLATE zh ASC');
  });

  it('compares text with < <= > >= and BETWEEN in zh; =, !=, IN, LIKE and starts_with stay exact', () => {
    const { sql } = duck({
      $where:
        "name > '北京' AND district <= name AND '上海' < `名称` AND name BETWEEN 'a' AND 'b' AND name NOT BETWEEN 'c' AND 'd'",
    });
    expect(sql).toContain('("name" COLLATE zh > $1)');
    expect(sql).toContain('("district" COLLATE zh <= "name")');
    expect(sql).toContain('($2 COLLATE zh < "名称")');
    expect(sql).toContain('("name" COLLATE zh BETWEEN $3 AND $4)');
    expect(sql).toContain('("name" COLLATE zh NOT BETWEEN $5 AND $6)');
    const exact = duck({
      $where:
        "name = '北京' AND name != 'x' AND district IN ('a', 'b') AND name LIKE '北%' AND starts_with(name, '北')",
    }).sql;
    expect(exact).not.toContain('COLLATE');
    // Numbers, dates and a comparison in $having of an aggregate that is a number: no collation.
    expect(duck({ $where: "population > 3 AND opened_on < '2024-01-01'" }).sql).not.toContain('COLLATE');
    expect(
      duck({ $select: 'district, max(name) AS m', $group: 'district', $having: "max(name) >= '北'" }).sql,
    ).toContain(
      `(arg_max("name", CASE WHEN "name" IS NOT NULL THEN [icu_sort_key("name", 'zh'), "name"] END) COLLATE zh >= $1)`,
    );
  });

  it('never collates $group or DISTINCT, and follows a collated key with the same key by value', () => {
    const grouped = duck({ $select: 'name, count(*) AS n', $group: 'name', $order: 'name' });
    expect(grouped.sql).toContain('GROUP BY "name"');
    expect(grouped.sql).toContain('ORDER BY "__key_0" COLLATE zh ASC NULLS LAST, "__key_1" ASC NULLS LAST');
    expect(grouped.cursorColumns).toHaveLength(2);
    const distinct = duck({ $select: 'distinct name', $order: 'name DESC' });
    expect(distinct.sql).toContain('SELECT DISTINCT "name" AS "name", "name" AS "__key_0", "name" AS "__key_1"');
    expect(distinct.sql).toContain('ORDER BY "__key_0" COLLATE zh DESC NULLS LAST, "__key_1" ASC NULLS LAST');
    // A text primary key ordered on: the key by value still ends the sort.
    expect(duck({ $order: 'name' }, ['name']).cursorColumns).toHaveLength(2);
    expect(athena({ $order: 'name' }, ['name']).cursorColumns).toHaveLength(1);
  });

  it('Athena keeps code point order: no COLLATE anywhere, the same keys and fingerprints as before', () => {
    const params = { $select: 'distinct name', $where: "name > '北京'", $order: 'name' };
    const c = athena(params);
    expect(c.sql).not.toContain('COLLATE');
    expect(c.cursorColumns).toHaveLength(1);
    // A numeric sort has the same fingerprint on both engines (its cursors did not change)...
    expect(athena({ $order: 'population' }).fingerprint).toBe(duck({ $order: 'population' }).fingerprint);
    // ...a text sort does not: a DuckDB cursor made before text was collated is refused, never misread.
    const old = encodeCursor(athena({ $order: 'name' }).fingerprint, ['北京', '1']);
    expect(() => athena({ $order: 'name', cursor: old })).not.toThrow();
    expect(appErrorOf(() => duck({ $order: 'name', cursor: old })).detail).toMatch(/^cursor: belongs to another query/);
  });

  it('refuses to render a collation the dialect does not have', () => {
    const request = parseQueryParams({ $order: 'name' }, FIELDS, PRIMARY_KEY);
    const checked = checkQuery(request, FIELDS, { rowIdColumn: null, engine: 'athena', collation: 'zh' });
    expect(() => renderSql(checked, athenaDialect)).toThrow('the athena dialect has no collation zh');
  });
});
