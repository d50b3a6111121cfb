/**
 * Search without the API (search.ts falls back to it): Pagefind proposes candidates, and the API's own
 * matcher (functions/core/catalog/search) decides. Pagefind alone gives confident wrong answers: its zh
 * index has no segmenter, so a Chinese term matches any of its single characters (深圳市 found every
 * dataset through 市), and it matches the last term as a prefix from one letter (LA found "latitude").
 * Here the query is normalized as the API does (traditional → simplified, full width → ASCII), every
 * candidate page must contain every term by the API's rules (scoreFields), and they are ranked by
 * the API's score. Loaded on first use only (it carries the 17 KB gzipped folding table).
 */
import { scoreFields } from '../../../functions/core/catalog/search/rank.ts';
import { FIELD_WEIGHTS } from '../../../functions/core/catalog/search/search-fields.ts';
import { normalizeText } from '../../../functions/core/catalog/search/text-match.ts';
import { titleCollator } from '../../../functions/core/catalog/search/title-order.ts';
import type { Language } from '../../../functions/core/manifest/localized.ts';
import type { SearchAnswer } from './search.ts';
import {
  countFacets,
  countsOf,
  DIMENSIONS,
  type FacetCounts,
  type Filters,
  PAGEFIND_FILTER,
  PAGEFIND_SORT_UPDATED,
  pagefindFilters,
  passes,
  type Sort,
  without,
} from './search-filters.ts';

export interface PagefindResultData {
  url: string;
  content: string;
  excerpt: string;
  meta: Record<string, string>;
  /** The page's Pagefind filters: on dataset pages, its facet values (search-filters.ts PAGEFIND_FILTER). */
  filters?: Record<string, string[]>;
}
interface PagefindResults {
  results: { data(): Promise<PagefindResultData> }[];
  /** Per filter, per value: how many of these results have it. */
  filters?: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  search(q: string | null, options?: Record<string, unknown>): Promise<PagefindResults | null>;
  /** Every filter's values and counts; loads every filter's index, after which searches count them all. */
  filters(): Promise<Record<string, Record<string, number>>>;
}

/**
 * Pagefind's candidates are fetched (one fragment request each) in batches of CANDIDATE_BATCH, in
 * Pagefind's order, until a page of real matches is found; never more than MAX_CANDIDATES in all
 * (docs/search.md). A broad query thus costs one or two batches instead of every fragment.
 */
const CANDIDATE_BATCH = 20;
const MAX_CANDIDATES = 1000;

let pagefind: Promise<Pagefind> | null = null;
let failures = 0;
/**
 * Pagefind's module, once. A failed load (a 404 while the site is rebuilt, a network fault) is not kept:
 * the next search loads it again (review finding H1), under a new URL, since a browser may remember a
 * module URL that failed.
 */
export function loadPagefind(): Promise<Pagefind> {
  // A variable specifier keeps bundlers from resolving the file (it is written after the build).
  const url = failures ? `/pagefind/pagefind.js?retry=${failures}` : '/pagefind/pagefind.js';
  pagefind ??= import(/* @vite-ignore */ url)
    .then(async (pf: Pagefind) => {
      await pf.options({ excerptLength: 24 });
      return pf;
    })
    .catch((e: unknown) => {
      pagefind = null;
      failures++;
      throw e;
    });
  return pagefind;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Keeps only the text and <mark> elements of a Pagefind excerpt. */
function excerptNode(html: string): HTMLElement {
  const p = el('p');
  let marked = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    // Decode entities without creating elements: a textarea's content is parsed as text.
    const tmp = document.createElement('textarea');
    tmp.innerHTML = part.replace(/<[^>]*>/g, '');
    p.append(marked ? el('mark', tmp.value) : tmp.value);
  }
  return p;
}

const hit = (d: PagefindResultData) => ({
  url: d.url,
  title: d.meta.title ?? d.url,
  excerpt: excerptNode(d.excerpt),
  facts: [d.meta.publisher, d.meta.formats, d.meta.updated].filter(Boolean).join(' · '),
});

export interface OfflineOptions {
  /** Only datasets with these facet values (search-filters.ts), as the API's filters. */
  filters?: Filters;
  /** Also count the facets as the API does (the search page's filter panel). */
  counts?: boolean;
  /**
   * The API's sort (default: by relevance with `q`, newest first without). Applied where every match is
   * known: with `counts`, or without `q`. `lang` is the titles' language for sort=title.
   */
  sort?: Sort;
  lang?: 'zh-CN' | 'en';
}

/** Pagefind's search option for newest first (the dataset pages' updated-at sort key). */
const NEWEST_FIRST = { [PAGEFIND_SORT_UPDATED]: 'desc' };

/** Orders matches by title in `lang` (Chinese by pinyin), as the API's sort=title (title-order.ts), then by URL. */
export function byTitle<T extends { url: string; meta: Record<string, string> }>(items: T[], lang: Language): T[] {
  const collator = titleCollator(lang);
  return [...items].sort(
    (a, b) => collator.compare(a.meta.title ?? '', b.meta.title ?? '') || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0),
  );
}

/**
 * The datasets matching `q` and the filters in this page's language index, best first (newest first
 * without `q`, as the API), or in `opts.sort`'s order. The count is exact when every candidate was checked, and a lower bound
 * (`atLeast`) when the search stopped at `max` matches or at MAX_CANDIDATES.
 *
 * Filters are Pagefind's own (the facet filters site/pagefind-index.ts puts on dataset pages). Without
 * `q` Pagefind's answer is the answer, and its filter counts are the facet counts. With `q`, Pagefind's
 * candidates still go through the API's matcher (matchCandidates), and so must the counts: with
 * `counts`, every candidate is checked (up to MAX_CANDIDATES) and the facets counted over the real
 * matches by their Pagefind filters (countFacets, the API's rule); without, Pagefind filters the
 * candidates and the search stops at a page of matches, as before.
 */
export async function offlineSearch(q: string, max: number, opts: OfflineOptions = {}): Promise<SearchAnswer> {
  const pf = await loadPagefind();
  const filters = opts.filters ?? {};
  if (!q.trim()) return browse(pf, filters, max, opts.counts ?? false, opts);
  if (!opts.counts) {
    const res = await pf.search(normalizeText(q), { filters: pagefindFilters(filters) });
    if (!res) return { hits: [], total: 0 };
    const { matches, total, atLeast } = await matchCandidates(q, res.results, max);
    return { hits: matches.map(hit), total, ...(atLeast ? { atLeast } : {}) };
  }
  // sort=updated: Pagefind's candidates newest first, kept in that order (every one is checked here).
  const newest = opts.sort === 'updated';
  const res = await pf.search(normalizeText(q), newest ? { sort: NEWEST_FIRST } : {});
  if (!res) return { hits: [], total: 0, facets: countFacets([], filters) };
  const { matches, atLeast } = await matchCandidates(
    q,
    res.results,
    Number.POSITIVE_INFINITY,
    CANDIDATE_BATCH,
    !newest,
  );
  const passing = matches.filter((d) => passes(d.filters ?? {}, filters));
  const kept = opts.sort === 'title' ? byTitle(passing, opts.lang ?? 'zh-CN') : passing;
  return {
    hits: kept.slice(0, max).map(hit),
    total: kept.length,
    ...(atLeast ? { atLeast } : {}),
    facets: countFacets(
      matches.map((d) => d.filters ?? {}),
      filters,
    ),
  };
}

let filtersLoaded: Promise<unknown> | null = null;
function allFilters(pf: Pagefind): Promise<unknown> {
  filtersLoaded ??= pf.filters().catch((e: unknown) => {
    filtersLoaded = null;
    throw e;
  });
  return filtersLoaded;
}

/**
 * Filters without a query: Pagefind's filter-only search, newest first, exact. A dimension's counts
 * come from the same search without that dimension's filter (every OTHER filter applied, as the API).
 */
async function browse(
  pf: Pagefind,
  filters: Filters,
  max: number,
  counts: boolean,
  order: Pick<OfflineOptions, 'sort' | 'lang'> = {},
): Promise<SearchAnswer> {
  // A search counts only the filters whose index is loaded (those it filters on): load them all once.
  if (counts) await allFilters(pf);
  const search = (f: Filters) => pf.search(null, { filters: pagefindFilters(f), sort: NEWEST_FIRST });
  const res = await search(filters);
  if (!res) return { hits: [], total: 0 };
  // sort=title: Pagefind has no title sort key, so every page's data is read (up to MAX_CANDIDATES) and
  // ordered here; newest first (the default, and sort=relevance without a query) is Pagefind's order.
  const pages =
    order.sort === 'title'
      ? byTitle(
          await Promise.all(res.results.slice(0, MAX_CANDIDATES).map((r) => r.data())),
          order.lang ?? 'zh-CN',
        ).slice(0, max)
      : await Promise.all(res.results.slice(0, max).map((r) => r.data()));
  const hits = pages.map(hit);
  if (!counts) return { hits, total: res.results.length };
  const facets: FacetCounts = {};
  await Promise.all(
    DIMENSIONS.map(async (d) => {
      const chosen = filters[d] ?? [];
      const from = chosen.length ? await search(without(filters, d)) : res;
      facets[d] = countsOf(from?.filters?.[PAGEFIND_FILTER[d]], chosen);
    }),
  );
  return { hits, total: res.results.length, facets };
}

/**
 * Pagefind's candidates that really match `q` by the API's rules, best first, at most `max`: fetched
 * `batch` at a time until `max` are found, never more than MAX_CANDIDATES. `total` counts the matches
 * among the candidates fetched; `atLeast` says some candidates were left unchecked. No DOM (unit tests).
 */
export async function matchCandidates(
  q: string,
  candidates: readonly { data(): Promise<PagefindResultData> }[],
  max: number,
  batch = CANDIDATE_BATCH,
  byScore = true,
): Promise<{ matches: PagefindResultData[]; total: number; atLeast: boolean }> {
  const limit = Math.min(candidates.length, MAX_CANDIDATES);
  const scored: { d: PagefindResultData; score: number; i: number }[] = [];
  let checked = 0;
  while (checked < limit && scored.length < max) {
    const data = await Promise.all(candidates.slice(checked, Math.min(limit, checked + batch)).map((r) => r.data()));
    data.forEach((d, j) => {
      const score = scoreFields(q, [
        { kind: 'title', weight: FIELD_WEIGHTS.title, text: normalizeText(d.meta.title ?? '') },
        { kind: 'description', weight: FIELD_WEIGHTS.description, text: normalizeText(d.content ?? '') },
      ]);
      if (score !== undefined) scored.push({ d, score, i: checked + j });
    });
    checked += data.length;
  }
  // byScore false: the candidates' own order (Pagefind sorted them, e.g. newest first).
  scored.sort((a, b) => (byScore ? b.score - a.score : 0) || a.i - b.i);
  return { matches: scored.slice(0, max).map((x) => x.d), total: scored.length, atLeast: checked < candidates.length };
}
