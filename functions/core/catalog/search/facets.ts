import { pick } from '../../manifest/localized.ts';
import { THEMES } from '../../manifest/vocabulary.ts';
import type { DatasetEntry } from '../schema.ts';
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
  for (const dim of FACET_DIMENSIONS) {
    if (dim === except) continue;
    const wanted = filters[dim];
    if (!wanted?.length) continue;
    const have = valuesOf(d, dim);
    if (!wanted.some((w) => have.includes(w))) return false;
  }
  return true;
}

/**
 * Facet counts as users expect them: the counts of a dimension are computed with every OTHER
 * filter applied, so choosing a theme still shows how many datasets each other theme would add.
 * Selected values are listed even when their count is 0. Order: count desc, then value.
 */
export function computeFacets(entries: readonly DatasetEntry[], filters: Filters): Facets {
  const out = {} as Facets;
  for (const dim of FACET_DIMENSIONS) {
    const counts = new Map<string, number>();
    const labels = new Map<string, FacetValue['label']>();
    for (const d of entries) {
      if (!matchesFilters(d, filters, dim)) continue;
      const values = valuesOf(d, dim);
      for (const v of values.length > 1 ? new Set(values) : values) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // A publisher's or licence's label is that of the last entry with it (names may differ between
    // entries); found from the end, so a long list is read only until every value has one.
    if (dim === 'publisher' || dim === 'license') {
      for (let i = entries.length - 1; i >= 0 && labels.size < counts.size; i--) {
        const d = entries[i] as DatasetEntry;
        if (!matchesFilters(d, filters, dim)) continue;
        for (const v of valuesOf(d, dim)) if (!labels.has(v)) labels.set(v, labelOf(d, dim, v));
      }
    }
    const selected = filters[dim] ?? [];
    for (const s of selected) if (!counts.has(s)) counts.set(s, 0);
    out[dim] = [...counts]
      .map(([value, count]) => {
        const label = labels.get(value) ?? themeLabel(dim, value);
        return { value, count, ...(label ? { label } : {}), selected: selected.includes(value) };
      })
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
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
