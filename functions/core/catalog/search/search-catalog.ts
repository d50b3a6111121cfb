import { pick } from '../../manifest/localized.ts';
import type { DatasetEntry } from '../schema.ts';
import { didYouMean } from './did-you-mean.ts';
import { computeFacets, type Facets, matchesFilters } from './facets.ts';
import { rankEntries } from './rank.ts';
import { type SearchField, searchFields } from './search-fields.ts';
import type { SearchRequest } from './search-request.ts';

export interface SearchHit {
  readonly entry: DatasetEntry;
  /** Relevance score (0 without q). */
  readonly score: number;
}

export interface SearchResult {
  /** Datasets matching q and every filter. */
  readonly total: number;
  readonly hits: readonly SearchHit[];
  readonly facets: Facets;
  /**
   * Set when q matched nothing and a one-edit correction of its Latin words did (didYouMean): the
   * hits, total and facets are those of this query.
   */
  readonly correctedQ?: string;
}

/**
 * Pure catalogue search: text match and rank, facet counts (each dimension with the other filters
 * applied), filters, sort and one page. When q matches nothing, a one-edit spelling correction is
 * tried (correctedQ). The entries are not mutated. `fieldsOf` gives an entry's searchable fields: the
 * API passes pinyinSearchFields (pinyin-index.ts) when q may be pinyin (search-datasets.ts).
 */
export function searchCatalog(
  entries: readonly DatasetEntry[],
  req: SearchRequest,
  fieldsOf: (entry: DatasetEntry) => readonly SearchField[] = searchFields,
): SearchResult {
  let ranked = rankEntries(entries, req.q, fieldsOf);
  let correctedQ: string | undefined;
  if (req.q && ranked.length === 0) {
    const suggestion = didYouMean(
      req.q,
      entries.flatMap((e) => searchFields(e).map((f) => f.text)),
    );
    const retried = suggestion ? rankEntries(entries, suggestion, fieldsOf) : [];
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
  if (req.sort === 'updated') {
    sorted.sort((a, b) => b.entry.updatedAt.localeCompare(a.entry.updatedAt) || a.entry.id.localeCompare(b.entry.id));
  } else if (req.sort === 'title') {
    const collator = new Intl.Collator(req.lang === 'en' ? 'en' : 'zh-CN');
    sorted.sort(
      (a, b) =>
        collator.compare(pick(a.entry.title, req.lang), pick(b.entry.title, req.lang)) ||
        a.entry.id.localeCompare(b.entry.id),
    );
  }
  return {
    total: matching.length,
    hits: sorted.slice(req.offset, req.offset + req.limit),
    facets,
    ...(correctedQ ? { correctedQ } : {}),
  };
}
