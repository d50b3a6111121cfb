import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCatalogStore } from '../../functions/adapters/aws/dynamodb-catalog-store.ts';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import type { DatasetEntry, VersionRecord } from '../../functions/core/catalog/schema.ts';
import { startDynalite } from '../../functions/local/standins/dynalite.ts';
import {
  CATALOG_DOC_MAX_BYTES,
  type CatalogStore,
  ConditionFailedError,
  RecordTooLargeError,
} from '../../functions/ports/catalog-store.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import { KEY_DOC_KIND } from '../../functions/usecases/access/key-store.ts';
import { API_KEY_KEY_PREFIX } from '../../infra/constructs/handler-access.ts';
import { sampleEntry, sampleVersion } from '../support/catalog-samples.ts';

/** One contract, every CatalogStore adapter: memory, and DynamoDB against embedded dynalite. */
const adapters: Array<{
  name: string;
  setup: (clock?: Clock) => Promise<{ store: CatalogStore; teardown: () => Promise<void> }>;
}> = [
  {
    name: 'MemoryCatalogStore',
    setup: async (clock) => ({ store: new MemoryCatalogStore(clock), teardown: async () => {} }),
  },
  {
    name: 'DynamoDbCatalogStore (dynalite)',
    setup: async (clock) => {
      const d = await startDynalite({ table: 'catalog' });
      return { store: new DynamoDbCatalogStore(d.client, 'catalog', clock), teardown: d.stop };
    },
  },
];

for (const adapter of adapters) {
  describe(`CatalogStore contract: ${adapter.name}`, () => {
    let store: CatalogStore;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      ({ store, teardown } = await adapter.setup());
    });
    afterAll(() => teardown());

    it('creates a dataset only once, then updates it by revision', async () => {
      const e: DatasetEntry = sampleEntry('alpha');
      await store.putDataset(e, 0);
      await expect(store.putDataset(e, 0)).rejects.toBeInstanceOf(ConditionFailedError);
      const got = await store.getDataset('alpha');
      expect(got?.value).toEqual(e);
      expect(got?.revision).toBe(1);
      await store.putDataset({ ...e, rowCount: 42 }, 1);
      await expect(store.putDataset({ ...e, rowCount: 43 }, 1)).rejects.toBeInstanceOf(ConditionFailedError);
      expect((await store.getDataset('alpha'))?.value.rowCount).toBe(42);
    });

    it('lists datasets', async () => {
      await store.putDataset(sampleEntry('beta'), 0);
      const ids = (await store.listDatasets()).map((d) => d.id).sort();
      expect(ids).toEqual(['alpha', 'beta']);
    });

    it('claims a version number exactly once (the commit point of a release)', async () => {
      const v: VersionRecord = sampleVersion('alpha', 1);
      await store.createVersion(v);
      await expect(store.createVersion({ ...v, releaseId: 'other' })).rejects.toBeInstanceOf(ConditionFailedError);
      expect((await store.getVersion('alpha', 1))?.value.releaseId).toBe(v.releaseId);
    });

    it('lets only one of many concurrent claims of one number win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.createVersion({ ...sampleVersion('alpha', 2), releaseId: `r${i}` })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('updates a version conditionally and lists versions in numeric order', async () => {
      const cur = await store.getVersion('alpha', 1);
      expect(cur).toBeDefined();
      await store.updateVersion({ ...(cur?.value as VersionRecord), state: 'published' }, cur?.revision ?? 0);
      await expect(
        store.updateVersion({ ...(cur?.value as VersionRecord), state: 'withdrawn' }, cur?.revision ?? 0),
      ).rejects.toBeInstanceOf(ConditionFailedError);
      await store.createVersion(sampleVersion('alpha', 10));
      expect((await store.listVersions('alpha')).map((v) => v.version)).toEqual([1, 2, 10]);
      expect(await store.getVersion('alpha', 99)).toBeUndefined();
    });

    it('stores generic documents conditionally and lists them by prefix and after', async () => {
      await store.putDoc('release', 'r-001', { state: 'submitted' }, 0);
      await store.putDoc('release', 'r-002', { state: 'approved' }, 0);
      await store.putDoc('audit', 'x', { a: 1 }, 0);
      await expect(store.putDoc('release', 'r-001', { state: 'x' }, 0)).rejects.toBeInstanceOf(ConditionFailedError);
      await store.putDoc('release', 'r-001', { state: 'checked' }, 1);
      expect((await store.getDoc<{ state: string }>('release', 'r-001'))?.value.state).toBe('checked');
      expect((await store.listDocs('release')).map((d) => d.id)).toEqual(['r-001', 'r-002']);
      expect((await store.listDocs('release', { after: 'r-001' })).map((d) => d.id)).toEqual(['r-002']);
      expect((await store.listDocs('release', { limit: 1 })).map((d) => d.id)).toEqual(['r-001']);
      expect(await store.getDoc('release', 'missing')).toBeUndefined();
    });

    it('refuses a document larger than an item may be, writing nothing, and takes one just below', async () => {
      // What DynamoDB (and dynalite) refuse: an item over 400 KB. Every adapter refuses the same, typed.
      const fields = (bytes: number) => [
        { name: 'x'.repeat(bytes), type: 'string' as const, grade: 'public' as const },
      ];
      const big: VersionRecord = { ...sampleVersion('huge', 1), fields: fields(CATALOG_DOC_MAX_BYTES) };
      const error = await store.createVersion(big).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RecordTooLargeError);
      expect(error).toMatchObject({ what: 'version huge@1' });
      expect((error as RecordTooLargeError).bytes).toBeGreaterThan(CATALOG_DOC_MAX_BYTES);
      expect(await store.getVersion('huge', 1)).toBeUndefined();
      // In UTF-8 bytes, not characters: 140,000 Chinese characters are 420,000 bytes.
      await expect(store.putDoc('release', 'r-huge', { t: '数'.repeat(140_000) }, 0)).rejects.toBeInstanceOf(
        RecordTooLargeError,
      );
      expect(await store.getDoc('release', 'r-huge')).toBeUndefined();
      const fits: VersionRecord = { ...sampleVersion('huge', 1), fields: fields(CATALOG_DOC_MAX_BYTES - 2_000) };
      await store.createVersion(fits);
      await expect(store.updateVersion({ ...fits, fields: fields(CATALOG_DOC_MAX_BYTES) }, 1)).rejects.toBeInstanceOf(
        RecordTooLargeError,
      );
      expect((await store.getVersion('huge', 1))?.value.fields[0]?.name).toHaveLength(CATALOG_DOC_MAX_BYTES - 2_000);
      await expect(
        store.putDataset({ ...sampleEntry('huge'), description: { en: 'y'.repeat(CATALOG_DOC_MAX_BYTES) } }, 0),
      ).rejects.toBeInstanceOf(RecordTooLargeError);
    });
  });

  describe(`CatalogStore contract: ${adapter.name}, expiry and the version-change index`, () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    let store: CatalogStore;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      ({ store, teardown } = await adapter.setup(clock));
    });
    afterAll(() => teardown());

    it('reads a document past its expiresAt as absent, lets a create take its id again, skips it in listings', async () => {
      await store.putDoc('mark', 'a', { n: 1 }, 0, { expiresAt: new Date(now + 60_000) });
      await store.putDoc('mark', 'b', { n: 2 }, 0);
      expect((await store.getDoc('mark', 'a'))?.value).toEqual({ n: 1 });
      if (store instanceof DynamoDbCatalogStore) {
        // The table's TTL attribute (stateful stack: timeToLiveAttribute expiresAt), in epoch seconds.
        const item = await store.client.send(
          new GetItemCommand({ TableName: store.table, Key: { PK: { S: 'mark#a' }, SK: { S: 'DOC' } } }),
        );
        expect(item.Item?.expiresAt).toEqual({ N: String((now + 60_000) / 1000) });
      }
      await expect(store.putDoc('mark', 'a', { n: 9 }, 0)).rejects.toBeInstanceOf(ConditionFailedError);
      now += 61_000;
      expect(await store.getDoc('mark', 'a')).toBeUndefined();
      expect((await store.listDocs('mark')).map((d) => d.id)).toEqual(['b']);
      expect((await store.listDocs('mark', { limit: 1 })).map((d) => d.id)).toEqual(['b']);
      await store.putDoc('mark', 'a', { n: 3 }, 0);
      expect(await store.getDoc('mark', 'a')).toEqual({ value: { n: 3 }, revision: 1 });
    });

    it('keeps API keys under the partition the key-lookup grant names (infra keys:read, dynamodb:LeadingKeys)', async () => {
      await store.putDoc(KEY_DOC_KIND, 'abcdefghijkl', { id: 'abcdefghijkl' }, 0);
      if (!(store instanceof DynamoDbCatalogStore)) return;
      const item = await store.client.send(
        new GetItemCommand({
          TableName: store.table,
          Key: { PK: { S: `${API_KEY_KEY_PREFIX}abcdefghijkl` }, SK: { S: 'DOC' } },
        }),
      );
      expect(item.Item?.doc?.S).toBe(JSON.stringify({ id: 'abcdefghijkl' }));
    });

    it('lists the version records written at or after a time, oldest write first, each once', async () => {
      const t0 = new Date(now).toISOString();
      await store.createVersion(sampleVersion('gamma', 1));
      now += 1_000;
      await store.createVersion(sampleVersion('gamma', 2));
      now += 1_000;
      const t2 = new Date(now).toISOString();
      const v1 = await store.getVersion('gamma', 1);
      await store.updateVersion({ ...(v1?.value as VersionRecord), state: 'published' }, v1?.revision ?? 0);
      const since0 = await store.listVersionsChangedSince(t0);
      expect(since0.map((c) => [c.record.version, c.record.state, c.changedAt])).toEqual([
        [2, sampleVersion('gamma', 2).state, new Date(Date.parse(t0) + 1_000).toISOString()],
        [1, 'published', t2],
      ]);
      expect((await store.listVersionsChangedSince(t2)).map((c) => c.record.version)).toEqual([1]);
      expect(await store.listVersionsChangedSince(new Date(now + 1).toISOString())).toEqual([]);
      expect((await store.listVersionsChangedSince('')).map((c) => c.record.version)).toEqual([2, 1]);
    });
  });
}
