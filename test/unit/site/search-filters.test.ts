import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeFacets, matchesFilters } from '../../../functions/core/catalog/search/facets.ts';
import { SORTS as API_SORTS, FACET_DIMENSIONS } from '../../../functions/core/catalog/search/search-request.ts';
import { withFacetFilters } from '../../../site/pagefind-index.ts';
import { readSnapshot } from '../../../site/src/lib/read-snapshot.ts';
import {
  countFacets,
  countsOf,
  DIMENSIONS,
  type DimensionValues,
  filtersFromParams,
  knownFilters,
  PAGEFIND_FILTER,
  pagefindFilters,
  paramsOf,
  passes,
  SORTS,
  sortFromParams,
} from '../../../site/src/scripts/search-filters.ts';

const snapshot = readSnapshot(join(import.meta.dirname, '../../fixtures/catalog-snapshot.json'));
const entries = snapshot.datasets.map((d) => d.entry);

/** A dataset's facet values as the offline index holds them (what withFacetFilters writes). */
function indexed(html: string): DimensionValues {
  const out: DimensionValues = {};
  for (const m of html.matchAll(/data-pagefind-filter="([^"[]+)\[data-v\]" data-v="([^"]*)"/g)) {
    const value = m[2]!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    out[m[1]!] = [...(out[m[1]!] ?? []), value];
  }
  return out;
}

describe('search filters (site)', () => {
  it('names the API’s filter dimensions, in the API’s order', () => {
    expect([...DIMENSIONS]).toEqual([...FACET_DIMENSIONS]);
  });

  it('keeps only the values the page knows, and says when the URL had others', () => {
    // The build's facet lists (or an API answer's): whatever else a URL carries is neither shown nor sent.
    const lists: Record<string, string[]> = { theme: ['transport', 'environment'], format: ['csv'] };
    const known = (d: string, v: string) => lists[d]?.includes(v) ?? false;
    const fromUrl = filtersFromParams(
      new URLSearchParams('theme=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&theme=transport&publisher=nobody&format=csv'),
    );
    expect(knownFilters(fromUrl, known)).toEqual({
      filters: { theme: ['transport'], format: ['csv'] },
      dropped: true,
    });
    expect(knownFilters({ theme: ['transport'] }, known)).toEqual({
      filters: { theme: ['transport'] },
      dropped: false,
    });
    expect(knownFilters({ theme: ['主题：<img>'] }, known)).toEqual({ filters: {}, dropped: true });
    expect(paramsOf('', knownFilters(fromUrl, known).filters).toString()).toBe('theme=transport&format=csv');
  });

  it('round-trips filters through the URL: repeated or comma-joined, deduplicated, q first', () => {
    const p = new URLSearchParams('theme=environment&format=csv,json&theme=transport&theme=environment&x=1&q=air');
    const f = filtersFromParams(p);
    expect(f).toEqual({ theme: ['environment', 'transport'], format: ['csv', 'json'] });
    expect(paramsOf('air', f).toString()).toBe('q=air&theme=environment&theme=transport&format=csv&format=json');
    expect(filtersFromParams(paramsOf('air', f))).toEqual(f);
    expect(paramsOf('', {}).toString()).toBe('');
  });

  it('asks Pagefind for any of a dimension’s values, in every dimension', () => {
    expect(pagefindFilters({ theme: ['a', 'b'], license: ['CC0-1.0'] })).toEqual({
      'facet-theme': { any: ['a', 'b'] },
      'facet-license': { any: ['CC0-1.0'] },
    });
  });

  it('puts each dataset page’s facet ids and updatedAt in the offline index, inside its indexed body', () => {
    const e = entries.find((x) => x.themes.length > 1)!;
    const html = `<html><body><header>nav</header><article data-pagefind-body><h1>T</h1></article></body></html>`;
    const out = withFacetFilters(html, e);
    expect(out.indexOf('data-pagefind-filter')).toBeGreaterThan(out.indexOf('<article data-pagefind-body>'));
    expect(out).toContain(`data-pagefind-sort="updated-at[data-v]" data-v="${e.updatedAt}"`);
    expect(indexed(out)).toEqual({
      [PAGEFIND_FILTER.theme]: e.themes,
      [PAGEFIND_FILTER.publisher]: [e.publisher.id],
      [PAGEFIND_FILTER.license]: [e.license.id],
      [PAGEFIND_FILTER.format]: e.formats,
      [PAGEFIND_FILTER.frequency]: [e.updateFrequency],
    });
    // A page without an indexed body is left alone; a value is always one attribute, whatever it holds.
    expect(withFacetFilters('<html><body>x</body></html>', e)).toBe('<html><body>x</body></html>');
    const odd = { ...e, publisher: { ...e.publisher, id: 'a,b:"c"<d>' } };
    expect(indexed(withFacetFilters(html, odd))[PAGEFIND_FILTER.publisher]).toEqual(['a,b:"c"<d>']);
  });

  it('filters and counts offline exactly as the API does (computeFacets), over the fixture catalogue', () => {
    const html = '<article data-pagefind-body></article>';
    const items = entries.map((e) => indexed(withFacetFilters(html, e)));
    const cases = [
      {},
      { theme: ['health'] },
      { theme: ['health', 'regions'], format: ['csv'] },
      { license: [entries[0]!.license.id], frequency: [entries[0]!.updateFrequency] },
      { theme: ['no-such-theme'] },
    ];
    for (const f of cases) {
      const api = computeFacets(entries, f);
      const site = countFacets(items, f);
      for (const d of DIMENSIONS) {
        expect(site[d], `${JSON.stringify(f)} ${d}`).toEqual(
          api[d].filter((v) => v.count > 0 || v.selected).map(({ value, count }) => ({ value, count })),
        );
      }
      const kept = entries.filter((_, i) => passes(items[i]!, f)).map((e) => e.id);
      expect(kept, JSON.stringify(f)).toEqual(entries.filter((e) => matchesFilters(e, f)).map((e) => e.id));
    }
  });

  it('reads Pagefind’s counts of one filter as facet counts, keeping chosen values at 0', () => {
    expect(countsOf({ a: 2, b: 0, c: 5 }, ['b', 'z'])).toEqual([
      { value: 'c', count: 5 },
      { value: 'a', count: 2 },
      { value: 'b', count: 0 },
      { value: 'z', count: 0 },
    ]);
    expect(countsOf(undefined)).toEqual([]);
  });
});

describe('the sort of the search page (review finding 10)', () => {
  it("is one of the API's, read from the URL, and written after the filters", () => {
    expect([...SORTS]).toEqual([...API_SORTS]);
    expect(sortFromParams(new URLSearchParams('q=air&sort=title'))).toBe('title');
    expect(sortFromParams(new URLSearchParams('sort=<img>'))).toBeUndefined();
    expect(sortFromParams(new URLSearchParams('q=air'))).toBeUndefined();
    expect(paramsOf('air', { theme: ['environment'] }, 'updated').toString()).toBe(
      'q=air&theme=environment&sort=updated',
    );
    expect(paramsOf('air', {}).toString()).toBe('q=air');
  });
});
