import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCatalogStore } from '../../functions/adapters/aws/dynamodb-catalog-store.ts';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import type { DatasetEntry, VersionRecord } from '../../functions/core/catalog/schema.ts';
import { startDynalite } from '../../functions/local/standins/dynalite.ts';
import { type CatalogStore, ConditionFailedError } from '../../functions/ports/catalog-store.ts';
import { sampleEntry, sampleVersion } from '../support/catalog-samples.ts';

/** One contract, every CatalogStore adapter: memory, and DynamoDB against embedded dynalite. */
const adapters: Array<{ name: string; setup: () => Promise<{ store: CatalogStore; teardown: () => Promise<void> }> }> =
  [
    { name: 'MemoryCatalogStore', setup: async () => ({ store: new MemoryCatalogStore(), teardown: async () => {} }) },
    {
      name: 'DynamoDbCatalogStore (dynalite)',
      setup: async () => {
        const d = await startDynalite({ table: 'catalog' });
        return { store: new DynamoDbCatalogStore(d.client, 'catalog'), teardown: d.stop };
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
  });
}
