import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { sameSearchTexts } from '../../../functions/core/catalog/search/search-fields.ts';
import { searchDatasets } from '../../../functions/usecases/search-datasets.ts';

/**
 * Theme labels are searched (site review finding 4): the controlled vocabulary's names of a dataset's
 * themes, in both languages, find it, at a low weight (search-fields.ts), on the 12 entries the local
 * platform publishes (test/fixtures/search), through the use case the API runs.
 */
const CATALOGUE: DatasetEntry[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/search/published-catalogue.json'), 'utf8'),
);
const catalog = new MemoryCatalogStore();
for (const e of CATALOGUE) await catalog.putDataset(e, 0);
const api = (params: Record<string, string>) =>
  searchDatasets({ catalog, publicBaseUrl: 'https://data.example' }, { limit: '100', ...params });
const REGIONS = ['cn-counties', 'cn-prefectures', 'cn-province-summary-gbk', 'cn-provinces', 'cn-townships'];

describe('a theme’s name finds its datasets', () => {
  // [query, the datasets, in any order]: the reviewer's queries, which found nothing (or one of two).
  const table: [string, string[]][] = [
    ['司法', ['la-riots-deaths']], // 司法与公共安全 (justice)
    ['司法与公共安全', ['la-riots-deaths']],
    ['justice', ['la-riots-deaths']], // Justice, legal system and public safety
    ['科学技术', ['mauna-loa-co2']],
    ['science', ['mauna-loa-co2']],
    ['区域与城市', [...REGIONS, 'us-zipcodes']],
    ['人口与社会', ['la-riots-deaths']],
    ['环境', ['mauna-loa-co2', 'seattle-weather']], // seattle-weather was missing: its theme is its only 环境
    ['environment', ['mauna-loa-co2', 'seattle-weather']],
  ];
  it.each(table)('"%s" finds %j', async (q, expected) => {
    const r = await api({ q });
    expect(r.datasets.map((d) => d.id).sort()).toEqual([...expected].sort());
    expect(r.correctedQ).toBeNull();
  });

  it('weighs less than the dataset’s own words, with no phrase bonus', async () => {
    // mauna-loa-co2's publisher is an environment bureau; seattle-weather has environment only as its theme.
    const r = await api({ q: 'environment' });
    expect(r.datasets.map((d) => d.id)).toEqual(['mauna-loa-co2', 'seattle-weather']);
    expect(r.scores['seattle-weather']).toBe(1); // strength 1 x theme weight 1, and the whole query in it earns nothing
    expect((await api({ q: '司法与公共安全' })).scores['la-riots-deaths']).toBe(1);
  });

  it('themes stay filters, and their facet counts follow the query', async () => {
    expect((await api({ q: '司法', theme: 'justice' })).datasets.map((d) => d.id)).toEqual(['la-riots-deaths']);
    const other = await api({ q: '司法', theme: 'transport' });
    expect(other.total).toBe(0);
    expect(other.facets.theme.find((v) => v.value === 'justice')?.count).toBe(1);
  });

  it('a change of themes changes the searchable texts, so the index cache sees it (updatedAt moves)', () => {
    const e = CATALOGUE.find((d) => d.id === 'la-riots-deaths') as DatasetEntry;
    expect(sameSearchTexts(e, structuredClone(e))).toBe(true);
    expect(sameSearchTexts(e, { ...e, themes: ['justice'] })).toBe(false);
  });
});
