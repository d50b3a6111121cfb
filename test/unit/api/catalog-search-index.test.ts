import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { didYouMean } from '../../../functions/core/catalog/search/did-you-mean.ts';
import {
  pinyinOf,
  pinyinSearchFields,
  withHomophones,
  withPinyinIndex,
} from '../../../functions/core/catalog/search/pinyin-index.ts';
import { MAX_NORMALIZED_Q, MAX_QUERY_TERMS } from '../../../functions/core/catalog/search/query-limits.ts';
import { rankEntries } from '../../../functions/core/catalog/search/rank.ts';
import { searchCatalog, searchIndex } from '../../../functions/core/catalog/search/search-catalog.ts';
import { type SearchField, searchFields } from '../../../functions/core/catalog/search/search-fields.ts';
import { buildSearchIndex, type SearchIndex } from '../../../functions/core/catalog/search/search-index.ts';
import { SearchIndexCache } from '../../../functions/core/catalog/search/search-index-cache.ts';
import type { SearchRequest } from '../../../functions/core/catalog/search/search-request.ts';
import { CJK_RUN, latinWords, normalizeText } from '../../../functions/core/catalog/search/text-match.ts';
import type { WorkMeter } from '../../../functions/core/catalog/search/work-meter.ts';
import type { AppError } from '../../../functions/core/errors.ts';
import type { CatalogStore } from '../../../functions/ports/catalog-store.ts';
import { searchDatasets } from '../../../functions/usecases/search-datasets.ts';

/**
 * The per-snapshot search index (pentest finding F7): its answers are the reference matcher's (rank.ts,
 * did-you-mean.ts: what the API answered before the index, and what the site's offline search still runs),
 * and the work of one query is bounded by what it matches, not by the catalogue's size. Work is counted
 * (WorkMeter), not timed: the times are in bench/search.ts.
 */
const CATALOGUE: DatasetEntry[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/search/published-catalogue.json'), 'utf8'),
);

type FieldsOf = (e: DatasetEntry) => readonly SearchField[];
const request = (q: string | undefined, sort: SearchRequest['sort'] = 'relevance'): SearchRequest => ({
  ...(q === undefined ? {} : { q }),
  filters: {},
  sort,
  lang: 'zh-CN',
  offset: 0,
  limit: 100_000,
});

/** What searchCatalog answered before the index: rankEntries, then didYouMean over every text. */
const prepared = new WeakMap<
  object,
  Map<FieldsOf, { fields: Map<DatasetEntry, readonly SearchField[]>; texts: string[] }>
>();
function reference(entries: readonly DatasetEntry[], q: string, fieldsOf: FieldsOf) {
  // Each entry's fields computed once per catalogue, not on every call as rankEntries does: the same answers, faster.
  let byFields = prepared.get(entries);
  if (!byFields) {
    byFields = new Map();
    prepared.set(entries, byFields);
  }
  let p = byFields.get(fieldsOf);
  if (!p) {
    p = {
      fields: new Map(entries.map((e) => [e, fieldsOf(e)])),
      texts: entries.flatMap((e) => searchFields(e).map((f) => f.text)),
    };
    byFields.set(fieldsOf, p);
  }
  const { fields, texts } = p;
  const cached = (e: DatasetEntry) => fields.get(e) as readonly SearchField[];
  let ranked = rankEntries(entries, q, cached);
  let correctedQ: string | undefined;
  if (q && ranked.length === 0) {
    const suggestion = didYouMean(q, texts);
    const retried = suggestion ? rankEntries(entries, suggestion, cached) : [];
    if (retried.length) {
      ranked = retried;
      correctedQ = suggestion;
    }
  }
  return { hits: ranked.map((r) => [r.entry.id, r.score]), correctedQ };
}
function indexed(entries: readonly DatasetEntry[], q: string, fieldsOf: FieldsOf) {
  const r = searchCatalog(entries, request(q), fieldsOf);
  return { hits: r.hits.map((h) => [h.entry.id, h.score]), correctedQ: r.correctedQ };
}
const expectSame = (entries: readonly DatasetEntry[], queries: Iterable<string>) => {
  for (const q of queries) {
    for (const fieldsOf of [searchFields, pinyinSearchFields]) {
      expect(indexed(entries, q, fieldsOf), `${q} (${fieldsOf === searchFields ? 'plain' : 'pinyin'})`).toEqual(
        reference(entries, q, fieldsOf),
      );
    }
  }
};

// ---------- queries drawn from the catalogue ----------
// Queries come from every metadata text and the first 40 values of each profiled column: the columns declared
// searchValues hold thousands (2,942 county names), and a query per value would take minutes, not seconds.
const SAMPLED = CATALOGUE.map((e) => ({
  ...e,
  ...(e.valueProfile ? { valueProfile: e.valueProfile.map((c) => ({ ...c, values: c.values.slice(0, 40) })) } : {}),
}));
const texts = SAMPLED.flatMap((e) => searchFields(e).map((f) => f.text));
const words = [...new Set(texts.flatMap((t) => latinWords(t)))];
const runs = [...new Set(texts.flatMap((t) => [...t.matchAll(CJK_RUN)].map((m) => m[0])))];
const substrings = (s: string, max: number) => {
  const c = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i < c.length; i++)
    for (let n = 1; n <= max && i + n <= c.length; n++) out.push(c.slice(i, i + n).join(''));
  return out;
};
const typos = (w: string) => [
  w.slice(1),
  `${w.slice(0, 2)}${w.slice(3)}`,
  `${w.slice(0, 1)}${w[2]}${w[1]}${w.slice(3)}`,
  `${w.slice(0, 3)}x${w.slice(4)}`,
  `${w.slice(0, 2)}e${w.slice(2)}`,
];

describe('the index answers as the reference matcher', () => {
  it('every Latin word of the catalogue, its prefixes as the last term, and one-edit typos of it', () => {
    expectSame(CATALOGUE, words);
    expectSame(
      CATALOGUE,
      words.filter((w) => w.length > 4).map((w) => w.slice(0, 3 + (w.length % 3))),
    );
    expectSame(
      CATALOGUE,
      words
        .filter((w) => w.length >= 5 && /^\p{L}+$/u.test(w))
        .filter((_, i) => i % 3 === 0) // the reference corrects slowly: a third of the words, five typos each
        .flatMap(typos),
    );
  });

  it('every CJK substring of up to 4 characters, and whole runs with a character changed', () => {
    expectSame(CATALOGUE, new Set(runs.flatMap((r) => substrings(r, 4))));
    expectSame(
      CATALOGUE,
      runs.filter((r) => r.length >= 4).map((r) => `${r.slice(0, 2)}数${r.slice(3)}`),
    );
  });

  it('pinyin: of every title and keyword, whole and spaced syllable by syllable, and initials', () => {
    const pinyin = texts.flatMap((t) => {
      const p = pinyinOf(t);
      if (!p) return [];
      const syllables: string[] = [];
      let cur = '';
      for (let i = 0; i < p.full.length; i++) {
        if (i > 0 && p.marks[i] !== '.' && cur) {
          syllables.push(cur);
          cur = '';
        }
        if (p.full[i] !== '|') cur += p.full[i];
      }
      if (cur) syllables.push(cur);
      return [
        ...p.full.split('|'),
        syllables.slice(0, 6).join(' '),
        syllables.slice(1, 4).join(' '),
        ...p.initials.trim().split(' '),
      ];
    });
    expectSame(CATALOGUE, new Set(pinyin));
    expectSame(CATALOGUE, [
      'tianqi',
      'tian qi',
      'tiānqì',
      'tq',
      'xzqh',
      'xi ya tu tian qi',
      'jichang weather',
      'tian qi qi',
    ]);
  });

  it('ids, column names, phrases, several terms, and odd input', () => {
    const ids = CATALOGUE.flatMap((e) => [e.id, ...e.fields.map((f) => f.name.toLowerCase())]);
    expectSame(CATALOGUE, ids);
    expectSame(
      CATALOGUE,
      ids.filter((i) => /[._-]/.test(i)).map((i) => i.slice(0, -1)),
    );
    expectSame(CATALOGUE, [
      'seattle weather',
      'seattle weath',
      '西雅图天气',
      '美国 airports',
      'weather 北京',
      'administrative divisions',
      'air quality',
      '%',
      '  ',
      '天氣',
      '２０１２年天气',
      '\ufdfa',
      'seatle wether',
      'the of and data',
      // Synonyms (synonyms.ts) and theme labels: the reference and the index score them alike.
      '温度',
      '降雨',
      '降雨量',
      '西雅图降雨',
      'rainfall',
      'seattle rainfall',
      'carbon dioxide',
      'co2 carbon dioxide',
      'crime',
      'crimes',
      '犯罪',
      'public safety',
      'population',
      '司法',
      '司法与公共安全',
      'justice',
      'science and technology',
    ]);
  });

  it('random queries over the catalogue’s own characters', () => {
    const alphabet = [...new Set([...texts.join('')])];
    const ch = fc.constantFrom(...alphabet, ' ', ' ', '-', '_');
    fc.assert(
      fc.property(fc.array(ch, { minLength: 1, maxLength: 12 }), (cs) => {
        const q = cs.join('');
        expect(indexed(CATALOGUE, q, pinyinSearchFields)).toEqual(reference(CATALOGUE, q, pinyinSearchFields));
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('on a larger catalogue: the same order of ties, sort=updated and sort=title', () => {
    const big = synthetic(240);
    expectSame(big, ['weather', 'airports', '天气', 'xzqh', 'seatle', 'data', '数据', 'the', 'province']);
    for (const sort of ['updated', 'title'] as const) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const r = searchCatalog(big, { ...request('data', sort), lang });
        const ref = rankEntries(big, 'data').map((s) => s.entry);
        const collator = new Intl.Collator(lang === 'en' ? 'en' : 'zh-CN');
        const title = (e: DatasetEntry) => e.title[lang] ?? e.title[lang === 'en' ? 'zh-CN' : 'en'] ?? '';
        ref.sort((a, b) =>
          sort === 'updated'
            ? b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id)
            : collator.compare(title(a), title(b)) || a.id.localeCompare(b.id),
        );
        expect(r.hits.map((h) => h.entry.id)).toEqual(ref.map((e) => e.id));
      }
    }
  });
});

// ---------- a synthetic catalogue ----------
function synthetic(n: number): DatasetEntry[] {
  let s = 42;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const syl = 'ba be bo da de di ka ko la le li ma mo na ne ra ri sa so ta te to va zo'.split(' ');
  const han = '数据统计年度人口经济交通医疗教育环境气象水文土地规划建设财政税收就业工资价格指数';
  const en = () => Array.from({ length: 3 }, () => syl[Math.floor(rnd() * syl.length)]).join('');
  const zh = () => Array.from({ length: 2 }, () => han[Math.floor(rnd() * han.length)]).join('');
  return Array.from({ length: n }, (_, i) => {
    const base = CATALOGUE[i % CATALOGUE.length] as DatasetEntry;
    return {
      ...base,
      id: `${base.id}-${i}`,
      title: { 'zh-CN': `${base.title['zh-CN'] ?? ''}${zh()}`, en: `${base.title.en ?? ''} ${en()}` },
      keywords: [...base.keywords, zh(), en()],
      description: {
        'zh-CN': `${base.description['zh-CN'] ?? ''}${zh()}，${zh()}。`,
        en: `${base.description.en ?? ''} ${en()} ${en()} ${en()}.`,
      },
      updatedAt: new Date(Date.UTC(2026, 0, 1) + (i % 97) * 86_400_000).toISOString(),
    };
  });
}

// ---------- the work of one query ----------
describe('the work of a query is bounded by what it matches, not by the catalogue', () => {
  const sizes = [100, 1000, 5000].map((n) => {
    const index = buildSearchIndex(synthetic(n));
    withPinyinIndex(index);
    withHomophones(index); // Chinese terms that match nothing are looked up as homophones too
    return index;
  });
  const work = (index: SearchIndex, q: string) => {
    const meter: WorkMeter = { units: 0 };
    const r = searchIndex(index, request(q), meter);
    return { units: meter.units, total: r.total };
  };
  const nonsense = (seed: number, n: number, len: number) => {
    let s = seed;
    return Array.from({ length: n }, () =>
      Array.from({ length: len }, () => {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        return String.fromCharCode(97 + (s % 26));
      }).join(''),
    ).join(' ');
  };
  // Words found in no dataset: each goes to the typo correction, which looks up its one-edit variants.
  const matchingNothing = [
    nonsense(1, MAX_QUERY_TERMS, 11),
    nonsense(2, MAX_QUERY_TERMS, 5),
    'a'.repeat(200),
    '鼷鼹鼢鼯 鼬鼩鼪鼫 龘龘龘',
  ];
  // Parts found in many datasets, the whole in none.
  const matchingParts = [
    'xi ya tu tian qi zhong guo xing zheng qu hua ji chang shu ju shi', // pinyin joins over 西雅图 in 1/12 of the titles
    `数据${'统计年度人口经济交通医疗'.repeat(8)}数据`, // CJK bigrams in every description
    Array.from({ length: MAX_QUERY_TERMS }, (_, i) => `temp_max-${i}`).join(' '), // ids of a column in 1/12
  ];
  const matching = ['the of and data for with from each in by to on at as a is', 'data', '数据', 'seatle', 'xzqh'];

  it('a query whose words are in no dataset costs the same on 5,000 datasets as on 100', () => {
    for (const q of matchingNothing) {
      const [a, , c] = sizes.map((index) => work(index, q));
      expect(c?.total, q).toBe(0);
      expect(c?.units, q).toBeLessThanOrEqual((a?.units ?? 0) * 1.1 + 100);
      // 16 terms x (deletions, transpositions, and substitutions and insertions from a 26-letter alphabet).
      expect(c?.units, q).toBeLessThan(MAX_QUERY_TERMS * (2 * 12 + (2 * 12 + 1) * 26) + 1_000);
    }
  });

  it('any other query costs at most in proportion to the datasets its terms are in (linear, not quadratic)', () => {
    for (const q of [...matchingParts, ...matching]) {
      const [, b, c] = sizes.map((index) => work(index, q));
      // 5 times the datasets: at most 6 times the work (the typo vocabulary grows a little too).
      expect(c?.units, q).toBeLessThanOrEqual((b?.units ?? 0) * 6 + 100);
      // At 5,000 datasets (~2 million postings): a few of its terms' lists at most, ~50 steps per result.
      expect(c?.units, q).toBeLessThan(300_000);
    }
  });
});

// ---------- the snapshot cache ----------
describe('the index of a catalogue snapshot', () => {
  const all = (xs: readonly DatasetEntry[]) => [...xs];
  it('is built once, kept across refreshes with the same ids and update times, and rebuilt when they change', () => {
    const cache = new SearchIndexCache();
    const first = cache.indexOf(CATALOGUE, all);
    expect(cache.indexOf(CATALOGUE, all)).toBe(first);
    const refreshed = structuredClone(CATALOGUE);
    const again = cache.indexOf(refreshed, all);
    expect(cache.builds).toBe(1);
    expect(again.entries[0]).toBe(refreshed[0]); // the answers carry the new objects
    expect(again.core).toBe(first.core);
    // Texts are not compared (too dear on every reload): their writers move updatedAt (refreshEntry;
    // catalog-search-refresh.test.ts), and the index is rebuilt on that.
    const edited = structuredClone(CATALOGUE);
    edited[3]!.keywords = [...edited[3]!.keywords, '新关键词'];
    expect(cache.indexOf(edited, all).core).toBe(first.core);
    expect(cache.builds).toBe(1);
    const changed = structuredClone(edited);
    changed[3]!.updatedAt = '2030-01-02T00:00:00.000Z';
    const rebuilt = cache.indexOf(changed, all);
    expect(cache.builds).toBe(2);
    expect(searchIndex(rebuilt, request('新关键词')).hits.map((h) => h.entry.id)).toEqual([changed[3]!.id]);
    const touched = structuredClone(changed);
    touched[0]!.updatedAt = '2030-01-01T00:00:00.000Z'; // the order of ties changes
    cache.indexOf(touched, all);
    expect(cache.builds).toBe(3);
  });
});

// ---------- the API's limits ----------
describe('the limits of q', () => {
  const catalog = { listDatasets: async () => CATALOGUE } as unknown as CatalogStore;
  const search = (q: string) => searchDatasets({ catalog, publicBaseUrl: 'http://x' }, { q });
  const problem = (q: string) =>
    search(q).then(
      () => undefined,
      (e: unknown) => e as AppError,
    );
  it(`at most ${MAX_QUERY_TERMS} distinct terms, said in a 400`, async () => {
    const ok = Array.from({ length: MAX_QUERY_TERMS }, (_, i) => `w${i}`).join(' ');
    expect((await search(ok)).total).toBe(0);
    expect((await search(`${ok} ${ok}`.slice(0, 200))).total).toBe(0); // a repeated term counts once
    const e = await problem(`${ok} extra`);
    expect(e?.status).toBe(400);
    expect(e?.detail).toMatch(/query\.q: q has 17 distinct terms; at most 16/);
    expect(e?.errors).toEqual([
      {
        where: 'query.q',
        message: expect.stringMatching(/^q has 17 distinct terms/),
        zh: { message: expect.stringMatching(/^q 有 17 个不同的检索词；最多 16 个/) },
      },
    ]);
    expect(e?.zh?.detail).toMatch(/^搜索参数无效：query\.q: q 有 17 个不同的检索词/);
  });
  it(`at most ${MAX_NORMALIZED_Q} characters once normalized (NFKC makes U+FDFA 18)`, async () => {
    expect(normalizeText('\ufdfa'.repeat(23)).length).toBeGreaterThan(MAX_NORMALIZED_Q);
    const e = await problem('\ufdfa'.repeat(23));
    expect(e?.status).toBe(400);
    expect(e?.detail).toMatch(/after Unicode normalization \(NFKC\); at most 400/);
    expect((await search('\ufdfa'.repeat(22))).total).toBe(0);
    expect((await search('天气 weather')).q).toBe('天气 weather');
  });
});
