import { access, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpParquetCache } from '../../functions/adapters/aws/tmp-parquet-cache.ts';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { isAppError } from '../../functions/core/errors.ts';
import type { TableRef } from '../../functions/ports/query-engine.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A published store with versions of the given contents, a /tmp stand-in, and a download counter. */
async function setup(contents: Record<string, string>) {
  const store = await mkdtemp(join(tmpdir(), 'pq-store-'));
  const cache = await mkdtemp(join(tmpdir(), 'pq-cache-'));
  dirs.push(store, cache);
  const blobs = new FsBlobStore(store);
  const refs: Record<string, TableRef> = {};
  let version = 0;
  for (const [name, text] of Object.entries(contents)) {
    const info = await blobs.putBytes(`datasets/${name}/v00000${++version}/data.parquet`, text);
    refs[name] = { datasetId: name, version, parquetKey: info.key, sha256: info.sha256 as string, bytes: info.bytes };
  }
  const downloads: string[] = [];
  const counting = {
    download: async (key: string, path: string) => {
      downloads.push(key);
      await blobs.download(key, path);
    },
  };
  return { cache, refs, downloads, counting };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Three 10-byte versions: two fit a 25-byte budget, the third does not. */
const THREE_VERSIONS = { a: 'a'.repeat(10), b: 'b'.repeat(10), c: 'c'.repeat(10) };

describe('Lambda /tmp Parquet cache', () => {
  it('downloads a version once, even for concurrent queries, and reuses the copy', async () => {
    const { cache, refs, downloads, counting } = await setup({ x: 'PAR1 bytes' });
    const ref = refs.x as TableRef;
    const resolve = tmpParquetCache(counting, cache);
    const [a, b] = await Promise.all([resolve(ref), resolve(ref)]);
    expect(a.path).toBe(b.path);
    expect((await resolve(ref)).path).toBe(a.path);
    expect(downloads).toHaveLength(1);
    expect((await readFile(a.path)).toString()).toBe('PAR1 bytes');
    // A new container process (fresh cache object) finds the copy on disk and does not download again.
    expect((await tmpParquetCache(counting, cache)(ref)).path).toBe(a.path);
    expect(downloads).toHaveLength(1);
  });

  it('deletes the least recently used free copies to stay within the budget', async () => {
    const { cache, refs, downloads, counting } = await setup(THREE_VERSIONS);
    const resolve = tmpParquetCache(counting, cache, { maxBytes: 25 });
    const a = await resolve(refs.a as TableRef);
    a.release();
    const b = await resolve(refs.b as TableRef);
    b.release();
    (await resolve(refs.a as TableRef)).release(); // a is now more recent than b
    const c = await resolve(refs.c as TableRef);
    c.release();
    expect(await exists(b.path)).toBe(false);
    expect(await exists(a.path)).toBe(true);
    expect(await exists(c.path)).toBe(true);
    // b again: downloaded again, and a (now the oldest) makes room for it.
    const b2 = await resolve(refs.b as TableRef);
    expect(b2.path).toBe(b.path);
    expect((await readFile(b2.path)).toString()).toBe('b'.repeat(10));
    expect(await exists(a.path)).toBe(false);
    expect(downloads.filter((k) => k.includes('/b/'))).toHaveLength(2);
  });

  it('never deletes a copy a query holds: a version that does not fit beside it is refused', async () => {
    const { cache, refs, downloads, counting } = await setup(THREE_VERSIONS);
    const resolve = tmpParquetCache(counting, cache, { maxBytes: 25 });
    const a = await resolve(refs.a as TableRef);
    const b = await resolve(refs.b as TableRef);
    const refused = await resolve(refs.c as TableRef).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.status).toBe(422);
    expect(await exists(a.path)).toBe(true);
    expect(await exists(b.path)).toBe(true);
    expect(downloads).toHaveLength(2);
    // Releasing twice counts once; a second holder of b keeps it.
    a.release();
    a.release();
    const b2 = await resolve(refs.b as TableRef);
    b.release();
    const c = await resolve(refs.c as TableRef);
    expect(await exists(a.path)).toBe(false);
    expect(await exists(b2.path)).toBe(true);
    expect(await exists(c.path)).toBe(true);
  });

  it('refuses a version larger than the whole budget before downloading it', async () => {
    const { cache, refs, downloads, counting } = await setup({ big: 'x'.repeat(100) });
    const resolve = tmpParquetCache(counting, cache, { maxBytes: 50 });
    const refused = await resolve(refs.big as TableRef).catch((e: unknown) => e);
    expect(isAppError(refused)).toBe(true);
    if (isAppError(refused)) {
      expect(refused.status).toBe(422);
      expect(refused.message).toMatch(/larger than/);
    }
    expect(downloads).toHaveLength(0);
    expect(await readdir(cache)).toEqual([]);
  });

  it('counts copies left by an earlier process (oldest first out) and deletes its unfinished downloads', async () => {
    const { cache, refs, counting } = await setup(THREE_VERSIONS);
    const first = tmpParquetCache(counting, cache);
    const a = await first(refs.a as TableRef);
    const b = await first(refs.b as TableRef);
    const old = new Date(Date.now() - 60_000);
    await utimes(a.path, old, old); // a was used longest ago
    await writeFile(join(cache, `${(refs.c as TableRef).sha256}.parquet.1.2.part`), 'cut short');
    const second = tmpParquetCache(counting, cache, { maxBytes: 25 });
    const c = await second(refs.c as TableRef);
    expect((await readdir(cache)).sort()).toEqual([b.path, c.path].map((p) => p.slice(cache.length + 1)).sort());
  });

  it('a failed download leaves no file behind and is tried again by the next query', async () => {
    const { cache, refs, counting } = await setup({ a: 'a'.repeat(10) });
    let fail = true;
    const flaky = {
      download: async (key: string, path: string) => {
        if (fail) {
          await writeFile(path, 'half');
          throw new Error('connection reset');
        }
        await counting.download(key, path);
      },
    };
    const resolve = tmpParquetCache(flaky, cache, { maxBytes: 25 });
    await expect(resolve(refs.a as TableRef)).rejects.toThrow('connection reset');
    expect(await readdir(cache)).toEqual([]);
    fail = false;
    expect((await readFile((await resolve(refs.a as TableRef)).path)).toString()).toBe('a'.repeat(10));
  });
});
