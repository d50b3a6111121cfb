/** Storage layout of published versions: immutable, one prefix per version, under `datasets/`. */
export const PUBLISHED_PREFIX = 'datasets/';
export const versionPrefix = (datasetId: string, version: number) =>
  `datasets/${datasetId}/v${String(version).padStart(6, '0')}/`;

export const artifactKey = (datasetId: string, version: number, name: string) =>
  `${versionPrefix(datasetId, version)}${name}`;

/**
 * The name a downloaded file is saved under: `<id>-v<N>-<file>` for the key `datasets/<id>/v00000N/<file>`
 * (`seattle-weather-v1-data.csv`), so that the files of two datasets or versions do not overwrite each
 * other in a downloads folder. The local file route and the published objects in S3 both send it.
 */
export function downloadFileName(key: string): string {
  const [, dataset, version] = key.split('/');
  return `${dataset}-${version?.replace(/^v0*/, 'v')}-${key.slice(key.lastIndexOf('/') + 1)}`;
}

/** The Content-Disposition of a published file: saved (not shown) under its download file name. */
export const attachmentDisposition = (key: string) => `attachment; filename="${downloadFileName(key)}"`;

/**
 * Object tag a withdrawal puts on every file of the version (S3 in AWS). Tagging changes no byte, so
 * the published keys stay immutable; the published bucket's policy denies reading any object that
 * carries it (infra/constructs/published-bucket.ts), through CloudFront and presigned URLs alike.
 */
export const WITHDRAWN_TAG = { key: 'withdrawn', value: 'true' } as const;

/** The catalogue snapshot the site is built from. */
export const SNAPSHOT_KEY = 'catalog/snapshot.json';

/**
 * AWS: what the last successful site build was built from (`{"snapshotSha256": "<hex>"}`), written by
 * the build (infra/constructs/site-rebuild.ts) next to the snapshot, outside what CloudFront serves. The
 * hourly maintenance starts a build when it differs from the stored snapshot (a failed build's retry).
 */
export const SITE_BUILD_MARKER_KEY = 'catalog/site-build.json';

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

/**
 * Public URL of a published artifact: `/files/<id>/<version>/<file>` for the key
 * `datasets/<id>/<version>/<file>` (CloudFront rewrites the path to the published bucket; the local
 * platform serves the same URLs from the filesystem stand-in).
 */
export function publicFileUrl(publicBaseUrl: string, key: string): string {
  if (!key.startsWith(PUBLISHED_PREFIX))
    throw new Error(`publicFileUrl: key "${key}" is not under ${PUBLISHED_PREFIX}`);
  const rest = key.slice(PUBLISHED_PREFIX.length).split('/').map(encodeURIComponent).join('/');
  return `${publicBaseUrl.replace(/\/+$/, '')}/files/${rest}`;
}

/** The storage key behind a public `/files/...` path. */
export function keyOfFilePath(path: string): string | undefined {
  if (!path.startsWith('/files/')) return undefined;
  return PUBLISHED_PREFIX + path.slice('/files/'.length);
}
