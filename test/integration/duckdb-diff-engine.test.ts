import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../functions/adapters/duckdb/duckdb.ts';
import { DuckDbDiffEngine } from '../../functions/adapters/duckdb/duckdb-diff-engine.ts';
import {
  boundSampleKeys,
  SAMPLE_KEY_MAX_CHARS,
  SAMPLE_KEYS_MAX_BYTES,
} from '../../functions/core/release/sample-keys.ts';

/**
 * The row diff's sample keys are stored with the version record and the release (400 KB items): each
 * is clipped, and all of them together are bounded, however long the primary key's values are.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diff-engine-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Parquet file of (k, v) rows written by DuckDB. */
async function parquet(name: string, rows: ReadonlyArray<readonly [string, number]>): Promise<string> {
  const path = join(dir, name);
  const db = await openDuckDb();
  try {
    await db.run('CREATE TABLE t (k VARCHAR, v INTEGER)');
    for (const [k, v] of rows) await db.run('INSERT INTO t VALUES ($1, $2)', [k, v]);
    await db.run(`COPY t TO '${path}' (FORMAT parquet)`);
  } finally {
    db.close();
  }
  return path;
}

describe('DuckDbDiffEngine sample keys', () => {
  it('clips each key to 256 characters with an ellipsis and bounds their bytes, counts exact', async () => {
    // 35,000-character keys (the penetration test's): 15 samples were ~525 KB in one diff.
    const key = (tag: string, i: number) => `${tag}${i}${'a'.repeat(35_000)}`;
    const kept = Array.from({ length: 6 }, (_, i) => [key('same', i), 1] as const);
    const from = await parquet('from.parquet', [
      ...kept,
      ...Array.from({ length: 6 }, (_, i) => [key('gone', i), 1] as const),
      ...Array.from({ length: 6 }, (_, i) => [key('edit', i), 1] as const),
    ]);
    const to = await parquet('to.parquet', [
      ...kept,
      ...Array.from({ length: 6 }, (_, i) => [key('new', i), 1] as const),
      ...Array.from({ length: 6 }, (_, i) => [key('edit', i), 2] as const),
    ]);
    const diff = await new DuckDbDiffEngine().diffRows({
      fromParquet: from,
      toParquet: to,
      primaryKey: ['k'],
      compareColumns: ['v'],
      sampleSize: 5,
    });
    expect([diff.added, diff.removed, diff.changed]).toEqual([6, 6, 6]);
    const all = [...diff.sampleKeys.added, ...diff.sampleKeys.removed, ...diff.sampleKeys.changed];
    expect(Buffer.byteLength(JSON.stringify(diff.sampleKeys))).toBeLessThanOrEqual(SAMPLE_KEYS_MAX_BYTES + 100);
    for (const k of all) {
      expect(Array.from(k)).toHaveLength(SAMPLE_KEY_MAX_CHARS + 1);
      expect(k.endsWith('…')).toBe(true);
    }
    // Shared out: every kind keeps its first keys, in order.
    expect(diff.sampleKeys.added[0]).toBe(`new0${'a'.repeat(SAMPLE_KEY_MAX_CHARS - 4)}…`);
    expect(diff.sampleKeys.removed[0]?.startsWith('gone0')).toBe(true);
    expect(diff.sampleKeys.changed[0]?.startsWith('edit0')).toBe(true);
    expect(diff.sampleKeys.added.length).toBeGreaterThan(1);
  });

  it('keeps short keys whole', () => {
    expect(boundSampleKeys({ added: ['a', '北京'], removed: [], changed: ['x'.repeat(256)] })).toEqual({
      added: ['a', '北京'],
      removed: [],
      changed: ['x'.repeat(256)],
    });
    // A character outside the BMP is never cut in half.
    const emoji = '𠀀'.repeat(300);
    expect(boundSampleKeys({ added: [emoji], removed: [], changed: [] }).added[0]).toBe(`${'𠀀'.repeat(256)}…`);
  });

  it('bounds the bytes of all keys together, rank by rank, so each kind keeps its first ones', () => {
    // 256 Chinese characters are 768 bytes: fifteen of them would be 11.5 KB.
    const long = (tag: string) => Array.from({ length: 5 }, (_, i) => `${tag}${i}${'数'.repeat(300)}`);
    const kept = boundSampleKeys({ added: long('a'), removed: long('r'), changed: long('c') });
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(SAMPLE_KEYS_MAX_BYTES + 20);
    expect([kept.added.length, kept.removed.length, kept.changed.length]).toEqual([4, 3, 3]);
    expect(kept.removed.map((k) => k.slice(0, 2))).toEqual(['r0', 'r1', 'r2']);
  });
});
