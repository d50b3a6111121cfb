import { pick } from '../../manifest/localized.ts';
import type { DatasetEntry } from '../schema.ts';
import { computeFacets, type Facets, matchesFilters } from './facets.ts';
import { mayBeHomophone } from './homophones.ts';
import { explainHits, type MatchedValue } from './matched-values.ts';
import { type SearchField, searchFields } from './search-fields.ts';
import { buildSearchIndex, type SearchIndex } from './search-index.ts';
import { correctIndexed, rankIndexed } from './search-index-query.ts';
import type { SearchRequest } from './search-request.ts';
import { titleCollator } from './title-order.ts';
import type { WorkMeter } from './work-meter.ts';

export interface SearchHit {
  readonly entry: DatasetEntry;
  /** Relevance score (0 without q). */
  readonly score: number;
  /** Values of the data that matched query terms no metadata text matched (matched-values.ts); empty otherwise. */
  readonly matchedValues: readonly MatchedValue[];
}

export interface SearchResult {
  /** Datasets matching q and every filter. */
  readonly total: number;
  readonly hits: readonly SearchHit[];
  readonly facets: Facets;
  /**
   * Set when q matched nothing and a correction did: a one-edit correction of its Latin words
   * (didYouMean), or, once the API added the homophones, of its Chinese terms (homophones.ts). The hits,
   * total and facets are those of this query.
   */
  readonly correctedQ?: string;
}

/**
 * Pure catalogue search: text match and rank, facet counts (each dimension with the other filters
 * applied), filters, sort and one page. When q matches nothing, a one-edit spelling correction is
 * tried (correctedQ). The entries are not mutated. `fieldsOf` gives an entry's searchable fields: with
 * pinyin, pinyinSearchFields (pinyin-index.ts). The index of `entries` is built on the first call and kept
 * while the same array holds the same entry objects (indexFor); the API keeps its own per snapshot
 * (search-index-cache.ts) and calls searchIndex.
 */
export function searchCatalog(
  entries: readonly DatasetEntry[],
  req: SearchRequest,
  fieldsOf: (entry: DatasetEntry) => readonly SearchField[] = searchFields,
): SearchResult {
  return searchIndex(indexFor(entries, fieldsOf), req);
}

/** searchCatalog over a built index (search-index.ts). `meter` counts the work (tests). */
export function searchIndex(index: SearchIndex, req: SearchRequest, meter?: WorkMeter): SearchResult {
  let ranked = rankIndexed(index, req.q, meter);
  let correctedQ: string | undefined;
  if (req.q && ranked.length === 0) {
    const suggestion = correctIndexed(index, req.q, meter);
    const retried = suggestion ? rankIndexed(index, suggestion, meter) : [];
    if (retried.length) {
      ranked = retried;
      correctedQ = suggestion;
    }
  }
  const facets = computeFacets(
    ranked.map((r) => r.entry),
    req.filters,
  );
  const matching = ranked.filter((r) => matchesFilters(r.entry, req.filters));
  const sorted = [...matching];
  if (req.sort !== 'relevance') {
    const rank = req.sort === 'updated' ? index.core.tieRank : titleRank(index, req.lang);
    sorted.sort((a, b) => (rank[a.doc] as number) - (rank[b.doc] as number));
  }
  // Only the page's hits are explained (matched-values.ts): it costs a look at their values.
  const page = sorted.slice(req.offset, req.offset + req.limit);
  const q = correctedQ ?? req.q;
  const explained = q ? explainHits(index.core, page, q, meter) : [];
  return {
    total: matching.length,
    hits: page.map(({ entry, score }, i) => ({ entry, score, matchedValues: explained[i] ?? [] })),
    facets,
    ...(correctedQ ? { correctedQ } : {}),
  };
}

/**
 * Whether the homophone correction (homophones.ts) might find `q` something and the index does not have it
 * yet: q has a Chinese term it could correct and matches nothing. The API then adds it (pinyin-index.ts:
 * withHomophones, which loads the pinyin dictionary) and searches again; a query that finds something never
 * loads it.
 */
export function needsHomophones(index: SearchIndex, q: string | undefined): boolean {
  return !index.core.homophones && mayBeHomophone(q) && rankIndexed(index, q).length === 0;
}

/** Position of each document by title in `lang` (pinyin for Chinese: title-order.ts), then id: sort=title. Once per index and language. */
function titleRank(index: SearchIndex, lang: SearchRequest['lang']): Int32Array {
  const { entries, core } = index;
  let rank = core.titleRank.get(lang);
  if (rank) return rank;
  const collator = titleCollator(lang);
  const titles = entries.map((e) => pick(e.title, lang));
  const order = Int32Array.from(entries.keys()).sort(
    (a, b) =>
      collator.compare(titles[a] as string, titles[b] as string) ||
      (entries[a] as DatasetEntry).id.localeCompare((entries[b] as DatasetEntry).id),
  );
  rank = new Int32Array(entries.length);
  for (let i = 0; i < order.length; i++) rank[order[i] as number] = i;
  core.titleRank.set(lang, rank);
  return rank;
}

const indexes = new WeakMap<readonly DatasetEntry[], Map<unknown, SearchIndex>>();

/** The index of `entries` for `fieldsOf`, reused while the array holds the same entry objects. */
function indexFor(
  entries: readonly DatasetEntry[],
  fieldsOf: (entry: DatasetEntry) => readonly SearchField[],
): SearchIndex {
  let byFields = indexes.get(entries);
  if (!byFields) {
    byFields = new Map();
    indexes.set(entries, byFields);
  }
  const had = byFields.get(fieldsOf);
  if (had && had.entries.length === entries.length && had.entries.every((e, i) => e === entries[i])) return had;
  const index = buildSearchIndex([...entries], fieldsOf === searchFields ? undefined : fieldsOf);
  byFields.set(fieldsOf, index);
  return index;
}
