import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpParquetCache } from '../../functions/adapters/aws/tmp-parquet-cache.ts';
import { DuckDbQueryEngine, type ParquetResolver } from '../../functions/adapters/duckdb/duckdb-query-engine.ts';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { isAppError } from '../../functions/core/errors.ts';
import type { TableRef } from '../../functions/ports/query-engine.ts';

/**
 * The query engine over Lambda's budgeted /tmp copies (a temp dir stands in for /tmp): a copy is held
 * for exactly the query that asked for it, and a version loaded into the engine's in-memory cache
 * answers without its file.
 */
let root: string;
let cacheDir: string;
let blobs: FsBlobStore;
const refs: Record<string, TableRef> = {};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'engine-tmp-copies-'));
  cacheDir = join(root, 'parquet-cache');
  blobs = new FsBlobStore(join(root, 'published'));
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  for (const [name, offset] of [
    ['v1', 0],
    ['v2', 100_000],
  ] as const) {
    const file = join(root, `${name}.parquet`);
    await c.run(`COPY (SELECT i + ${offset} AS n FROM range(1000) t(i)) TO '${file}' (FORMAT parquet)`);
    const info = await blobs.putFile(`datasets/d/${name}/data.parquet`, file);
    refs[name] = {
      datasetId: 'd',
      version: name === 'v1' ? 1 : 2,
      parquetKey: info.key,
      sha256: info.sha256 as string,
      bytes: (await stat(file)).size,
    };
  }
  c.closeSync();
  db.closeSync();
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** The cache, counting the copies held at any moment. */
function counted(maxBytes: number) {
  const cache = tmpParquetCache(blobs, cacheDir, { maxBytes });
  const state = { held: 0, maxHeld: 0 };
  const resolve: ParquetResolver = async (ref) => {
    const copy = await cache(ref);
    state.held++;
    state.maxHeld = Math.max(state.maxHeld, state.held);
    return {
      path: copy.path,
      release: () => {
        state.held--;
        copy.release();
      },
    };
  };
  return { resolve, state };
}

const engine = (resolve: ParquetResolver, cacheMaxParquetBytes: number) =>
  new DuckDbQueryEngine({
    resolve,
    allowedDirectories: [cacheDir],
    tempDirectory: join(root, 'spill'),
    memoryLimit: '256MB',
    threads: 1,
    cacheMaxParquetBytes,
  });

const minN = { sql: 'SELECT min(n) FROM data', params: [] };

describe('DuckDB engine over budgeted /tmp copies', () => {
  it('holds each copy for its query only, also when the query fails', async () => {
    const { resolve, state } = counted(10 * 1024 ** 2);
    const e = engine(resolve, 0);
    expect((await e.run({ data: refs.v1 as TableRef }, minN, { timeoutMs: 5000 })).rows).toEqual([[0]]);
    expect(state).toEqual({ held: 0, maxHeld: 1 });
    await expect(
      e.run({ data: refs.v1 as TableRef }, { sql: 'SELECT nope FROM data', params: [] }, { timeoutMs: 5000 }),
    ).rejects.toThrow();
    expect(state.held).toBe(0);
  });

  it('evicts a copy only between queries: versions alternating within a budget for one are re-copied', async () => {
    await rm(cacheDir, { recursive: true, force: true });
    const v1 = refs.v1 as TableRef;
    const v2 = refs.v2 as TableRef;
    const { resolve, state } = counted(Math.max(v1.bytes, v2.bytes) + 10);
    const e = engine(resolve, 0);
    for (const [ref, min] of [
      [v1, 0],
      [v2, 100_000],
      [v1, 0],
    ] as const) {
      expect((await e.run({ data: ref }, minN, { timeoutMs: 5000 })).rows).toEqual([[min]]);
    }
    // Both versions in one query do not fit: refused with a problem, and nothing stays held.
    const refused = await e
      .run({ data: v1, other: v2 }, { sql: 'SELECT count(*) FROM data, other', params: [] }, { timeoutMs: 5000 })
      .catch((err: unknown) => err);
    expect(isAppError(refused) && refused.status).toBe(422);
    expect(state.held).toBe(0);
  });

  it('a version loaded into the in-memory cache answers after its copy was deleted', async () => {
    await rm(cacheDir, { recursive: true, force: true });
    const { resolve } = counted(10 * 1024 ** 2);
    let copyGone = false;
    const e = engine(
      (ref) => (copyGone ? Promise.resolve(join(cacheDir, `${ref.sha256}.parquet`)) : resolve(ref)),
      10 * 1024 ** 2,
    );
    const v1 = refs.v1 as TableRef;
    expect((await e.run({ data: v1 }, minN, { timeoutMs: 5000 })).rows).toEqual([[0]]);
    // The copy goes (as an eviction would delete it); the engine is then handed the missing path.
    await rm(join(cacheDir, `${v1.sha256}.parquet`));
    copyGone = true;
    expect((await e.run({ data: v1 }, minN, { timeoutMs: 5000 })).rows).toEqual([[0]]);
  });
});
