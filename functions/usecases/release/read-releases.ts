import { forbidden } from '../../core/errors.ts';
import type { Principal } from '../../core/release/principal.ts';
import { canReadRelease } from '../../core/release/read-access.ts';
import type { Release } from '../../core/release/release.ts';
import type { Deps } from '../deps.ts';
import { listReleases, loadRelease } from './release-store.ts';

/** GET /v1/releases: the releases the caller may read (its departments', or all for admins), newest first. */
export async function readReleases(
  deps: Pick<Deps, 'catalog'>,
  p: Principal,
  filter: { datasetId?: string } = {},
): Promise<Release[]> {
  return (await listReleases(deps, filter)).filter((r) => canReadRelease(p, r));
}

/** GET /v1/releases/{id}: 403 for a caller with no role in the release's department. */
export async function readRelease(deps: Pick<Deps, 'catalog'>, p: Principal, id: string): Promise<Release> {
  const release = (await loadRelease(deps, id)).value;
  if (!canReadRelease(p, release)) {
    throw forbidden({
      detail: `release "${release.id}" belongs to department "${release.department}", where you have no role`,
      hint: "a department's publishers and approvers, and platform admins, read its releases",
    });
  }
  return release;
}
