import { titleCollator } from '../../../functions/core/catalog/search/title-order.ts';
import { pick } from '../../../functions/core/manifest/localized.ts';
import type { Frequency, PublishedFormat, Theme } from '../../../functions/core/manifest/vocabulary.ts';
import { frequencyLabel, themeLabel } from '../i18n/index.ts';
import type { Language, SnapshotDataset } from './types.ts';

/** Sort by title in the page language (Chinese by pinyin), as the API's sort=title (title-order.ts). */
export function sortByTitle(ds: readonly SnapshotDataset[], lang: Language): SnapshotDataset[] {
  const coll = titleCollator(lang);
  return [...ds].sort((a, b) => coll.compare(pick(a.entry.title, lang), pick(b.entry.title, lang)));
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface Facets {
  theme: FacetValue[];
  publisher: FacetValue[];
  licence: FacetValue[];
  format: FacetValue[];
  frequency: FacetValue[];
}

function count(values: Iterable<[string, string]>): FacetValue[] {
  const m = new Map<string, FacetValue>();
  for (const [value, label] of values) {
    const f = m.get(value) ?? { value, label, count: 0 };
    f.count++;
    m.set(value, f);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export function facets(
  ds: readonly SnapshotDataset[],
  lang: Language,
  labels: { theme: (t: Theme) => string; frequency: (f: Frequency) => string },
): Facets {
  return {
    theme: count(ds.flatMap((d) => d.entry.themes.map((t): [string, string] => [t, labels.theme(t)]))),
    publisher: count(ds.map((d) => [d.entry.publisher.id, pick(d.entry.publisher.name, lang)])),
    // Named by title ("Creative Commons Attribution 4.0 International"), not the SPDX or LicenseRef- id.
    licence: count(ds.map((d) => [d.entry.license.id, pick(d.entry.license.title, lang) || d.entry.license.id])),
    format: count(ds.flatMap((d) => d.entry.formats.map((f): [string, string] => [f, f.toUpperCase()]))),
    frequency: count(ds.map((d) => [d.entry.updateFrequency, labels.frequency(d.entry.updateFrequency)])),
  };
}

/**
 * The site's facets in the page language, with theme and frequency labels translated: what the home page
 * shows to browse by, and hands to its SearchBox for the zero-result suggestion (computed once per page).
 */
export function siteFacets(ds: readonly SnapshotDataset[], lang: Language): Facets {
  return facets(ds, lang, { theme: (x) => themeLabel(x, lang), frequency: (x) => frequencyLabel(x, lang) });
}

export interface Totals {
  datasets: number;
  publishers: number;
  versions: number;
  rows: number;
}

export function totals(ds: readonly SnapshotDataset[]): Totals {
  return {
    datasets: ds.length,
    publishers: new Set(ds.map((d) => d.entry.publisher.id)).size,
    versions: ds.reduce((n, d) => n + d.versions.filter((v) => v.state === 'published').length, 0),
    rows: ds.reduce((n, d) => n + d.entry.rowCount, 0),
  };
}

/** Published (not withdrawn) versions, newest first, across datasets. */
export function newestReleases(ds: readonly SnapshotDataset[], n: number) {
  return ds
    .flatMap((d) =>
      d.versions.filter((v) => v.state === 'published' && v.publishedAt).map((v) => ({ dataset: d, version: v })),
    )
    .sort((a, b) => (b.version.publishedAt ?? '').localeCompare(a.version.publishedAt ?? ''))
    .slice(0, n);
}

const PERIOD_DAYS: Record<Frequency, number | null> = {
  daily: 1,
  weekly: 7,
  monthly: 31,
  quarterly: 92,
  semiannual: 183,
  annual: 366,
  irregular: null,
};

/** ISO 8601 durations (DCAT accrualPeriodicity / DCAT-US) per frequency. */
export const FREQUENCY_ISO: Record<Frequency, string> = {
  daily: 'R/P1D',
  weekly: 'R/P1W',
  monthly: 'R/P1M',
  quarterly: 'R/P3M',
  semiannual: 'R/P6M',
  annual: 'R/P1Y',
  irregular: 'irregular',
};

/** EU frequency vocabulary (DCAT-AP). */
export const FREQUENCY_EU: Record<Frequency, string> = {
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
  semiannual: 'BIANNUAL',
  annual: 'ANNUAL',
  irregular: 'IRREG',
};

/**
 * When the next version is expected: last publication + the declared period, with a grace of one
 * day for daily data and 10 % otherwise. Overdue is judged at the snapshot time (not the build's wall
 * clock), so a rebuild of the same snapshot gives the same page.
 */
export function schedule(d: SnapshotDataset, now: string): { next: string | null; overdue: boolean } {
  const days = PERIOD_DAYS[d.entry.updateFrequency];
  const last = lastPublished(d);
  if (days === null || !last) return { next: null, overdue: false };
  const next = new Date(new Date(last).getTime() + days * 86_400_000);
  const grace = Math.max(1, Math.round(days * 0.1)) * 86_400_000;
  return { next: next.toISOString(), overdue: new Date(now).getTime() > next.getTime() + grace };
}

export function lastPublished(d: SnapshotDataset): string | undefined {
  return d.versions
    .filter((v) => v.state === 'published' && v.publishedAt)
    .map((v) => v.publishedAt!)
    .sort()
    .at(-1);
}

export function latestVersion(d: SnapshotDataset) {
  return d.versions.find((v) => v.version === d.entry.latestVersion);
}

export const hasFormat = (d: SnapshotDataset, f: PublishedFormat) => d.entry.formats.includes(f);
