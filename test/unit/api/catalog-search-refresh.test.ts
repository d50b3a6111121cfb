import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../functions/adapters/local/dataset-folder.ts';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { searchIndex } from '../../../functions/core/catalog/search/search-catalog.ts';
import { SearchIndexCache } from '../../../functions/core/catalog/search/search-index-cache.ts';
import { parseManifestYaml } from '../../../functions/core/manifest/parse.ts';
import type { Deps } from '../../../functions/usecases/deps.ts';
import { refreshEntry } from '../../../functions/usecases/publish-release.ts';
import { sampleVersion } from '../../support/catalog-samples.ts';

/**
 * The search index cache compares only ids and update times (search-index-cache.ts), so a rewrite of an
 * entry's searchable text must move its `updatedAt`: here, a manifest edited without a new version.
 */
describe('refreshEntry and the search index', () => {
  it('moves updatedAt when the searchable text changes without a new version, and only then', async () => {
    const file = 'datasets/seattle-weather/dataset.yaml';
    const manifest = parseManifestYaml(await readFile(file, 'utf8'), file);
    const registry = await loadRegistry('datasets');
    const catalog = new MemoryCatalogStore();
    await catalog.createVersion({
      ...sampleVersion(manifest.id, 1),
      state: 'published',
      publishedAt: '2026-01-01T00:00:00.000Z',
    });
    let now = '2026-02-01T00:00:00.000Z';
    const deps = { catalog, clock: { now: () => new Date(now) } } as unknown as Deps;
    const entry = async () => (await catalog.getDataset(manifest.id))?.value;
    const cache = new SearchIndexCache();
    const search = async (q: string) => {
      const index = cache.indexOf(await catalog.listDatasets(), (xs) => [...xs]);
      return searchIndex(index, { q, filters: {}, sort: 'relevance', lang: 'en', limit: 10, offset: 0 }).hits.map(
        (h) => h.entry.id,
      );
    };

    await refreshEntry(deps, manifest, registry);
    const first = (await entry())!;
    expect(first.updatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(await search('zzqxvword')).toEqual([]);

    now = '2026-02-02T00:00:00.000Z';
    await refreshEntry(deps, manifest, registry); // the same manifest again: nothing searchable changed
    expect((await entry())?.updatedAt).toBe(first.updatedAt);

    now = '2026-02-03T00:00:00.000Z';
    await refreshEntry(deps, { ...manifest, keywords: [...manifest.keywords, 'zzqxvword'] }, registry);
    expect((await entry())?.updatedAt).toBe(now);
    expect(await search('zzqxvword')).toEqual([manifest.id]);
    expect(cache.builds).toBe(2);
  });
});
