import { pick } from '../../manifest/localized.ts';
import { THEMES } from '../../manifest/vocabulary.ts';
import type { DatasetEntry } from '../schema.ts';
import { countFacets, passesFilters } from './facet-counts.ts';
import { FACET_DIMENSIONS, type FacetDimension } from './search-request.ts';

export interface FacetValue {
  readonly value: string;
  readonly count: number;
  /** Display label, when the value is an id (themes, publishers, licences). */
  readonly label?: { readonly 'zh-CN'?: string; readonly en?: string };
  /** The value is one of the active filters. */
  readonly selected: boolean;
}

export type Facets = Record<FacetDimension, FacetValue[]>;
export type Filters = Readonly<Partial<Record<FacetDimension, readonly string[]>>>;

/** The values an entry has in a dimension (themes and formats are lists). */
export function valuesOf(d: DatasetEntry, dim: FacetDimension): readonly string[] {
  switch (dim) {
    case 'theme':
      return d.themes;
    case 'publisher':
      return [d.publisher.id];
    case 'license':
      return [d.license.id];
    case 'format':
      return d.formats;
    case 'frequency':
      return [d.updateFrequency];
  }
}

/** Values within a dimension are ORed; dimensions are ANDed. `except` ignores one dimension. */
export function matchesFilters(d: DatasetEntry, filters: Filters, except?: FacetDimension): boolean {
  return passesFilters(FACET_DIMENSIONS, (dim) => valuesOf(d, dim), filters, except);
}

/**
 * Facet counts (facet-counts.ts: a dimension's counts with every other filter applied, chosen values
 * listed at 0), with the labels of ids and which values are chosen.
 */
export function computeFacets(entries: readonly DatasetEntry[], filters: Filters): Facets {
  const counted = countFacets(FACET_DIMENSIONS, entries, valuesOf, filters);
  const out = {} as Facets;
  for (const dim of FACET_DIMENSIONS) {
    const labels = new Map<string, FacetValue['label']>();
    // A publisher's or licence's label is that of the last entry with it (names may differ between
    // entries); found from the end, so a long list is read only until every value has one.
    if (dim === 'publisher' || dim === 'license') {
      for (let i = entries.length - 1; i >= 0 && labels.size < counted[dim].length; i--) {
        const d = entries[i] as DatasetEntry;
        if (!matchesFilters(d, filters, dim)) continue;
        for (const v of valuesOf(d, dim)) if (!labels.has(v)) labels.set(v, labelOf(d, dim, v));
      }
    }
    const selected = filters[dim] ?? [];
    out[dim] = counted[dim].map(({ value, count }) => {
      const label = labels.get(value) ?? themeLabel(dim, value);
      return { value, count, ...(label ? { label } : {}), selected: selected.includes(value) };
    });
  }
  return out;
}

function labelOf(d: DatasetEntry, dim: FacetDimension, v: string): FacetValue['label'] | undefined {
  if (dim === 'publisher') return { 'zh-CN': pick(d.publisher.name, 'zh-CN'), en: pick(d.publisher.name, 'en') };
  if (dim === 'license') return { 'zh-CN': pick(d.license.title, 'zh-CN'), en: pick(d.license.title, 'en') };
  return themeLabel(dim, v);
}

function themeLabel(dim: FacetDimension, v: string): FacetValue['label'] | undefined {
  if (dim !== 'theme' || !(v in THEMES)) return undefined;
  const t = THEMES[v as keyof typeof THEMES];
  return { 'zh-CN': t['zh-CN'], en: t.en };
}
