import type { ReleaseDeps } from './deps.ts';
import { findRelease } from './release-store.ts';

/**
 * Deletes raw uploads older than the retention (locally at start; in AWS the raw bucket's lifecycle
 * rule does the same). Age is the release's creation time; files without a release are orphans of a
 * crashed upload and go too (the release document is always written before its files).
 */
export async function sweepRawUploads(deps: ReleaseDeps): Promise<{ deleted: number }> {
  const cutoff = deps.clock.now().getTime() - deps.rawRetentionDays * 86_400_000;
  const byRelease = new Map<string, string[]>();
  for (const key of await deps.raw.list('uploads/')) {
    const releaseId = key.split('/')[2];
    if (!releaseId) continue;
    byRelease.set(releaseId, [...(byRelease.get(releaseId) ?? []), key]);
  }
  let deleted = 0;
  for (const [releaseId, keys] of byRelease) {
    const r = await findRelease(deps, releaseId);
    if (r && Date.parse(r.value.createdAt) > cutoff) continue;
    for (const k of keys) {
      await deps.raw.delete(k);
      deleted++;
    }
  }
  return { deleted };
}
