import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../functions/adapters/aws/s3-blob-store.ts';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { type S3rverHandle, startS3rver } from '../../functions/local/standins/s3rver.ts';
import { BlobExistsError, type BlobStore } from '../../functions/ports/blob-store.ts';

/** One contract, every BlobStore adapter: the filesystem one and the S3 one against s3rver. */
const adapters: Array<{ name: string; setup: () => Promise<{ store: BlobStore; teardown: () => Promise<void> }> }> = [
  {
    name: 'FsBlobStore',
    setup: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'blob-fs-'));
      return { store: new FsBlobStore(dir), teardown: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'S3BlobStore (s3rver)',
    setup: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'blob-s3-'));
      const s3: S3rverHandle = await startS3rver({ directory: dir, buckets: ['published'] });
      return {
        store: new S3BlobStore(s3.client, 'published'),
        teardown: async () => {
          await s3.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

for (const adapter of adapters) {
  describe(`BlobStore contract: ${adapter.name}`, () => {
    let store: BlobStore;
    let teardown: () => Promise<void>;
    let work: string;
    beforeAll(async () => {
      ({ store, teardown } = await adapter.setup());
      work = await mkdtemp(join(tmpdir(), 'blob-work-'));
    });
    afterAll(async () => {
      await teardown();
      await rm(work, { recursive: true, force: true });
    });

    it('round-trips bytes with size, sha256 and content type', async () => {
      const body = 'code,名称\n110000,北京市\n';
      const info = await store.putBytes('a/b/data.csv', body, { contentType: 'text/csv' });
      expect(info.bytes).toBe(Buffer.byteLength(body));
      expect(info.sha256).toBe(sha(body));
      const head = await store.head('a/b/data.csv');
      expect(head?.bytes).toBe(Buffer.byteLength(body));
      expect(head?.sha256).toBe(sha(body));
      expect(head?.contentType).toContain('text/csv');
      expect(Buffer.from((await store.readBytes('a/b/data.csv')) ?? []).toString()).toBe(body);
    });

    it('uploads files intact (binary, 3 MB) and downloads them back', async () => {
      const src = join(work, 'big.bin');
      const bytes = Buffer.alloc(3 * 1024 * 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
      await writeFile(src, bytes);
      const info = await store.putFile('big/big.bin', src);
      expect(info.sha256).toBe(sha(bytes));
      const out = join(work, 'back.bin');
      await store.download('big/big.bin', out);
      expect(sha(await readFile(out))).toBe(sha(bytes));
    });

    it('reads byte ranges (inclusive end)', async () => {
      await store.putBytes('r/x.txt', '0123456789');
      const s = await store.read('r/x.txt', { start: 2, end: 5 });
      const chunks: Buffer[] = [];
      for await (const c of s ?? []) chunks.push(Buffer.from(c as Uint8Array));
      expect(Buffer.concat(chunks).toString()).toBe('2345');
    });

    it('answers undefined for missing keys', async () => {
      expect(await store.head('nope/x')).toBeUndefined();
      expect(await store.read('nope/x')).toBeUndefined();
      expect(await store.readBytes('nope/x')).toBeUndefined();
    });

    it('refuses to overwrite with ifNoneMatch and keeps the original', async () => {
      await store.putBytes('imm/v1/data.csv', 'original', { ifNoneMatch: true });
      await expect(store.putBytes('imm/v1/data.csv', 'changed', { ifNoneMatch: true })).rejects.toBeInstanceOf(
        BlobExistsError,
      );
      expect(Buffer.from((await store.readBytes('imm/v1/data.csv')) ?? []).toString()).toBe('original');
    });

    it('lists keys under a prefix in order, across many objects', async () => {
      for (let i = 0; i < 25; i++) await store.putBytes(`list/k${String(i).padStart(3, '0')}`, String(i));
      await store.putBytes('listother/x', 'x');
      const keys = await store.list('list/');
      expect(keys).toHaveLength(25);
      expect(keys[0]).toBe('list/k000');
      expect(keys[24]).toBe('list/k024');
    });

    it('lists by a prefix that ends inside a name, in nested folders and none', async () => {
      for (const k of ['nest/a/head-1.json', 'nest/a/head-2.json', 'nest/a/tail.json', 'nest/ab/head-3.json'])
        await store.putBytes(k, 'x');
      expect(await store.list('nest/a/head-')).toEqual(['nest/a/head-1.json', 'nest/a/head-2.json']);
      expect(await store.list('nest/a')).toEqual([
        'nest/a/head-1.json',
        'nest/a/head-2.json',
        'nest/a/tail.json',
        'nest/ab/head-3.json',
      ]);
      expect(await store.list('nest/none/')).toEqual([]);
    });

    it('deletes', async () => {
      await store.putBytes('del/x', 'x');
      await store.delete('del/x');
      expect(await store.head('del/x')).toBeUndefined();
    });
  });
}
