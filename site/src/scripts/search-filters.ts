import { countFacets as countFacetsOf, passesFilters } from '../../../functions/core/catalog/search/facet-counts.ts';
import type { SORTS as API_SORTS, FacetDimension } from '../../../functions/core/catalog/search/search-request.ts';

/**
 * The search's filters, as the API takes them (functions/core/catalog/search/search-request.ts): one list
 * of values per dimension, values ORed within a dimension, dimensions ANDed. The same names and values
 * are the page's URL parameters (`?q=&theme=environment&theme=transport&format=csv`), the API's query
 * parameters and, prefixed (PAGEFIND_FILTER), the Pagefind filters of the dataset pages
 * (site/pagefind-index.ts), so the site, its URL, the API and the offline index speak of one thing.
 * No DOM here, and nothing heavy: this module is part of the search script every page loads.
 */

/** The API's FACET_DIMENSIONS, in the order the filter panel shows them (a unit test pins the two). */
export const DIMENSIONS = [
  'theme',
  'publisher',
  'license',
  'format',
  'frequency',
] as const satisfies readonly FacetDimension[];
export type Dimension = (typeof DIMENSIONS)[number];

export type Filters = Partial<Record<Dimension, string[]>>;

/** One value of a facet with the number of datasets it would give (every other filter applied). */
export interface FacetCount {
  value: string;
  count: number;
  /** The API's label of an id (themes, publishers, licences), by language. */
  label?: Partial<Record<'zh-CN' | 'en', string>>;
}
export type FacetCounts = Partial<Record<Dimension, FacetCount[]>>;

/** The Pagefind filter holding a dimension's values (ids, not labels) on a dataset page. */
export const PAGEFIND_FILTER: Record<Dimension, string> = {
  theme: 'facet-theme',
  publisher: 'facet-publisher',
  license: 'facet-license',
  format: 'facet-format',
  frequency: 'facet-frequency',
};
/** The Pagefind sort key holding a dataset's updatedAt (the API's order without a query). */
export const PAGEFIND_SORT_UPDATED = 'updated-at';

/** The filters of a URL's parameters: each dimension's values, repeated or comma-joined, deduplicated. */
export function filtersFromParams(params: URLSearchParams): Filters {
  const out: Filters = {};
  for (const d of DIMENSIONS) {
    const values = params
      .getAll(d)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length) out[d] = [...new Set(values)];
  }
  return out;
}

/**
 * The filters without the values the page does not know, and whether it left any out. `known` says
 * whether a value is one of a dimension's: in the build's facet lists, or in an API answer's facets (a
 * value published since the build). A URL can carry any text (`?theme=<img…>`); shown as a chip and sent
 * as a filter it would be the page saying it, so an unknown value is dropped, the URL with it.
 */
export function knownFilters(
  f: Filters,
  known: (dim: Dimension, value: string) => boolean,
): { filters: Filters; dropped: boolean } {
  const out: Filters = {};
  let dropped = false;
  for (const d of DIMENSIONS) {
    const values = f[d] ?? [];
    const kept = values.filter((v) => known(d, v));
    if (kept.length < values.length) dropped = true;
    if (kept.length) out[d] = kept;
  }
  return { filters: out, dropped };
}

/**
 * The orders the page offers, as the API's `sort` (search-request.ts SORTS), besides its default
 * (by relevance with a query, newest first without), which the URL leaves out.
 */
export const SORTS = ['relevance', 'updated', 'title'] as const satisfies readonly (typeof API_SORTS)[number][];
export type Sort = (typeof SORTS)[number];

/** A URL's `sort`, when it is one the API knows (any other text is ignored, and leaves the URL). */
export function sortFromParams(params: URLSearchParams): Sort | undefined {
  const s = params.get('sort');
  return (SORTS as readonly string[]).includes(s ?? '') ? (s as Sort) : undefined;
}

/**
 * `q`, the filters and the sort as URL parameters: q first, then each dimension's values repeated, in
 * panel order, then sort (when not the default).
 */
export function paramsOf(q: string, filters: Filters, sort?: Sort): URLSearchParams {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  for (const d of DIMENSIONS) for (const v of filters[d] ?? []) p.append(d, v);
  if (sort) p.set('sort', sort);
  return p;
}

export const hasFilters = (f: Filters): boolean => DIMENSIONS.some((d) => (f[d]?.length ?? 0) > 0);

/** The filters without one dimension (the counts of a dimension are taken with every OTHER filter). */
export function without(f: Filters, dim: Dimension): Filters {
  const { [dim]: _, ...rest } = f;
  return rest;
}

/** Pagefind's `filters` search option for these filters: any of a dimension's values, every dimension. */
export function pagefindFilters(f: Filters): Record<string, { any: string[] }> {
  const out: Record<string, { any: string[] }> = {};
  for (const d of DIMENSIONS) {
    const v = f[d];
    if (v?.length) out[PAGEFIND_FILTER[d]] = { any: [...v] };
  }
  return out;
}

/** A dataset's values per dimension, as Pagefind returns them in a result's `filters`. */
export type DimensionValues = Partial<Record<string, string[]>>;

/** Does a dataset (its Pagefind filters) pass the filters? `except` ignores one dimension. */
export function passes(values: DimensionValues, f: Filters, except?: Dimension): boolean {
  return passesFilters(DIMENSIONS, (d) => values[PAGEFIND_FILTER[d]] ?? [], f, except);
}

/** Facet counts over a set of datasets (their Pagefind filters) by the API's rule (facet-counts.ts). */
export function countFacets(items: readonly DimensionValues[], f: Filters): FacetCounts {
  return countFacetsOf(DIMENSIONS, items, (item, d) => item[PAGEFIND_FILTER[d]] ?? [], f);
}

/** Pagefind's counts of one filter (`{value: count}`) as facet counts, selected values kept at 0. */
export function countsOf(pagefindCounts: Record<string, number> | undefined, selected: readonly string[] = []) {
  const out: FacetCount[] = Object.entries(pagefindCounts ?? {})
    .filter(([value, count]) => count > 0 || selected.includes(value))
    .map(([value, count]) => ({ value, count }));
  for (const s of selected) if (!out.some((c) => c.value === s)) out.push({ value: s, count: 0 });
  return out.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
