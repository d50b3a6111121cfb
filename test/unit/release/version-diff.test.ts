import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import type { VersionRecord } from '../../../functions/core/catalog/schema.ts';
import type { Deps } from '../../../functions/usecases/deps.ts';
import { versionDiff } from '../../../functions/usecases/release/version-diff.ts';
import { sampleEntry, sampleVersion } from '../../support/catalog-samples.ts';

let catalog: MemoryCatalogStore;
const published = (v: number, extra: VersionRecord['fields'] = []): VersionRecord => {
  const r = sampleVersion('air', v);
  return { ...r, state: 'published', publishedAt: '2026-01-01T00:00:00Z', fields: [...r.fields, ...extra] };
};

beforeEach(async () => {
  catalog = new MemoryCatalogStore();
  await catalog.putDataset({ ...sampleEntry('air'), latestVersion: 2, versionCount: 2 }, 0);
  await catalog.createVersion(published(1));
  await catalog.createVersion(published(2, [{ name: 'pm25', type: 'number', grade: 'public' }]));
});

describe('versionDiff', () => {
  it('resolves `latest` once: a version published meanwhile is not diffed in its place', async () => {
    let listings = 0;
    const list = catalog.listVersions.bind(catalog);
    catalog.listVersions = async (id: string) => {
      const out = await list(id);
      // v3 is committed right after the first listing answered.
      if (++listings === 1)
        await catalog.createVersion(published(3, [{ name: 'no2', type: 'number', grade: 'public' }]));
      return out;
    };
    const out = await versionDiff({ catalog } as unknown as Deps, 'air', 'latest', '1');
    expect(listings).toBe(1);
    expect(out.version).toBe(2);
    expect(out.diff?.fieldsAdded).toEqual(['pm25']);
  });
});
