/**
 * The version diff counts a row whose value changed with its column's type (L1): 商品编码 going from the
 * integer 123 to the text "P123" in every row changes every row, where the diff used to say "~0". A
 * retyped column is compared as text on both sides, so a value written the same way (123 → "123") is
 * not a change.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../functions/adapters/duckdb/duckdb.ts';
import { DuckDbDiffEngine } from '../../functions/adapters/duckdb/duckdb-diff-engine.ts';
import type { PublishedField, VersionRecord } from '../../functions/core/catalog/schema.ts';
import { DatasetManifest } from '../../functions/core/manifest/schema.ts';
import { diffAgainstLatest } from '../../functions/usecases/release/checks.ts';
import type { ReleaseDeps } from '../../functions/usecases/release/deps.ts';
import { manifestInputOf } from '../fixtures/gate/harness.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diff-retyped-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Parquet file of (id, 商品编码, 价格) rows, 商品编码 of `codeType`. */
async function parquet(name: string, codeType: string, codes: readonly string[]): Promise<string> {
  const path = join(dir, name);
  const db = await openDuckDb();
  try {
    await db.run(`CREATE TABLE t (id INTEGER, "商品编码" ${codeType}, "价格" DOUBLE)`);
    for (const [i, c] of codes.entries()) await db.run(`INSERT INTO t VALUES (${i + 1}, $1, 2.5)`, [c]);
    await db.run(`COPY t TO '${path}' (FORMAT parquet)`);
  } finally {
    db.close();
  }
  return path;
}

const fields = (codeType: PublishedField['type']): PublishedField[] => [
  { name: 'id', type: 'integer', grade: 'public' },
  { name: '商品编码', type: codeType, grade: 'public' },
  { name: '价格', type: 'number', grade: 'public' },
];

async function diff(nextCodes: readonly string[]) {
  const codes = Array.from({ length: 40 }, (_, i) => String(100 + i));
  const previousPath = await parquet('v1.parquet', 'INTEGER', codes);
  const next = await parquet(`v2-${nextCodes[0]}.parquet`, 'VARCHAR', nextCodes);
  const previous = {
    datasetId: 'price-monitoring',
    version: 1,
    state: 'published',
    releaseId: 'r1',
    rowCount: 40,
    fields: fields('integer'),
    primaryKey: ['id'],
    artifacts: [{ name: 'data.parquet', key: 'v1/data.parquet' }],
    deidentification: [],
    breaking: false,
  } as unknown as VersionRecord;
  // Only what diffAgainstLatest reads: the previous version's Parquet file (a local copy of it) and the engine.
  const deps = {
    blobs: { download: (_key: string, local: string) => copyFile(previousPath, local) },
    diffEngine: new DuckDbDiffEngine(),
  } as unknown as ReleaseDeps;
  const manifest = DatasetManifest.parse(
    manifestInputOf(
      [
        { name: 'id', type: 'integer' },
        { name: '商品编码', type: 'string' },
        { name: '价格', type: 'number' },
      ],
      { id: 'price-monitoring', primaryKey: ['id'], breaking: { note: '商品编码 is now text' } },
    ),
  );
  const out = { fields: fields('string'), files: [{ name: 'data.parquet', path: next }] };
  return diffAgainstLatest(deps, manifest, out as never, dir, [previous]);
}

describe('the version diff of a retyped column', () => {
  it('counts every row whose value changed with the type', async () => {
    const d = await diff(Array.from({ length: 40 }, (_, i) => `P${100 + i}`));
    expect(d?.fieldsRetyped).toEqual([{ name: '商品编码', from: 'integer', to: 'string' }]);
    expect([d?.rowsAdded, d?.rowsRemoved, d?.rowsChanged]).toEqual([0, 0, 40]);
  });

  it('does not count a value written the same way in the new type', async () => {
    const codes = Array.from({ length: 40 }, (_, i) => String(100 + i));
    codes[3] = 'P103';
    const d = await diff(codes);
    expect(d?.rowsChanged).toBe(1);
  });
});
