import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { pinyinOf, pinyinSearchFields } from '../../../functions/core/catalog/search/pinyin-index.ts';
import { mayBePinyin, pinyinKey } from '../../../functions/core/catalog/search/pinyin-match.ts';
import { rankEntries, scoreFields } from '../../../functions/core/catalog/search/rank.ts';
import { searchCatalog } from '../../../functions/core/catalog/search/search-catalog.ts';
import { searchFields } from '../../../functions/core/catalog/search/search-fields.ts';
import { SearchParams, toSearchRequest } from '../../../functions/core/catalog/search/search-request.ts';
import { latinWords, normalizeText } from '../../../functions/core/catalog/search/text-match.ts';
import { searchDatasets } from '../../../functions/usecases/search-datasets.ts';
import { sampleEntry } from '../../support/catalog-samples.ts';

/**
 * Pinyin in the catalogue search of the API (`tianqi`, `tian qi`, `tq` → 天气), on the 12 entries the
 * local platform publishes (test/fixtures/search, as in catalog-search-precision.test.ts), and its
 * precision: English words must not start finding Chinese text through pinyin.
 */
const CATALOGUE: DatasetEntry[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/search/published-catalogue.json'), 'utf8'),
);
const REGIONS = ['cn-counties', 'cn-prefectures', 'cn-province-summary-gbk', 'cn-provinces', 'cn-townships'];

/** What the API answers (the use case over a catalogue store), ids in order. */
async function api(q: string): Promise<{ ids: string[]; correctedQ: string | null }> {
  const catalog = new MemoryCatalogStore();
  for (const e of CATALOGUE) await catalog.putDataset(e, 0);
  const r = await searchDatasets({ catalog, publicBaseUrl: 'https://data.example' }, { q, limit: '100' });
  return { ids: r.datasets.map((d) => d.id), correctedQ: r.correctedQ };
}
const withPinyin = (q: string) => rankEntries(CATALOGUE, q, pinyinSearchFields).map((s) => s.entry.id);
const withoutPinyin = (q: string) => rankEntries(CATALOGUE, q).map((s) => s.entry.id);

describe('pinyin finds Chinese datasets (API)', () => {
  const table: [string, string[] | { anyOrder: string[] }][] = [
    ['tianqi', ['seattle-weather']], // 天气
    ['tian qi', ['seattle-weather']], // a space between the syllables
    ['TianQi', ['seattle-weather']],
    ['tiānqì', ['seattle-weather']], // tone marks are dropped
    ['tq', ['seattle-weather']], // initials of the keyword 天气
    ['seattle tianqi', ['seattle-weather']], // with an English word
    ['xiyatu', ['seattle-weather']], // 西雅图, a word of the title
    ['xyt', ['seattle-weather']], // its initials (3 letters: a word inside a title counts)
    ['jichang', ['us-airports']], // 机场 (us-flights-3m has it only in its description and column titles)
    ['ji chang', ['us-airports']],
    ['jc', ['us-airports']],
    ['xingzhengquhua', { anyOrder: REGIONS }], // 行政区划
    ['xing zheng qu hua', { anyOrder: REGIONS }],
    ['xingzheng quhua', { anyOrder: REGIONS }],
    ['xzqh', { anyOrder: REGIONS }],
    ['quhua', { anyOrder: REGIONS }], // 区划, a word of 行政区划 and of the titles
    ['monaluoya', ['mauna-loa-co2']], // 莫纳罗亚: four one-character words of the segmenter, together
    ['eryanghuatan', ['mauna-loa-co2']], // 二氧化碳
    ['hangban', ['us-flights-3m']], // 航班
  ];
  it.each(table)('"%s" finds %j', async (q, expected) => {
    const { ids, correctedQ } = await api(q);
    if (Array.isArray(expected)) expect(ids).toEqual(expected);
    else expect([...ids].sort()).toEqual(expected.anyOrder);
    expect(correctedQ).toBeNull(); // found directly, not by the spelling correction
  });
});

describe('pinyin matches whole syllables of whole words only', () => {
  it.each([
    ['tian', 'one syllable: not a word (English one-syllable words never match)'],
    ['qi', 'one syllable'],
    ['tianq', 'part of a syllable'],
    ['ianqi', 'part of a syllable'],
    ['quhuadai', '区划代码 is 区划 / 代码: 代 is only part of a word'],
    ['tia nqi', 'the space must fall between two syllables'],
    ['tian气', 'mixed pinyin and characters: not supported'],
    ['sj', 'two-letter initials of a word inside a longer title (省级): too common'],
    ['eyht', '二氧化碳 starts with a vowel: initials are consonants only'],
    ['maomaoyu', '毛毛雨 is only in a description: descriptions get no pinyin'],
    ['zuigaoqiwen', '最高气温 is a column title: column texts get no pinyin'],
    ['tianqi2012', 'letters and digits: not pinyin'],
  ])('"%s" finds nothing: %s', async (q) => {
    expect((await api(q)).ids).toEqual([]);
  });

  it('the same words as characters are found, so the rules are about pinyin', async () => {
    expect((await api('毛毛雨')).ids).toEqual(['seattle-weather']);
    expect((await api('最高气温')).ids).toEqual(['seattle-weather']);
    expect((await api('省级')).ids.length).toBeGreaterThan(0);
  });

  it('indexes syllables, word boundaries and initials (tone-less, polyphones from the context)', () => {
    expect(pinyinOf(normalizeText('美国西雅图逐日天气（2012–2015）'))).toEqual({
      full: 'meiguoxiyatuzhuritianqi',
      marks: 'w..s..w.s.s.w..s.w...s.w',
      initials: ' xyt mgxytzrtq ',
    });
    expect(pinyinOf('行政区划')?.full).toBe('xingzhengquhua'); // 行 as xing, not hang
    expect(pinyinOf('银行')?.full).toBe('yinhang');
    expect(pinyinOf('绿色')?.full).toBe('lvse'); // ü as v, as pinyin keyboards type it
    expect(pinyinOf('weather only')).toBeUndefined();
  });

  it('reads a query term as pinyin only when it is letters', () => {
    expect(pinyinKey('tianqi')).toBe('tianqi');
    expect(pinyinKey('tiānqì')).toBe('tianqi');
    expect(pinyinKey('lǜ')).toBe('lv');
    expect(pinyinKey('co2')).toBeUndefined();
    expect(pinyinKey('temp_max')).toBeUndefined();
    expect(mayBePinyin('天气')).toBe(false);
    expect(mayBePinyin('西雅图 tianqi')).toBe(true);
    expect(mayBePinyin(undefined)).toBe(false);
  });
});

describe('pinyin ranks below direct matches', () => {
  const latin = { ...sampleEntry('latin'), latestVersion: 1, keywords: ['tianqi'], title: { en: 'A' } };
  const chinese = { ...sampleEntry('chinese'), latestVersion: 1, keywords: ['天气'], title: { en: 'B' } };
  it('a Latin keyword "tianqi" outranks the keyword 天气 read as pinyin', () => {
    const ranked = rankEntries([chinese, latin], 'tianqi', pinyinSearchFields);
    expect(ranked.map((r) => r.entry.id)).toEqual(['latin', 'chinese']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });
  it('and the characters themselves outrank their pinyin', () => {
    const chars = rankEntries([chinese], '天气', pinyinSearchFields)[0]!.score;
    expect(rankEntries([chinese], 'tianqi', pinyinSearchFields)[0]!.score).toBeLessThan(chars);
    expect(rankEntries([chinese], 'tq', pinyinSearchFields)[0]!.score).toBeLessThan(
      rankEntries([chinese], 'tianqi', pinyinSearchFields)[0]!.score,
    );
  });
});

describe('English words do not start matching Chinese text through pinyin', () => {
  // Common English words and abbreviations, and words that read as pinyin syllables (men, pan, long,
  // china, women, change, banana, ...), plus every Latin word of the 12 entries.
  const COMMON = `the be to of and a in that have it for not on with he as you do at this but by from they we
    say her she or an will my one all would there their what so up out if about who get which go me when make
    can like time no just him know take people into year your good some could them see other than then now look
    only come its over think also back after use two how our work first well way even new want because any
    these give day most us data air la wind crime weather airport city county state code map road bus train
    station traffic health hospital school population census income tax budget energy water river lake sea rain
    snow sun fog temperature climate carbon gas oil coal power police fire safety death age gender race name
    address phone email open public government department bureau office report annual daily monthly rate index
    price market trade bank money finance job labor wage house land farm food forest park disease covid flight
    delay china chinese beijing shanghai hong kong macao taiwan province town village district area region zone
    man men woman women human dian ming long pan bang ban tan fan hang gang lang tang yang wang zhang chang
    hen ten pen ben den ken zen yen wen lie die pie tie she he me ne le de ye ma na ta da ba fa ga ha ka sa ya
    mao tao dao bao gao hao lao an en ai ou er ao line lane mine nine pine dine fine wine shine tina nina lean
    mean change chain chin sung song sing ring king ding bing ping ting ling sofa tofu mango tango banana panda
    bingo yoga bayou gaming shin shen ago menu ocean dune tune june lime time cafe case base face pace ciao laos
    tv pm gb km ms mb id sql csv json xml pdf http api url gdp cpi ppm npm bts faa iata noaa wgs cfr sio na nyc
    dc sf js ts db mm cm kg kb gbk crlf utf zip usa uk eu un who nasa dna hiv atm pc ceo hr it pr qa qc rss sms
    ftp ssh dns tcp ip lan gps gis bbc cnn nbc cbs`.split(/\s+/);
  const OWN = CATALOGUE.flatMap((d) => latinWords(normalizeText(JSON.stringify(d))));
  const WORDS = [...new Set([...COMMON, ...OWN])].filter((w) => /^[a-z]+$/.test(w)).sort();

  it(`gain no dataset from pinyin, but for two keyword initials (${WORDS.length} words)`, () => {
    // The fields once, not per query: the same scoring as rankEntries, 12 entries x ~1,000 words.
    const plainFields = CATALOGUE.map((d) => [d.id, searchFields(d)] as const);
    const pinyinFields = CATALOGUE.map((d) => [d.id, pinyinSearchFields(d)] as const);
    const gained: Record<string, string[]> = {};
    for (const w of WORDS) {
      const plain = new Set(plainFields.filter(([, f]) => scoreFields(w, f) !== undefined).map(([id]) => id));
      const extra = pinyinFields
        .filter(([id, f]) => !plain.has(id) && scoreFields(w, f) !== undefined)
        .map(([id]) => id);
      if (extra.length) gained[w] = extra;
    }
    // Two-letter initials of two-character keywords are genuinely ambiguous: js = 降水 (jiang shui),
    // sf = 省份 (sheng fen). Measured and accepted: `tq` and `jc` are worth it. The values of the data
    // (every county, prefecture and province name: searchValues) add `shanghai` (上海市, rightly) and
    // `lean`, which is the pinyin of 乐安县 (Le'an county): a value match, ranked last, that names the value.
    expect(gained).toEqual({
      js: ['seattle-weather'],
      lean: ['cn-counties'],
      sf: ['cn-provinces', 'cn-province-summary-gbk'],
      shanghai: ['cn-provinces'],
    });
    expect(WORDS.length).toBeGreaterThan(900);
  });

  it('nor do two-word English phrases (a space is joined only between syllables)', () => {
    for (const q of ['air quality', 'open data', 'la riots', 'wind speed', 'men long', 'ta da', 'china man']) {
      expect(withPinyin(q), q).toEqual(withoutPinyin(q));
    }
    // Syllables joined by a space do read as a county in the data: 班玛县 (Banma county), by value.
    expect(withPinyin('ban ma')).toEqual([...withoutPinyin('ban ma'), 'cn-counties']);
  });
});

describe('pinyin stays on the API', () => {
  it('the matcher finds no pinyin without the precomputed pinyin (the site’s offline search)', () => {
    const weather = CATALOGUE.find((d) => d.id === 'seattle-weather')!;
    expect(scoreFields('tianqi', searchFields(weather))).toBeUndefined();
    expect(scoreFields('tianqi', pinyinSearchFields(weather))).toBeGreaterThan(0);
    expect(searchCatalog(CATALOGUE, toSearchRequest(SearchParams.parse({ q: 'tianqi' }))).total).toBe(0);
  });

  it('the browser bundle of the offline search carries no pinyin dictionary', async () => {
    const root = join(import.meta.dirname, '../../..');
    const bundle = await build({
      entryPoints: [join(root, 'site/src/scripts/search-offline.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((i) => i.includes('functions/core/catalog/search/rank.ts'))).toBe(true); // the check can see
    expect(inputs.filter((i) => /pinyin-pro|pinyin-index/.test(i))).toEqual([]);
  });
});
