import { describe, expect, it } from 'vitest';
import { type AppError, isAppError } from '../../../functions/core/errors.ts';
import { encodeCursor } from '../../../functions/core/query/cursor.ts';
import { expectChineseQueryProblem } from '../../support/query-problem-zh.ts';
import { duck } from './compile.ts';
import { expectOnlyOwnSql } from './sql-safety.ts';

/**
 * Hostile inputs for every SoQL parameter. Each must be a 400 AppError that says it in Chinese too
 * (naming the same parameter, column, character and position), or compile to SQL whose text holds
 * nothing from the client (literals only as parameters). For `$q` the payload is a search
 * string: it must compile to the same SQL as a harmless search and appear only in the parameters.
 */
const PAYLOADS: readonly string[] = [
  '1; DROP TABLE data',
  "name = 'x'; DROP TABLE data; --",
  "name = 'x' -- comment",
  "name = 'x' /* comment */",
  '*/ DROP TABLE data /*',
  "id = 1 UNION SELECT * FROM read_csv('/etc/passwd')",
  "read_csv('/etc/passwd')",
  "read_csv_auto('/etc/passwd')",
  "read_parquet('s3://bucket/secret.parquet')",
  "read_text('/etc/shadow')",
  "read_json('/proc/self/environ')",
  "glob('/*')",
  '(SELECT 1)',
  'id IN (SELECT id FROM data)',
  "COPY data TO '/tmp/x.csv'",
  "ATTACH '/tmp/evil.db' AS evil",
  'INSTALL httpfs',
  'LOAD httpfs',
  'SET enable_external_access = true',
  'PRAGMA database_list',
  "getenv('HOME')",
  "current_setting('home_directory')",
  'duckdb_settings()',
  "EXPORT DATABASE '/tmp/x'",
  'CALL pragma_version()',
  'CREATE TABLE x AS SELECT 1',
  'DELETE FROM data',
  "UPDATE data SET name = 'x'",
  'id = 1 OR 1=1',
  "name = '' OR ''=''",
  "name = 'x'' OR ''1''=''1'",
  'range(1, 1000000000000)',
  'generate_series(1, 9223372036854775807)',
  'id BETWEEN -9007199254740991 AND 9007199254740991',
  'id > 99999999999999999999999999',
  'area < 1e309',
  `${'('.repeat(200)}id = 1${')'.repeat(200)}`,
  `${'NOT '.repeat(100)}open`,
  `id IN (${Array.from({ length: 1001 }, (_, i) => i).join(',')})`,
  Array.from({ length: 300 }, (_, i) => `id = ${i}`).join(' OR '),
  `name = '${'x'.repeat(5000)}'`,
  'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT * FROM t',
  'name = \uff07x\uff07 OR 1=1',
  "name = 'x'\uff1b DROP TABLE data",
  "name = 'x' \uff0d\uff0d",
  "name\u200b= 'x'",
  "na\u200dme = 'x'",
  "\u202ename = 'x'",
  "name = 'x\u0000'; DROP TABLE data",
  "name = 'x\\'; DROP TABLE data; --'",
  "name = 'x\\' OR 1=1 --'",
  "\\'; DROP TABLE data; --",
  '`id`; DROP TABLE data',
  '`id`` OR 1=1` = 1',
  '`id"; DROP TABLE data; --` = 1',
  '"id" = 1',
  'name = $$x$$',
  "name = E'\\x27'",
  'id = 0x1F',
  "name::VARCHAR = 'x'",
  "name || 'x' = 'y'",
  "data.name = 'x'",
  "lower(name) SIMILAR TO 'x'",
  "name = 'x' AND sleep(10)",
  'pg_sleep(10)',
  "system('rm -rf /')",
  "query('SELECT 1')",
  "query_table('data')",
  "lower(name) = lower('\uff21')",
  '\u{1F642} = 1',
  '\uff24\uff32\uff2f\uff30 \uff34\uff21\uff22\uff2c\uff25 data',
  'id = 1 LIMIT 1000000',
  'id = 1 ORDER BY 1',
  'id = 1\r\n; DROP TABLE data',
  "name = 'a' AND \ud800",
  ':id; DROP TABLE data',
  ':id::VARCHAR = 1',
  ':file_row_number = 1',
  'distinct name; DROP TABLE data',
  'count(distinct name) OR 1=1 --',
  "distinct read_csv('/etc/passwd')",
  'id NULLS FIRST; DROP TABLE data',
  'id NULLS FIRST, (SELECT 1)',
  "date_extract_y(read_text('/etc/shadow'))",
  "date_extract_y('2024-01-01'); DROP TABLE data",
];

const PARAMS = ['$where', '$select', '$order', '$group', '$having'] as const;

const outcome = (params: Record<string, string>) => {
  try {
    return { compiled: duck(params) };
  } catch (e) {
    return { error: e };
  }
};

describe('injection corpus', () => {
  it('has at least 50 payloads', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
  });

  it('compiles the payloads that are valid SoQL, with the literals as parameters', () => {
    const classic = duck({ $where: "name = 'x'' OR ''1''=''1'" });
    expectOnlyOwnSql(classic.sql);
    expect(classic.params).toEqual(["x' OR '1'='1", 101]);
    expect(duck({ $where: 'id = 1 OR 1=1' }).params).toEqual([1, 101]);
    expect(duck({ $where: "lower(name) = lower('\uff21')" }).params).toEqual(['\uff21', 101]);
  });

  for (const param of PARAMS) {
    it.each(PAYLOADS.map((p) => [p]))(`${param}: %j is a 400 or safe SQL`, (payload) => {
      const { compiled, error } = outcome({ [param]: payload });
      if (error !== undefined) {
        expect(isAppError(error), String(error)).toBe(true);
        expect((error as { status: number }).status).toBe(400);
        expectChineseQueryProblem(error as AppError);
        return;
      }
      expect(compiled).toBeDefined();
      expectOnlyOwnSql(compiled!.sql);
    });
  }

  it.each(PAYLOADS.map((p) => [p]))('$q: %j only ever reaches the parameters', (payload) => {
    const { compiled, error } = outcome({ $q: payload });
    if (error !== undefined) {
      // Only what cannot be a search string at all: NUL, ill-formed Unicode, too long, too many terms.
      expect(isAppError(error)).toBe(true);
      expect((error as { status: number; detail: string }).detail).toMatch(
        /^\$q: (contains a NUL|contains ill-formed|is longer than|has more than 16 terms)/,
      );
      expectChineseQueryProblem(error as AppError);
      return;
    }
    const terms = payload.split(/\s+/u).filter(Boolean);
    // The same SQL as harmless words in the same pattern (a repeated term is one parameter).
    const words = new Map<string, string>();
    for (const t of terms) if (!words.has(t)) words.set(t, `x${words.size}`);
    const harmless = duck({ $q: terms.map((t) => words.get(t)).join(' ') });
    expect(compiled!.sql).toBe(harmless.sql);
    expectOnlyOwnSql(compiled!.sql);
    // Each term is bound once, however many text columns it is searched in.
    expect(compiled!.params).toEqual([...words.keys(), 101]);
  });

  // Forged keyset cursors: a value is a parameter cast to the key's type, or a 400 when that cast could
  // fail in the engine (out of the type's range: a 500 before).
  const CURSOR_VALUES = [
    ...PAYLOADS,
    '9'.repeat(39),
    '9'.repeat(40),
    '170141183460469231731687303715884105728',
    '-170141183460469231731687303715884105729',
    '1e400',
    '2024-02-30',
    '2024-13-45 25:61:61',
  ];
  const SORTS = ['id', 'area', 'name', 'opened_on', 'updated_at'] as const;
  for (const key of SORTS) {
    it.each(CURSOR_VALUES.map((p) => [p]))(`cursor on ${key}: %j is a 400 or only a parameter`, (value) => {
      const query = { $select: key, $order: key };
      const fingerprint = duck(query).fingerprint;
      const cursor = encodeCursor(fingerprint, key === 'id' ? [value] : [value, '1']);
      const { compiled, error } = outcome({ ...query, cursor });
      if (error !== undefined) {
        expect(isAppError(error), String(error)).toBe(true);
        expect(error).toMatchObject({
          status: 400,
          detail: expect.stringMatching(/^cursor: (is not a valid cursor|holds a value that does not fit the sort)$/),
          zh: { detail: expect.stringMatching(/^cursor：(不是有效的游标|含有与排序不相符的值)$/) },
        });
        expectChineseQueryProblem(error as AppError);
        return;
      }
      expectOnlyOwnSql(compiled!.sql);
      expect(compiled!.params).toContain(value);
      // What is let through, the engine's cast takes: a HUGEINT, a double.
      if (key === 'id') expect(BigInt(value) >= -(2n ** 127n) && BigInt(value) < 2n ** 127n, value).toBe(true);
      if (key === 'area') expect(Number.isFinite(Number(value)), value).toBe(true);
    });
  }

  it.each(PAYLOADS.map((p) => [p]))('column filter name=%j only ever reaches the parameters', (payload) => {
    const { compiled, error } = outcome({ name: payload });
    if (error !== undefined) {
      expect(isAppError(error)).toBe(true);
      expectChineseQueryProblem(error as AppError);
      return;
    }
    expectOnlyOwnSql(compiled!.sql);
    expect(compiled!.params).toEqual([payload, 101]);
  });
});
