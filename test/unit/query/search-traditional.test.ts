import { describe, expect, it } from 'vitest';
import { compileDuckDb } from '../../../functions/core/query/compile-duckdb.ts';
import { parseQueryParams } from '../../../functions/core/query/parse-query-params.ts';
import { athena, duck } from './compile.ts';
import { FIELDS } from './fixture-fields.ts';

/**
 * `$q` folds traditional Chinese as catalogue search does (fold-chinese.ts): 海澱 finds the row of 海淀区.
 * A term with a traditional character also tests its simplified form; any other term compiles as before.
 */
describe('$q with traditional characters', () => {
  const searchColumn = (q: string) =>
    compileDuckDb(parseQueryParams({ $q: q }, FIELDS, ['id']), FIELDS, {
      primaryKey: ['id'],
      searchColumn: '__search',
    });

  it('tests the term as written and its simplified form, on the search column', () => {
    const c = searchColumn('海澱');
    expect(c.params).toEqual(expect.arrayContaining(['海澱', '海淀']));
    expect(c.sql).toMatch(/\(contains\("__search", lower\(\$\d+\)\) OR contains\("__search", lower\(\$\d+\)\)\)/);
  });

  it('and on each text column when the engine has no search column (Athena too)', () => {
    const plain = duck({ $q: '公园' });
    const folded = duck({ $q: '公園' });
    expect(folded.params).toEqual(expect.arrayContaining(['公園', '公园']));
    const tests = (sql: string, f: RegExp) => sql.match(f)?.length ?? 0;
    expect(tests(plain.sql, /contains\(/g)).toBeGreaterThan(1);
    expect(tests(folded.sql, /contains\(/g)).toBe(2 * tests(plain.sql, /contains\(/g));
    const a = athena({ $q: '公園' });
    // Athena binds no parameters: the terms are quoted literals in its SQL.
    expect(a.sql).toContain("'公園'");
    expect(a.sql).toContain("'公园'");
    expect(tests(a.sql, /strpos\(/g)).toBe(2 * tests(athena({ $q: '公园' }).sql, /strpos\(/g));
  });

  it('leaves a term without a traditional character as it was: one test, the same SQL', () => {
    for (const q of ['ORD', '海淀', 'sfo 公园']) {
      const c = searchColumn(q);
      expect(c.sql.match(/contains\("__search"/g), q).toHaveLength(q.split(' ').length);
      expect(
        c.params.filter((p) => typeof p === 'string'),
        q,
      ).toEqual(q.split(' '));
    }
  });
});
