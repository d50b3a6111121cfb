import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { EXPLAIN_BUDGET, MAX_MATCHED_VALUES } from '../../../functions/core/catalog/search/matched-values.ts';
import { pinyinSearchFields } from '../../../functions/core/catalog/search/pinyin-index.ts';
import { rankEntries } from '../../../functions/core/catalog/search/rank.ts';
import { searchCatalog, searchIndex } from '../../../functions/core/catalog/search/search-catalog.ts';
import { WHOLE_VALUE_SCORE } from '../../../functions/core/catalog/search/search-fields.ts';
import { buildSearchIndex } from '../../../functions/core/catalog/search/search-index.ts';
import { SearchParams, toSearchRequest } from '../../../functions/core/catalog/search/search-request.ts';
import { DatasetSearchResponse } from '../../../functions/core/catalog/search/search-response.ts';
import type { WorkMeter } from '../../../functions/core/catalog/search/work-meter.ts';
import type { ValueProfile } from '../../../functions/core/catalog/value-profile.ts';
import { searchDatasets } from '../../../functions/usecases/search-datasets.ts';
import { sampleEntry } from '../../support/catalog-samples.ts';

/**
 * Catalogue search over the values of the data (the value profile, value-profile.ts): a value finds its
 * dataset by the same rules as metadata (every term, folding, typos, pinyin), ranks below any metadata
 * match, and the API says which value matched.
 */
const entry = (id: string, over: Partial<DatasetEntry>, valueProfile?: ValueProfile): DatasetEntry => ({
  ...sampleEntry(id),
  latestVersion: 1,
  keywords: [],
  description: { en: 'Rows of data.' },
  ...over,
  ...(valueProfile ? { valueProfile } : {}),
});

const FLIGHTS = entry('us-flights', { title: { en: 'Flight delays', 'zh-CN': '航班延误' } }, [
  { field: 'origin', values: ['ORD', 'SFO', 'SEA', 'Philadelphia'], distinct: 229 },
  { field: 'destination', values: ['ORD', 'SFO'], distinct: 228 },
]);
const WEATHER = entry(
  'seattle-weather',
  { title: { en: 'Seattle daily weather', 'zh-CN': '西雅图逐日天气' }, updatedAt: '2026-01-01T00:00:00.000Z' },
  [{ field: 'weather', values: ['rain', 'sun', 'drizzle'], distinct: 5 }],
);
const CITIES = entry('city-stats', { title: { en: 'City statistics', 'zh-CN': '城市统计' } }, [
  { field: 'city', values: ['Seattle', 'Portland', 'Boston'], distinct: 3 },
]);
/** Portland only in a column description, the lightest metadata field. */
const TRANSIT = entry('transit', {
  title: { en: 'Transit ridership' },
  fields: [{ name: 'line', type: 'string', grade: 'public', description: { en: 'Line, e.g. Portland streetcar' } }],
});
const DISTRICTS = entry('cn-districts', { title: { 'zh-CN': '区县人口', en: 'Population by district' } }, [
  { field: 'district', values: ['海淀区', '朝阳区'], distinct: 16 },
  { field: 'province', values: ['浙江省', '北京市'], distinct: 31 },
]);
/** An entry published before profiles: searched as before. */
const OLD = entry('old-entry', { title: { en: 'Boston libraries' } });
/**
 * Reference data: its county column is declared `searchValues`, so it lists every value, each one row's;
 * its description begins a word with `ord` (order).
 */
const TOWNS = entry(
  'towns',
  {
    title: { en: 'Township codes', 'zh-CN': '乡级区划' },
    description: { en: 'Rows in the column order of the source.' },
  },
  [
    { field: 'county', values: ['门头沟区', '石景山区'], distinct: 2, searchValues: true },
    { field: 'countyCode', values: ['110109', '110107'], distinct: 2, searchValues: true },
  ],
);
const CATALOGUE = [FLIGHTS, WEATHER, CITIES, TRANSIT, DISTRICTS, OLD, TOWNS];

/** The API's answer (use case over a catalogue store: index, pinyin, matchedValues). */
async function api(q: string, catalogue: readonly DatasetEntry[] = CATALOGUE) {
  const catalog = new MemoryCatalogStore();
  for (const e of catalogue) await catalog.putDataset(e, 0);
  const r = await searchDatasets({ catalog, publicBaseUrl: 'https://data.example' }, { q, limit: '100' });
  return { ...r, ids: r.datasets.map((d) => d.id) };
}

describe('a value of the data finds its dataset', () => {
  it('an airport code: the API says which column matched, and leaves the profile out of the answer', async () => {
    const r = await api('SFO');
    expect(r.ids).toEqual(['us-flights']);
    expect(r.matchedValues).toEqual({
      'us-flights': [
        { field: 'origin', value: 'SFO' },
        { field: 'destination', value: 'SFO' },
      ],
    });
    expect(r.datasets[0]).not.toHaveProperty('valueProfile');
    const { ids: _, ...body } = r;
    expect(DatasetSearchResponse.safeParse(body).success).toBe(true);
  });

  it('every term must match, in the metadata or the values', async () => {
    expect((await api('SFO weather')).ids).toEqual([]);
    const r = await api('SFO flight');
    expect(r.ids).toEqual(['us-flights']);
    // `flight` is in the title: only SFO is explained by a value.
    expect(r.matchedValues['us-flights']).toEqual([
      { field: 'origin', value: 'SFO' },
      { field: 'destination', value: 'SFO' },
    ]);
  });

  it('a Chinese value, as a substring and in traditional characters', async () => {
    for (const q of ['浙江', '海淀區', '朝陽']) {
      const r = await api(q);
      expect(r.ids, q).toEqual(['cn-districts']);
    }
    expect((await api('海淀區')).matchedValues).toEqual({ 'cn-districts': [{ field: 'district', value: '海淀区' }] });
  });

  it('a misspelt value, through the typo correction', async () => {
    const r = await api('philadelpia');
    expect(r.correctedQ).toBe('philadelphia');
    expect(r.ids).toEqual(['us-flights']);
    expect(r.matchedValues).toEqual({ 'us-flights': [{ field: 'origin', value: 'Philadelphia' }] });
  });

  it('the pinyin of a Chinese value (whole words as for titles; never initials)', async () => {
    const r = await api('haidian'); // 海淀区 is 海 / 淀 / 区 to the segmenter: 海淀 is two whole words
    expect(r.ids).toEqual(['cn-districts']);
    expect(r.matchedValues).toEqual({ 'cn-districts': [{ field: 'district', value: '海淀区' }] });
    // 浙江省 is one word to the segmenter, but in a value a place suffix (省 市 区 县 镇 …) is a word of its
    // own: 浙江 / 省, so the name without it matches, and with it too.
    expect((await api('zhejiangsheng')).ids).toEqual(['cn-districts']);
    expect((await api('zhejiang')).ids).toEqual(['cn-districts']);
    expect((await api('beijing')).matchedValues).toEqual({ 'cn-districts': [{ field: 'province', value: '北京市' }] });
    // Not part of a syllable run (zhe is one syllable), nor the suffix alone.
    expect((await api('zhe')).ids).toEqual([]);
    expect((await api('shengshi')).ids).toEqual([]);
    // zj, bj: two-letter initials of two-character place names would make abbreviations find them.
    expect((await api('bj')).ids).toEqual([]);
    expect((await api('zj')).ids).toEqual([]);
  });

  it('a Chinese term is matched within one value, never with the characters of two', async () => {
    const stations = entry('stations', { title: { en: 'Stations' } }, [
      { field: 'station', values: ['东城东四', '西城区'], distinct: 2 },
    ]);
    // 东城 is in one value and 城区 in the other: no value is 东城区.
    expect((await api('东城区', [stations])).ids).toEqual([]);
    expect(rankEntries([stations], '东城区')).toEqual([]);
    // Bigrams of one value still cover a term (as in a title): 东城东四 has 东城 and 城东.
    expect((await api('东城东', [stations])).ids).toEqual(['stations']);
  });

  it('a value that is not in a profile finds nothing', async () => {
    expect((await api('LAX')).ids).toEqual([]);
    expect((await api('snow')).ids).toEqual([]);
  });
});

describe('metadata ranks above values', () => {
  it('a title match first, the value match after it', async () => {
    const r = await api('seattle');
    expect(r.ids).toEqual(['seattle-weather', 'city-stats']);
    expect(r.scores['seattle-weather']).toBeGreaterThan(r.scores['city-stats'] as number);
    // The title explains the weather dataset; the city statistics matched through their data.
    expect(r.matchedValues).toEqual({ 'city-stats': [{ field: 'city', value: 'Seattle' }] });
  });

  it('even the lightest metadata match (a column description) outranks an exact value, phrase and all', async () => {
    const r = await api('Portland');
    expect(r.ids).toEqual(['transit', 'city-stats']);
    const r2 = await api('Boston');
    expect(r2.ids).toEqual(['old-entry', 'city-stats']);
  });

  it('a dataset found only through values gets no phrase bonus, even with the query inside a word of its metadata', async () => {
    const states = entry(
      'airports',
      { title: { en: 'Airports' }, fields: [{ name: 'latitude', type: 'number', grade: 'public' }] },
      [{ field: 'state', values: ['CA', 'LA'], distinct: 2 }],
    );
    const riots = entry('riots', {
      title: { en: 'Riots' },
      fields: [{ name: 'x', type: 'string', grade: 'public', description: { en: 'Place in LA' } }],
    });
    const r = await api('LA', [states, riots]);
    expect(r.ids).toEqual(['riots', 'airports']);
    // `la` is in `latitude`, but only as the start of a word: the whole value LA, and no phrase bonus.
    expect(r.scores.airports).toBe(WHOLE_VALUE_SCORE);
    expect(r.scores.riots).toBe(31); // a column description (1) and the phrase found there (30)
  });

  it('a value outranks nothing it should not: on a term the metadata has, values add nothing', () => {
    const withoutValues = CATALOGUE.map(({ valueProfile: _, ...e }) => e as DatasetEntry);
    for (const q of ['weather', '天气', 'flight delays', 'district']) {
      const a = searchCatalog(CATALOGUE, toSearchRequest(SearchParams.parse({ q })));
      const b = searchCatalog(withoutValues, toSearchRequest(SearchParams.parse({ q })));
      expect(
        a.hits.map((h) => [h.entry.id, h.score]),
        q,
      ).toEqual(b.hits.map((h) => [h.entry.id, h.score]));
    }
  });
});

describe('the index scores values as the reference matcher does', () => {
  it.each([
    'SFO',
    'sfo flight',
    'seattle',
    'seattle weather',
    'Portland',
    'Boston',
    '浙江',
    '海淀區',
    'zhejiangsheng',
    'haidian',
    'phila',
    'rain',
    'drizzle seattle',
    'LA',
    'sea',
    'ORD',
    'ord',
    'order',
    '海淀区',
    '海淀',
    'zhejiang',
    'beijing',
    'rain seattle',
  ])('%s', async (q) => {
    const reference = rankEntries(CATALOGUE, q, pinyinSearchFields).map((s) => [s.entry.id, s.score]);
    const indexed = searchCatalog(CATALOGUE, toSearchRequest(SearchParams.parse({ q })), pinyinSearchFields).hits.map(
      (h) => [h.entry.id, h.score],
    );
    expect(indexed).toEqual(reference);
    // The API's index (pinyin added lazily) answers the same.
    const r = await api(q);
    expect(r.ids.map((id) => [id, r.scores[id]])).toEqual(reference);
  });
});

describe('the explanation stays cheap', () => {
  it(`names at most ${MAX_MATCHED_VALUES} values per dataset`, async () => {
    const wide = entry('wide', { title: { en: 'Wide' } }, [
      {
        field: 'a',
        values: ['north gate', 'north market', 'north station', 'north hospital', 'north end'],
        distinct: 5,
      },
    ]);
    const r = await api('north', [wide]);
    expect(r.matchedValues.wide).toEqual([
      { field: 'a', value: 'north gate' },
      { field: 'a', value: 'north market' },
      { field: 'a', value: 'north station' },
    ]);
  });

  it('explains only the page, within a work budget, however many values the hits hold', () => {
    const values = Array.from({ length: 50 }, (_, i) => `place ${i}`);
    const big = Array.from({ length: 300 }, (_, i) =>
      entry(`d${i}`, { title: { en: 'Same dataset' } }, [
        { field: 'a', values, distinct: 900 },
        { field: 'b', values: values.map((v) => `${v} b`), distinct: 900 },
      ]),
    );
    const index = buildSearchIndex(big);
    const req = (q: string, limit: number) => ({ ...toSearchRequest(SearchParams.parse({ q })), limit });
    const cost = (q: string, limit: number) => {
      const meter: WorkMeter = { units: 0 };
      const r = searchIndex(index, req(q, limit), meter);
      return { units: meter.units, r };
    };
    // The explanation adds work in proportion to the page, not to the matches.
    const small = cost('place 49 b', 1);
    const page = cost('place 49 b', 100);
    expect(small.r.total).toBe(300);
    expect(small.r.hits[0]?.matchedValues).toEqual([{ field: 'b', value: 'place 49 b' }]);
    expect(page.units - small.units).toBeLessThanOrEqual(EXPLAIN_BUDGET);
    // Past the budget a hit is not explained; an explanation given is never a wrong one.
    const explained = page.r.hits.filter((h) => h.matchedValues.length > 0);
    expect(explained.length).toBeGreaterThan(10);
    for (const h of explained) expect(h.matchedValues).toEqual([{ field: 'b', value: 'place 49 b' }]);
  });
});

describe('a term that is a whole value of the data', () => {
  it('ranks above a word of a description it only begins (review: q=ORD found cn-townships by "order" first)', async () => {
    const r = await api('ORD', [FLIGHTS, TOWNS]);
    expect(r.ids).toEqual(['us-flights', 'towns']);
    expect(r.scores['us-flights']).toBe(WHOLE_VALUE_SCORE);
    // `ord` begins `order` (0.8 x the description's 2) and is not found there as a phrase: no bonus.
    expect(r.scores.towns).toBe(1.6);
    expect(r.matchedValues).toEqual({
      'us-flights': [
        { field: 'origin', value: 'ORD' },
        { field: 'destination', value: 'ORD' },
      ],
    });
    // The whole word still gets the phrase bonus.
    expect((await api('order', [FLIGHTS, TOWNS])).scores.towns).toBe(32);
  });

  it('scores above a term found inside a value, below a whole word of the metadata', async () => {
    expect((await api('海淀区')).scores['cn-districts']).toBe(WHOLE_VALUE_SCORE);
    expect((await api('海淀區')).scores['cn-districts']).toBe(WHOLE_VALUE_SCORE);
    expect((await api('海淀')).scores['cn-districts']).toBe(0.4);
    const rainfall = entry('rainfall', { title: { en: 'Totals' }, description: { en: 'Daily rain totals.' } });
    const r = await api('rain', [WEATHER, rainfall]);
    expect(r.ids).toEqual(['rainfall', 'seattle-weather']);
    expect(r.scores['seattle-weather']).toBe(WHOLE_VALUE_SCORE);
  });

  it('is a whole value only: not a word of a longer one, nor two values together', async () => {
    const airports = entry('airports', { title: { en: 'Airports' } }, [
      { field: 'name', values: ['Philadelphia International', 'SFO'], distinct: 2 },
    ]);
    expect((await api('philadelphia', [airports])).scores.airports).toBe(0.4);
    expect((await api('sfo', [airports])).scores.airports).toBe(WHOLE_VALUE_SCORE);
    expect((await api('international', [airports])).scores.airports).toBe(0.4);
  });
});

describe('reference data: columns declared searchValues', () => {
  it('finds the dataset by a value that one row holds, and says which', async () => {
    for (const q of ['门头沟', '门头沟区', '門頭溝區', 'mentougou', '110109']) {
      const r = await api(q);
      expect(r.ids, q).toEqual(['towns']);
    }
    expect((await api('门头沟')).matchedValues).toEqual({ towns: [{ field: 'county', value: '门头沟区' }] });
  });
});

describe('the shipped samples (their published entries, test/fixtures/search)', () => {
  const SAMPLES: DatasetEntry[] = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../fixtures/search/published-catalogue.json'), 'utf8'),
  );

  it.each([
    ['广东', 'cn-provinces', '广东省'],
    ['广东省', 'cn-provinces', '广东省'],
    ['浙江', 'cn-provinces', '浙江省'],
    ['zhejiang', 'cn-provinces', '浙江省'],
    ['深圳', 'cn-prefectures', '深圳市'],
    ['shenzhen', 'cn-prefectures', '深圳市'],
    ['海淀', 'cn-counties', '海淀区'],
    ['海淀区', 'cn-counties', '海淀区'],
    ['海淀區', 'cn-counties', '海淀区'],
    ['石景山', 'cn-counties', '石景山区'],
    ['haidian', 'cn-counties', '海淀区'],
    ['110108', 'cn-townships', '110108'],
  ])('%s finds %s through the value %s', async (q, id, value) => {
    const r = await api(q, SAMPLES);
    expect(r.ids[0], q).toBe(id);
    expect(r.matchedValues[id]?.[0]?.value, q).toBe(value);
  });

  it('ORD: the flights, where it is an airport, above the townships, whose description says "order"', async () => {
    const r = await api('ORD', SAMPLES);
    expect(r.ids).toEqual(['us-flights-3m', 'cn-townships']);
  });

  it('their name columns are declared searchValues and listed whole', () => {
    const names = (id: string) => SAMPLES.find((e) => e.id === id)?.valueProfile?.find((c) => c.field === 'name');
    expect(names('cn-provinces')).toMatchObject({ searchValues: true, distinct: 31 });
    expect(names('cn-counties')?.values.length).toBe(names('cn-counties')?.distinct);
    expect(names('cn-counties')?.values).toContain('海淀区');
  });
});
