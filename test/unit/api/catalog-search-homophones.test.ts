import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { homophoneKey, withHomophones } from '../../../functions/core/catalog/search/pinyin-index.ts';
import { needsHomophones, searchCatalog, searchIndex } from '../../../functions/core/catalog/search/search-catalog.ts';
import { buildSearchIndex } from '../../../functions/core/catalog/search/search-index.ts';
import { SearchParams, toSearchRequest } from '../../../functions/core/catalog/search/search-request.ts';
import { searchDatasets } from '../../../functions/usecases/search-datasets.ts';
import { sampleEntry } from '../../support/catalog-samples.ts';

/**
 * Chinese homophone correction (homophones.ts; site review finding 4): the wrong character with the right
 * sound, the usual slip of a pinyin input method, is corrected to the word of a title or keyword that
 * reads the same, and the answer says so (`correctedQ`), as for Latin typos.
 */
const CATALOGUE: DatasetEntry[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/search/published-catalogue.json'), 'utf8'),
);

async function api(entries: readonly DatasetEntry[], q: string) {
  const catalog = new MemoryCatalogStore();
  for (const e of entries) await catalog.putDataset(e, 0);
  const r = await searchDatasets({ catalog, publicBaseUrl: 'https://data.example' }, { q, limit: '100' });
  return { ids: r.datasets.map((d) => d.id), correctedQ: r.correctedQ };
}

describe('the reviewer’s homophone slips are corrected (API)', () => {
  it.each([
    ['西雅徒', ['seattle-weather'], '西雅图'], // Seattle: 徒 for 图, both tu
    ['洛山矶', ['la-riots-deaths'], '洛杉矶'], // Los Angeles: 山 for 杉, both shan
    ['西雅徒 天气', ['seattle-weather'], '西雅图 天气'], // the term that matches stays as it is
    ['洛山矶 deaths', ['la-riots-deaths'], '洛杉矶 deaths'],
  ])('"%s" finds %j, showing results for "%s"', async (q, ids, corrected) => {
    expect(await api(CATALOGUE, q)).toEqual({ ids, correctedQ: corrected });
  });

  it('as their pinyin did already', async () => {
    expect(homophoneKey('西雅徒')).toBe('xiyatu');
    expect((await api(CATALOGUE, 'xiyatu')).ids).toEqual(['seattle-weather']);
    expect(homophoneKey('洛山矶')).toBe('luoshanji');
    expect((await api(CATALOGUE, 'luoshanji')).ids).toEqual(['la-riots-deaths']);
  });
});

describe('no false corrections', () => {
  const entry = (id: string, keywords: string[]): DatasetEntry => ({
    ...sampleEntry(id),
    latestVersion: 1,
    title: { en: id },
    keywords,
  });
  // 公示 (public notice), 公式 (formula) and 公事 (official business) are all gongshi.
  const ENTRIES = [entry('a', ['公示']), entry('b', ['公示']), entry('c', ['公式']), entry('d', ['实时'])];

  it('prefers the word in the most datasets, then the first in code-unit order (deterministic)', async () => {
    expect(await api(ENTRIES, '公事')).toEqual({ ids: ['a', 'b'], correctedQ: '公示' });
    expect(await api(ENTRIES.slice(1), '公事')).toEqual({ ids: ['c'], correctedQ: '公式' }); // 式 U+5F0F < 示 U+793A
  });

  it.each([
    ['事实', 'shishi like 实时, but no character in common'],
    ['攻势', 'gongshi like 公示, but no character in common'],
    ['公事情', 'a word of three characters is not one of two'],
    ['视', 'one character (shi, as 示 and 式) has dozens of homophones'],
  ])('"%s" is not corrected: %s', async (q) => {
    expect(await api(ENTRIES, '公事')).toMatchObject({ correctedQ: '公示' }); // the vocabulary is there
    expect(await api(ENTRIES, q)).toEqual({ ids: [], correctedQ: null });
  });

  it('a term that is found is never corrected, and only whole words of titles and keywords are candidates', async () => {
    expect(await api(ENTRIES, '公事')).toMatchObject({ correctedQ: '公示' }); // the vocabulary is there
    // 公式 is found as written, though 公示 is more frequent.
    expect(await api(ENTRIES, '公式')).toEqual({ ids: ['c'], correctedQ: null });
    // 最高气温 (zuigaoqiwen) is a column title: 最高气文 is not corrected to it.
    expect(await api(CATALOGUE, '最高气温')).toMatchObject({ ids: ['seattle-weather'], correctedQ: null });
    expect(await api(CATALOGUE, '最高气文')).toEqual({ ids: [], correctedQ: null });
  });
});

describe('the pinyin dictionary stays unloaded while queries find something', () => {
  it('the vocabulary is built only for a query that finds nothing and has a Chinese term', () => {
    const index = buildSearchIndex(CATALOGUE);
    expect(needsHomophones(index, '天气')).toBe(false); // found
    expect(needsHomophones(index, 'zzqxv')).toBe(false); // no Chinese term
    expect(needsHomophones(index, '西雅徒')).toBe(true);
    const req = toSearchRequest(SearchParams.parse({ q: '西雅徒' }));
    expect(searchIndex(index, req).total).toBe(0); // without it, as the site's offline search
    withHomophones(index);
    expect(needsHomophones(index, '西雅徒')).toBe(false);
    expect(searchIndex(index, req)).toMatchObject({ total: 1, correctedQ: '西雅图' });
    expect(searchCatalog(CATALOGUE, req).total).toBe(0);
  });
});
