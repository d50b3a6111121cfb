import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { computeFacets } from '../../../functions/core/catalog/search/facets.ts';
import { pinyinSearchFields } from '../../../functions/core/catalog/search/pinyin-index.ts';
import { rankEntries, scoreEntry } from '../../../functions/core/catalog/search/rank.ts';
import { searchCatalog } from '../../../functions/core/catalog/search/search-catalog.ts';
import { SearchParams, toSearchRequest } from '../../../functions/core/catalog/search/search-request.ts';
import { queryTerms, termStrength } from '../../../functions/core/catalog/search/text-match.ts';
import { sampleEntry } from '../../support/catalog-samples.ts';

const entry = (id: string, over: Partial<DatasetEntry>): DatasetEntry => ({
  ...sampleEntry(id),
  latestVersion: 1,
  ...over,
});

const WEATHER = entry('seattle-weather', {
  title: { 'zh-CN': '美国西雅图逐日天气（2012–2015）', en: 'Seattle daily weather, 2012–2015' },
  description: {
    'zh-CN': '每行是西雅图的一天，包括降水量和气温。',
    en: 'Each row is one day in Seattle: precipitation and temperature.',
  },
  keywords: ['天气', '气象', 'weather', 'NOAA'],
  themes: ['environment'],
  publisher: {
    id: 'demo-meteorology',
    name: { 'zh-CN': '示例市气象局', en: 'Demo Meteorological Bureau' },
    email: 'a@b.example',
  },
  updateFrequency: 'irregular',
  formats: ['csv', 'parquet', 'ndjson', 'json'],
  fields: [
    { name: 'temp_max', type: 'number', grade: 'public', title: { 'zh-CN': '最高气温', en: 'Maximum temperature' } },
    { name: 'wind', type: 'number', grade: 'public', description: { en: 'Average wind speed' } },
  ],
  updatedAt: '2026-03-01T00:00:00.000Z',
});
const PROVINCES = entry('cn-provinces', {
  title: { 'zh-CN': '全国省级统计用区划代码', en: 'Province-level statistical division codes of China' },
  description: {
    'zh-CN': '每行是一个省级行政单位，包括区划代码和名称。',
    en: 'One row per province with its division code.',
  },
  keywords: ['行政区划', '区划代码', 'provinces'],
  themes: ['regions', 'government'],
  publisher: {
    id: 'demo-stats',
    name: { 'zh-CN': '示例市统计局', en: 'Demo Statistics Bureau' },
    email: 'a@b.example',
  },
  license: { ...sampleEntry('x').license, id: 'LicenseRef-cn-division-codes' },
  updateFrequency: 'annual',
  fields: [{ name: 'code', type: 'string', grade: 'public', title: { 'zh-CN': '省级区划代码', en: 'Province code' } }],
  updatedAt: '2026-02-01T00:00:00.000Z',
});
const AIRPORTS = entry('us-airports', {
  title: { 'zh-CN': '美国机场', en: 'US airports' },
  description: { en: 'Airports with their location; useful with weather data.' },
  keywords: ['airports', '机场'],
  themes: ['transport'],
  publisher: { id: 'demo-transport', name: { en: 'Demo Transport' }, email: 'a@b.example' },
  updateFrequency: 'annual',
  fields: [{ name: 'iata', type: 'string', grade: 'public', description: { 'zh-CN': '机场三字代码' } }],
  updatedAt: '2026-01-15T00:00:00.000Z',
});
const ALL = [WEATHER, PROVINCES, AIRPORTS];

const search = (params: Record<string, string>) => searchCatalog(ALL, toSearchRequest(SearchParams.parse(params)));
const ids = (params: Record<string, string>) => search(params).hits.map((h) => h.entry.id);

describe('query terms and matching', () => {
  it('splits CJK runs from Latin words and normalizes full-width text', () => {
    expect(queryTerms('西雅图 Weather')).toEqual(['西雅图', 'weather']);
    expect(queryTerms('２０１２年天气')).toEqual(['年天气', '2012']);
    expect(queryTerms('cn-provinces')).toEqual(['cn-provinces']);
  });
  it('matches Chinese by substring, else by bigram share', () => {
    expect(termStrength('天气', '美国西雅图逐日天气')).toBe(1);
    expect(termStrength('西雅图天气', '美国西雅图逐日天气')).toBeGreaterThanOrEqual(0.5);
    expect(termStrength('北京大学', '美国西雅图逐日天气')).toBe(0);
  });
  it('prefers whole English words over prefixes; never matches inside a word', () => {
    expect(termStrength('weather', 'daily weather')).toBe(1);
    // A prefix counts only for the query's last term (see QueryTerm.prefix), and a word's inside never
    // (it was 0.5 before: "la" found "population", "crime" found "°c", review finding H3).
    expect(termStrength('weath', 'daily weather', { prefix: true })).toBe(0.8);
    expect(termStrength('weath', 'daily weather')).toBe(0);
    expect(termStrength('eather', 'daily weather')).toBe(0);
  });
});

describe('ranking', () => {
  it('finds datasets in Chinese without spaces', () => {
    expect(ids({ q: '西雅图天气' })).toEqual(['seattle-weather']);
    expect(ids({ q: '区划代码' })).toEqual(['cn-provinces']);
  });
  it('finds by column names, column titles and publisher names', () => {
    expect(ids({ q: 'temp_max' })).toEqual(['seattle-weather']);
    expect(ids({ q: '最高气温' })).toEqual(['seattle-weather']);
    expect(ids({ q: '统计局' })).toEqual(['cn-provinces']);
    expect(ids({ q: 'iata' })).toEqual(['us-airports']);
  });
  it('ranks title matches above description matches', () => {
    // "weather" is in the weather title and only in the airports description.
    expect(ids({ q: 'weather' })).toEqual(['seattle-weather', 'us-airports']);
    expect(search({ q: 'weather' }).hits[0]!.score).toBeGreaterThan(search({ q: 'weather' }).hits[1]!.score);
  });
  it('ranks the exact phrase first', () => {
    const a = entry('a', { title: { en: 'Daily rain and weather' }, updatedAt: '2026-09-01T00:00:00.000Z' });
    const b = entry('b', { title: { en: 'Seattle daily weather' }, updatedAt: '2020-01-01T00:00:00.000Z' });
    expect(rankEntries([a, b], 'daily weather').map((s) => s.entry.id)).toEqual(['b', 'a']);
  });
  it('ANDs the terms', () => {
    expect(ids({ q: 'weather provinces' })).toEqual([]);
    expect(scoreEntry(WEATHER, 'weather 北京')).toBeUndefined();
  });
  it('finds nothing for a query with no searchable term (%, *, _), instead of everything', () => {
    for (const q of ['%', '*', '_', '--', '…']) expect(ids({ q }), q).toEqual([]);
    expect(ids({ q: '  ' })).toEqual(ids({})); // no query at all: the whole catalogue
  });
  it('never mutates the entries (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (q) => {
        const before = JSON.stringify(ALL);
        searchCatalog(ALL, toSearchRequest(SearchParams.parse({ q })));
        searchCatalog(ALL, toSearchRequest(SearchParams.parse({ q })), pinyinSearchFields);
        expect(JSON.stringify(ALL)).toBe(before);
      }),
      { numRuns: 200 },
    );
  });
});

describe('filters, facets, sort, pagination', () => {
  it('filters with OR inside a dimension and AND across dimensions', () => {
    expect(ids({ theme: 'regions,transport' }).sort()).toEqual(['cn-provinces', 'us-airports']);
    expect(ids({ theme: 'regions,transport', frequency: 'annual', publisher: 'demo-stats' })).toEqual(['cn-provinces']);
    expect(ids({ license: 'LicenseRef-cn-division-codes' })).toEqual(['cn-provinces']);
    expect(ids({ format: 'ndjson' })).toEqual(['seattle-weather']);
  });
  it('counts each facet with the other filters applied', () => {
    const f = search({ theme: 'transport', frequency: 'annual' }).facets;
    // theme counts ignore the theme filter but apply frequency=annual: provinces (regions, government) and airports.
    expect(f.theme.map((v) => [v.value, v.count, v.selected])).toEqual([
      ['government', 1, false],
      ['regions', 1, false],
      ['transport', 1, true],
    ]);
    // frequency counts apply theme=transport only.
    expect(f.frequency.map((v) => [v.value, v.count])).toEqual([['annual', 1]]);
    expect(f.theme[0]!.label).toEqual({ 'zh-CN': '政府与公共部门', en: 'Government and public sector' });
  });
  it('lists a selected value with no datasets as 0', () => {
    const f = computeFacets(ALL, { theme: ['health'] });
    expect(f.theme.find((v) => v.value === 'health')).toMatchObject({ count: 0, selected: true });
  });
  it('facets follow q', () => {
    const f = search({ q: 'weather' }).facets;
    expect(f.publisher.map((v) => v.value).sort()).toEqual(['demo-meteorology', 'demo-transport']);
  });
  it('sorts by updated (default without q) and by title', () => {
    expect(ids({})).toEqual(['seattle-weather', 'cn-provinces', 'us-airports']);
    expect(ids({ sort: 'title', lang: 'en' })).toEqual(['cn-provinces', 'seattle-weather', 'us-airports']);
  });
  it('sorts Chinese titles by pinyin (not code point), and /en/ by the English title', () => {
    const titled = (id: string, zh: string, en?: string) =>
      entry(id, { title: en ? { 'zh-CN': zh, en } : { 'zh-CN': zh }, updatedAt: '2026-01-01T00:00:00.000Z' });
    const entries = [
      titled('sh', '上海市公交线路', 'Shanghai bus routes'),
      titled('bj', '北京市空气质量', 'Beijing air quality'),
      titled('cq', '重庆市人口', 'Chongqing population'),
      titled('ah', '安徽省学校', 'Anhui schools'),
      titled('yh', '银行网点'), // no English title: /en/ sorts it by the Chinese one, after the Latin titles
      titled('latin', 'API 调用统计', 'API calls'),
    ];
    const sorted = (lang?: string) =>
      searchCatalog(
        entries,
        toSearchRequest(SearchParams.parse({ sort: 'title', ...(lang ? { lang } : {}) })),
      ).hits.map((h) => h.entry.id);
    // 安 an, 北 bei, 重 chong, 上 shang, 银 yin; Latin after Chinese, as Excel/WPS and ICU's zh order them.
    expect(sorted()).toEqual(['ah', 'bj', 'cq', 'sh', 'yh', 'latin']);
    expect(sorted('zh-CN')).toEqual(sorted());
    expect(sorted('en')).toEqual(['ah', 'latin', 'bj', 'cq', 'sh', 'yh']);
  });
  it('paginates with page/per_page and limit/offset', () => {
    expect(ids({ per_page: '2', page: '2' })).toEqual(['us-airports']);
    expect(ids({ limit: '1', offset: '1' })).toEqual(['cn-provinces']);
    expect(search({ limit: '1' }).total).toBe(3);
  });
  it('rejects bad parameters', () => {
    expect(SearchParams.safeParse({ per_page: '1000' }).success).toBe(false);
    expect(SearchParams.safeParse({ page: '1', offset: '2' }).success).toBe(false);
    expect(SearchParams.safeParse({ sort: 'random' }).success).toBe(false);
    expect(SearchParams.safeParse({ publsher: 'x' }).success).toBe(false);
  });
});
