import type { ReleaseDeps } from './deps.ts';
import { listReleases } from './release-store.ts';

/**
 * How long an approved release may wait for its publication before it is queued again: longer than the
 * ingest function's time limit (15 min) plus Lambda's asynchronous retries (about 3 min).
 */
export const STALLED_AFTER_MS = 30 * 60_000;

/**
 * Approved releases whose publication was lost (AWS: the `ReleaseApproved` event was dropped after
 * Lambda's retries, or never delivered) are queued again, as the approver's repeated approval would.
 * Publication is keyed by the release id, so a release whose event is merely late publishes once.
 * Without a queue (the local platform publishes within the approval) there is nothing to resume.
 */
export async function resumeStalledPublications(
  deps: Pick<ReleaseDeps, 'catalog' | 'clock' | 'publication'>,
  stalledAfterMs: number = STALLED_AFTER_MS,
): Promise<string[]> {
  const queue = deps.publication;
  if (!queue) return [];
  const now = deps.clock.now().getTime();
  const stalled = (await listReleases(deps)).filter(
    (r) => r.state === 'approved' && r.approvedAt !== undefined && now - Date.parse(r.approvedAt) > stalledAfterMs,
  );
  for (const r of stalled) await queue.enqueue(r.id);
  return stalled.map((r) => r.id);
}
