import type { Principal } from '../../core/release/principal.ts';
import type { Release } from '../../core/release/release.ts';
import { reject } from '../../core/release/transitions.ts';
import { appendAudit } from './audit-ledger.ts';
import type { ReleaseDeps } from './deps.ts';
import { loadRelease, saveRelease } from './release-store.ts';

/** → rejected, with a reason (a lost race surfaces as the state machine's 409 on the re-read state). */
export async function rejectRelease(
  deps: ReleaseDeps,
  p: Principal,
  id: string,
  reason: string | undefined,
): Promise<Release> {
  const cur = await loadRelease(deps, id);
  const next = reject(cur.value, p, reason, deps.clock.now().toISOString());
  await saveRelease(deps, next, cur.revision);
  await appendAudit(deps, {
    actor: p.id,
    action: 'release.rejected',
    subject: `release/${id}`,
    details: { dataset: next.datasetId, reason: next.rejection?.reason },
    dedupeKey: `release/${id}/rejected`,
  });
  return next;
}
