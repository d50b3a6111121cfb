import { createHash } from 'node:crypto';
import { SITE_BUILD_MARKER_KEY, SNAPSHOT_KEY } from '../core/catalog/artifact-keys.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { SiteBuilder } from '../ports/site-builder.ts';

/** What the retry did: `current` (the site was built from the stored snapshot), or the builder's answer. */
export type SiteBuildRetry = 'no-snapshot' | 'current' | 'started' | 'running';

/** The marker's content: the sha256 of the snapshot file the last successful build used. */
function markedSha256(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  try {
    const v = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { snapshotSha256?: unknown }).snapshotSha256;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined; // unreadable: as if absent, so a build writes a good one
  }
}

/**
 * A failed site build is retried here: nothing else would (the build runs on CatalogPublished, and the
 * snapshot refresh announces only a changed snapshot). The build records the snapshot it built from at
 * SITE_BUILD_MARKER_KEY when it succeeds; while that is not the stored snapshot (a failed build, or
 * none recorded yet) a build is started. A start refused because a build runs is fine: that build
 * checks for a newer snapshot after its sync (infra/constructs/site-rebuild.ts SITE_BUILD_LOOP).
 */
export async function retrySiteBuildIfStale(
  deps: {
    readonly blobs: Pick<BlobStore, 'readBytes'>;
    readonly siteBuild: SiteBuilder;
  },
  /** The stored snapshot's sha256 when the caller just read it (the hourly refresh): not read again. */
  snapshotSha256?: string,
): Promise<SiteBuildRetry> {
  const stored = snapshotSha256 ?? (await storedSha256(deps.blobs));
  // No snapshot yet: the stage's first refresh writes one, and its event starts the build.
  if (stored === undefined) return 'no-snapshot';
  const built = markedSha256(await deps.blobs.readBytes(SITE_BUILD_MARKER_KEY));
  if (built === stored) return 'current';
  return deps.siteBuild.start();
}

async function storedSha256(blobs: Pick<BlobStore, 'readBytes'>): Promise<string | undefined> {
  const snapshot = await blobs.readBytes(SNAPSHOT_KEY);
  return snapshot && createHash('sha256').update(snapshot).digest('hex');
}
