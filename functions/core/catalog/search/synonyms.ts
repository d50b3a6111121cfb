/**
 * A short, curated list of synonyms for catalogue search (site review finding 4, 搜不全): a query term
 * also finds the datasets that use another word for the same thing (`温度` finds 气温, `rainfall` finds
 * precipitation, `carbon dioxide` finds CO2), at SYNONYM_STRENGTH of the term's own match, so a dataset
 * that has the word itself always ranks above one found through a synonym of it. Used by the reference
 * matcher (rank.ts, also the site's offline search) and the index (search-index-query.ts) alike.
 *
 * Kept short on purpose: every entry is a word a citizen or a journalist types for data that a government
 * catalogue publishes under another word, or in the other language. A synonym never matches by pinyin
 * or as a prefix, and a multi-word expression (`carbon dioxide`, `air quality`) only as a whole: `carbon`
 * alone expands to nothing. To add an entry, add a test in catalog-search-synonyms.test.ts and
 * say it in docs/search.md.
 */
import { parseQuery, type QueryTerm, stem } from './text-match.ts';

export interface SynonymGroup {
  /** Expressions that mean the same: a query for any one of them also finds the others. */
  readonly same: readonly string[];
  /**
   * Broader expressions that a query for one of `same` also finds, but not the other way round: `crime`
   * finds data filed under public safety, and `public safety` does not become `crime`.
   */
  readonly also?: readonly string[];
}

export const SYNONYM_GROUPS: readonly SynonymGroup[] = [
  { same: ['气温', '温度', 'temperature'] },
  { same: ['降水', '降雨', 'precipitation', 'rainfall'] },
  { same: ['二氧化碳', 'CO2', 'carbon dioxide'] },
  { same: ['空气质量', 'air quality', 'AQI'] },
  { same: ['犯罪', 'crime'], also: ['公共安全', 'public safety'] },
  { same: ['人口', 'population'] },
  { same: ['地区生产总值', '国内生产总值', 'GDP', 'gross domestic product'] },
  { same: ['失业', 'unemployment'] },
  { same: ['医院', 'hospital'] },
  { same: ['学校', 'school'] },
];

/** A synonym's match counts this share of the same match of the query's own term. */
export const SYNONYM_STRENGTH = 0.6;

/** Query terms `from` .. `to` - 1 may also match as any one of `alternatives`. */
export interface SynonymSpan {
  readonly from: number;
  readonly to: number;
  readonly alternatives: readonly Alternative[];
}

/** What a span of query terms may be instead. */
export interface Alternative {
  /** All of them match (ANDed), neither as a prefix nor by pinyin. */
  readonly terms: readonly QueryTerm[];
  /**
   * Their summed score is multiplied by this: SYNONYM_STRENGTH, per query term the span covers and per term
   * of its own, so that `public safety` (two words) for `crime` (one) scores as one term found at
   * SYNONYM_STRENGTH, never above `crime` itself in the same text.
   */
  readonly weight: number;
}

interface Expression {
  readonly terms: readonly QueryTerm[];
  /** The plural stem of each term (text-match.ts's stem): Latin words match by it (`crimes` is `crime`). */
  readonly stems: readonly string[];
  /** One CJK run (`降雨`): also found inside a longer query term (`降雨量` → 降水量). */
  readonly cjk: boolean;
}

const expression = (s: string): Expression => {
  const terms = parseQuery(s).map((t) => ({ ...t, prefix: false }));
  return { terms, stems: terms.map((t) => stem(t.text)), cjk: terms.length === 1 && (terms[0] as QueryTerm).cjk };
};

interface Entry {
  readonly e: Expression;
  /** The other expressions of its group. */
  readonly others: readonly Expression[];
  /** Its group's broader expressions. */
  readonly also: readonly Expression[];
}

/** Each expression of a group's `same`, with what it may also be. */
const ENTRIES: readonly Entry[] = SYNONYM_GROUPS.flatMap((g) => {
  const same = g.same.map(expression);
  const also = (g.also ?? []).map(expression);
  return same.map((e) => ({ e, others: same.filter((o) => o !== e), also }));
});
/** The Chinese expressions, and the Latin ones by the stem of their first word: a query term looks up only its own. */
const CJK_ENTRIES = ENTRIES.filter(({ e }) => e.cjk);
const LATIN_ENTRIES = new Map<string, Entry[]>();
for (const entry of ENTRIES) {
  if (entry.e.cjk) continue;
  const first = entry.e.stems[0] as string;
  LATIN_ENTRIES.set(first, [...(LATIN_ENTRIES.get(first) ?? []), entry]);
}

const textOf = (e: Expression) => (e.terms[0] as QueryTerm).text;

/**
 * Where the query's terms (parseQuery) have synonyms, and what they may be instead. A CJK term that IS
 * an expression may be any other of its group (and its `also`); a CJK term that CONTAINS one (Chinese has
 * no spaces: `降雨量`, `西雅图降雨`) may be itself with that expression replaced by a Chinese synonym
 * (`降水量`). Latin expressions match whole query terms, in order. Deterministic: in query order, then
 * the list's order.
 */
export function synonymSpans(terms: readonly QueryTerm[]): SynonymSpan[] {
  const spans: SynonymSpan[] = [];
  const stems = terms.map((t) => (t.cjk ? '' : stem(t.text)));
  terms.forEach((t, i) => {
    const byEnd = new Map<number, { keys: Set<string>; alternatives: Alternative[] }>();
    const add = (to: number, alternative: readonly QueryTerm[]) => {
      let at = byEnd.get(to);
      if (!at) {
        at = { keys: new Set(), alternatives: [] };
        byEnd.set(to, at);
      }
      const key = alternative.map((a) => a.text).join(' ');
      if (at.keys.has(key)) return;
      at.keys.add(key);
      at.alternatives.push({ terms: alternative, weight: ((to - i) / alternative.length) * SYNONYM_STRENGTH });
    };
    if (t.cjk) {
      for (const { e, others, also } of CJK_ENTRIES) {
        const word = textOf(e);
        if (t.text === word) {
          for (const o of [...others, ...also]) add(i + 1, o.terms);
        } else if (t.text.includes(word)) {
          for (const o of others) {
            if (o.cjk) add(i + 1, [{ ...t, text: t.text.replace(word, textOf(o)), prefix: false }]);
          }
        }
      }
    } else {
      for (const { e, others, also } of LATIN_ENTRIES.get(stems[i] as string) ?? []) {
        // The query's next terms are the expression's next words, each a Latin word of the same stem.
        const n = e.terms.length;
        if (i + n > terms.length || !e.stems.every((s, k) => !terms[i + k]?.cjk && stems[i + k] === s)) continue;
        for (const o of [...others, ...also]) add(i + n, o.terms);
      }
    }
    for (const [to, { alternatives }] of byEnd) spans.push({ from: i, to, alternatives });
  });
  return spans;
}
