/**
 * Names of the usage counters (the metering the metrics issue builds on): one counter group per UTC
 * day, one counter per dataset, version, format, kind and key. No client addresses, only key ids
 * (or `anonymous`).
 */
export type UsageKind = 'query' | 'download' | 'sql';

export interface UsageEvent {
  readonly kind: UsageKind;
  readonly dataset: string;
  readonly version: number;
  /** json, csv, ndjson, parquet, datapackage, ... */
  readonly format: string;
  /** An API key id, or `anonymous`. */
  readonly key: string;
}

export interface UsageCount extends UsageEvent {
  readonly day: string;
  readonly count: number;
}

export const usageGroup = (day: string) => `usage#${day}`;

/** Dataset ids are slugs and formats are words: `#` cannot occur in any part. */
export function usageName(e: UsageEvent): string {
  return [e.dataset, String(e.version).padStart(10, '0'), e.format, e.kind, e.key].join('#');
}

export function parseUsageName(day: string, name: string, count: number): UsageCount | undefined {
  const [dataset, version, format, kind, key] = name.split('#');
  if (!dataset || !version || !format || !kind || !key) return undefined;
  return { day, dataset, version: Number(version), format, kind: kind as UsageKind, key, count };
}

/** Format of a downloadable file name (`data.csv` → csv, `datapackage.json` → datapackage). */
export function formatOfFile(file: string): string {
  if (file === 'datapackage.json') return 'datapackage';
  if (file === 'SHA256SUMS') return 'checksums';
  const m = /^data\.([a-z0-9]+)$/.exec(file);
  if (m) return m[1] as string;
  return (
    file
      .replace(/\.[a-z0-9]+$/, '')
      .replace(/[^a-z0-9-]/gi, '-')
      .toLowerCase() || 'file'
  );
}

/**
 * Whether a request downloads the dataset, for the usage counts (metrics, scorecards): a GET of a data
 * file (`data.csv`, `.parquet`, `.ndjson`, `.json`) from its start. Not a HEAD, not a range further in
 * (a resumed download, a Parquet reader fetching the footer and row groups), not the metadata files
 * (datapackage.json, SHA256SUMS, reports): counting those made one download look like several.
 */
export function countsAsDownload(method: string, file: string, range: string | undefined): boolean {
  if (method !== 'GET' || !file.startsWith('data.')) return false;
  return range === undefined || /^\s*bytes\s*=\s*0\s*-/i.test(range);
}
