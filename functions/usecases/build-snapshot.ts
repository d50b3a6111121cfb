import { createHash } from 'node:crypto';
import { SNAPSHOT_KEY } from '../core/catalog/artifact-keys.ts';
import { latestPublished } from '../core/catalog/build-entry.ts';
import { type CatalogSnapshot, CatalogSnapshot as Schema } from '../core/catalog/schema.ts';
import { withoutWithdrawnSamplesAll } from '../core/catalog/withdrawn-samples.ts';
import { listCatalogVersions } from './catalog-versions.ts';
import type { Deps } from './deps.ts';
import { mapConcurrently } from './map-concurrently.ts';
import { buildCommunitySnapshot } from './scorecard-snapshot.ts';

/**
 * Datasets read at once while composing the snapshot. One at a time, a thousand datasets (a query and
 * an S3 read each, ~30 ms) took longer than the 30 s function that used to run it.
 */
export const SNAPSHOT_CONCURRENCY = 16;

/**
 * The catalogue snapshot the site is built from: every dataset with a published version, all its
 * visible versions and a preview of the latest. Stored at catalog/snapshot.json (the site rebuild
 * in AWS is triggered by its write).
 */
export async function buildSnapshot(deps: Deps): Promise<CatalogSnapshot> {
  const snapshot = await composeSnapshot(deps);
  await writeSnapshot(deps, snapshot);
  return snapshot;
}

/** The snapshot as the catalogue (and the community data) stand now, not written. */
async function composeSnapshot(deps: Deps): Promise<CatalogSnapshot> {
  const entries = (await deps.catalog.listDatasets()).filter((d) => d.latestVersion !== null);
  entries.sort((a, b) => a.id.localeCompare(b.id));
  // Read once: the datasets' pages and the scorecards (buildCommunitySnapshot) both need them.
  const listed = await listCatalogVersions(deps.catalog, entries);
  // A preview read per dataset: SNAPSHOT_CONCURRENCY at a time (in dataset order).
  const datasets: CatalogSnapshot['datasets'] = await mapConcurrently(listed, SNAPSHOT_CONCURRENCY, async (read) => {
    const entry = read.entry;
    const versions = withoutWithdrawnSamplesAll(
      read.versions.filter((v) => v.state !== 'pending'),
      entry.publisher.id,
    );
    const latest = latestPublished(versions);
    const previewArtifact = latest?.artifacts.find((a) => a.name === 'preview.json');
    const bytes = previewArtifact ? await deps.blobs.readBytes(previewArtifact.key) : undefined;
    const preview = bytes
      ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as CatalogSnapshot['datasets'][number]['preview'])
      : { columns: [], rows: [] };
    return { entry, versions, preview };
  });
  return Schema.parse({
    generatedAt: deps.clock.now().toISOString(),
    apiBaseUrl: deps.publicBaseUrl,
    datasets,
    community: await buildCommunitySnapshot(deps, listed),
  });
}

/** Stores and announces the snapshot; answers the text stored. */
async function writeSnapshot(deps: Deps, snapshot: CatalogSnapshot): Promise<string> {
  const text = JSON.stringify(snapshot);
  await deps.blobs.putBytes(SNAPSHOT_KEY, text, {
    contentType: 'application/json',
    cacheControl: 'no-cache',
  });
  await deps.events.catalogPublished({ snapshotKey: SNAPSHOT_KEY, datasets: snapshot.datasets.length });
  return text;
}

/** A snapshot's content, to compare two: build times are not content. */
export const snapshotContent = (snapshot: unknown): string =>
  JSON.stringify(snapshot, (k, v) => (k === 'generatedAt' ? undefined : v));

/** What a refresh did, and the sha256 of the snapshot stored after it (the site build's marker compares it). */
export interface SnapshotRefresh {
  readonly changed: boolean;
  readonly sha256: string;
}

/**
 * Writes (and announces, so the site is rebuilt) a new snapshot only when its content changed: run on a
 * schedule, it brings what changes between publications — ratings, approved comments and replies, data
 * requests and votes, scorecards — to the static site without rebuilding it for every vote. Answers the
 * stored snapshot's sha256 too, so that the hourly run does not read it again (retry-site-build.ts).
 */
export async function refreshSnapshotIfChanged(deps: Deps): Promise<SnapshotRefresh> {
  const next = await composeSnapshot(deps);
  const stored = await deps.blobs.readBytes(SNAPSHOT_KEY);
  if (stored && snapshotContent(JSON.parse(Buffer.from(stored).toString('utf8'))) === snapshotContent(next))
    return { changed: false, sha256: sha256(stored) };
  return { changed: true, sha256: sha256(await writeSnapshot(deps, next)) };
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * After a publication or withdrawal: refresh the snapshot (and so the site). Best effort: the
 * catalogue is already committed and the next change or start refreshes it, so a failure here must
 * not fail the transition that triggered it.
 */
export async function refreshSnapshotAfterChange(deps: Deps): Promise<void> {
  try {
    await buildSnapshot(deps);
  } catch {
    // See above: the committed catalogue is the source of truth; the snapshot is derived.
  }
}
