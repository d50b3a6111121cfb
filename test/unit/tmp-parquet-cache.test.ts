import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpParquetCache } from '../../functions/adapters/aws/tmp-parquet-cache.ts';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';

describe('Lambda /tmp Parquet cache', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('downloads a version once, even for concurrent queries, and reuses the copy', async () => {
    const store = await mkdtemp(join(tmpdir(), 'pq-store-'));
    const cache = await mkdtemp(join(tmpdir(), 'pq-cache-'));
    dirs.push(store, cache);
    const blobs = new FsBlobStore(store);
    const info = await blobs.putBytes('datasets/x/v000001/data.parquet', 'PAR1 bytes');
    let downloads = 0;
    const counting = Object.assign(Object.create(blobs) as FsBlobStore, {
      download: async (key: string, path: string) => {
        downloads++;
        await blobs.download(key, path);
      },
    });
    const resolve = tmpParquetCache(counting, cache);
    const ref = { datasetId: 'x', version: 1, parquetKey: info.key, sha256: info.sha256 as string, bytes: info.bytes };
    const [a, b] = await Promise.all([resolve(ref), resolve(ref)]);
    expect(a).toBe(b);
    expect(await resolve(ref)).toBe(a);
    expect(downloads).toBe(1);
    expect((await readFile(a)).toString()).toBe('PAR1 bytes');
    // A new container (fresh cache object) finds the copy on disk and does not download again.
    expect(await tmpParquetCache(counting, cache)(ref)).toBe(a);
    expect(downloads).toBe(1);
  });
});
