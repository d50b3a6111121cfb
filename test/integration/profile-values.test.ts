import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DuckDbSession, openDuckDb } from '../../functions/adapters/duckdb/duckdb.ts';
import { profileValues } from '../../functions/adapters/duckdb/profile-values.ts';
import {
  buildValueProfile,
  PROFILE_MAX_DISTINCT,
  PROFILE_VALUES_PER_COLUMN,
  SEARCH_VALUES_MAX_BYTES,
  utf8Length,
} from '../../functions/core/catalog/value-profile.ts';

/**
 * profileValues over a real Parquet file (DuckDB): the columns it rules out from the file's metadata,
 * those it estimates, and those it counts give the exact answer either way.
 */
describe('profileValues (DuckDB, Parquet)', () => {
  let dir: string;
  let db: DuckDbSession;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'profile-values-'));
    db = await openDuckDb({ threads: 2 });
    file = join(dir, 'data.parquet');
    // 60,000 rows in row groups of 2,048 (many groups, as a large file has).
    await db.run(`CREATE TABLE pub AS SELECT
        ('k' || (i % 5))::VARCHAR AS few,
        -- 1,500 values, each row group holding under 1,000 of them: only the total rules it out.
        ('s' || (i // 40))::VARCHAR AS spread,
        ('row ' || i)::VARCHAR AS unique_text,
        ('t' || (i % ${PROFILE_MAX_DISTINCT}))::VARCHAR AS exactly_max,
        CASE WHEN i % 3 = 0 THEN NULL WHEN i % 3 = 1 THEN ' a ' ELSE '  ' END AS padded,
        i AS n,
        -- 'common' in 59,980 rows, 'seven' in 7, 'four' in 4, one row each for 9 'lone' values.
        CASE WHEN i < 9 THEN 'lone' || i WHEN i < 13 THEN 'four' WHEN i < 20 THEN 'seven' ELSE 'common' END AS rare
      FROM range(60000) t(i)`);
    await db.run(`COPY pub TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
  });
  afterAll(async () => {
    db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('profiles the columns with few values, exactly, and leaves out the others', async () => {
    const profile = await profileValues(db, file, ['few', 'spread', 'unique_text', 'exactly_max', 'padded']);
    expect(profile.map((c) => [c.field, c.distinct, c.values.length])).toEqual([
      ['few', 5, 5],
      ['exactly_max', PROFILE_MAX_DISTINCT, PROFILE_VALUES_PER_COLUMN],
      ['padded', 1, 1],
    ]);
    expect(profile[0]?.values).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(profile[2]?.values).toEqual(['a']);
  });

  it('counts in the file: values fewer than 5 rows hold are left out, or fewer than a declared k', async () => {
    expect(await profileValues(db, file, ['rare'])).toEqual([
      { field: 'rare', values: ['common', 'seven'], distinct: 12 },
    ]);
    const k10 = { kAnonymity: { quasiIdentifiers: ['rare'], k: 10, suppress: false } };
    expect(await profileValues(db, file, ['rare'], k10)).toEqual([{ field: 'rare', values: ['common'], distinct: 12 }]);
  });

  it('counts a searchValues column whole: every value however rare, past the caps, the list cut at its byte budget', async () => {
    // Every value of `rare` (lone0…lone8 hold one row each), most frequent first.
    const [rare] = await profileValues(db, file, ['rare'], {}, ['rare']);
    expect(rare).toEqual({
      field: 'rare',
      values: ['common', 'seven', 'four', ...Array.from({ length: 9 }, (_, i) => `lone${i}`)],
      distinct: 12,
      searchValues: true,
    });
    // 60,000 distinct values: only those the budget holds come back, the same as counting them all would
    // give, with the column's distinct count (the list is partial, and says so).
    const [unique] = await profileValues(db, file, ['few', 'unique_text'], {}, ['unique_text']).then((p) =>
      p.filter((c) => c.field === 'unique_text'),
    );
    const all = await db.rows<{ v: string; n: number }>(
      `SELECT unique_text AS v, count(*)::INTEGER AS n FROM read_parquet('${file}') GROUP BY unique_text`,
    );
    const [expected] = buildValueProfile([
      { field: 'unique_text', searchValues: true, counts: all.map((r) => [r.v, Number(r.n)]) },
    ]);
    expect(unique).toEqual(expected);
    expect(unique?.distinct).toBe(60_000);
    const bytes = (unique?.values ?? []).reduce((n, v) => n + utf8Length(v), 0);
    expect(bytes).toBeLessThanOrEqual(SEARCH_VALUES_MAX_BYTES);
    expect(bytes).toBeGreaterThan(SEARCH_VALUES_MAX_BYTES - 20);
  });

  it('reads only the columns asked for', async () => {
    expect(await profileValues(db, file, [])).toEqual([]);
    expect((await profileValues(db, file, ['few'])).map((c) => c.field)).toEqual(['few']);
  });
});
