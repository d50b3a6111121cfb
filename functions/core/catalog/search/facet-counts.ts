/**
 * The rule of filters and facet counts, over any items: the API counts catalogue entries (facets.ts), the
 * site's offline search counts Pagefind results (site/src/scripts/search-filters.ts). No imports: the
 * site's search script, loaded by every page, uses it too.
 */

/** Values chosen per dimension: any of a dimension's values, every dimension. */
export type ChosenValues<D extends string> = Readonly<Partial<Record<D, readonly string[]>>>;

/** Does an item pass the filters? `except` ignores one dimension (its own facet's counts). */
export function passesFilters<D extends string>(
  dimensions: readonly D[],
  valuesIn: (dim: D) => readonly string[],
  filters: ChosenValues<D>,
  except?: D,
): boolean {
  for (const dim of dimensions) {
    if (dim === except) continue;
    const wanted = filters[dim];
    if (!wanted?.length) continue;
    const have = valuesIn(dim);
    if (!wanted.some((w) => have.includes(w))) return false;
  }
  return true;
}

/**
 * Facet counts as users expect them: a dimension's counts with every OTHER filter applied, so choosing a
 * theme still shows how many datasets each other theme would add; a chosen value is listed even at 0.
 * Order: count descending, then value.
 */
export function countFacets<D extends string, T>(
  dimensions: readonly D[],
  items: readonly T[],
  valuesOf: (item: T, dim: D) => readonly string[],
  filters: ChosenValues<D>,
): Record<D, { value: string; count: number }[]> {
  const out = {} as Record<D, { value: string; count: number }[]>;
  for (const dim of dimensions) {
    const counts = new Map<string, number>();
    for (const item of items) {
      if (!passesFilters(dimensions, (d) => valuesOf(item, d), filters, dim)) continue;
      const values = valuesOf(item, dim);
      for (const v of values.length > 1 ? new Set(values) : values) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const s of filters[dim] ?? []) if (!counts.has(s)) counts.set(s, 0);
    out[dim] = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return out;
}
