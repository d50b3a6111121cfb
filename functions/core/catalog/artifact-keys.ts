/** Storage layout of published versions: immutable, one prefix per version. */
export const versionPrefix = (datasetId: string, version: number) =>
  `files/${datasetId}/v${String(version).padStart(6, '0')}/`;

export const artifactKey = (datasetId: string, version: number, name: string) =>
  `${versionPrefix(datasetId, version)}${name}`;

/** The catalogue snapshot the site is built from. */
export const SNAPSHOT_KEY = 'catalog/snapshot.json';

/** Files a version may be downloaded as (the download route's `{file}`). */
export const DOWNLOADABLE = [
  'data.csv',
  'data.parquet',
  'data.ndjson',
  'data.json',
  'datapackage.json',
  'validation-report.json',
  'deidentification-report.json',
  'preview.json',
  'SHA256SUMS',
] as const;
