import { forbidden } from '../../core/errors.ts';
import type { Principal } from '../../core/release/principal.ts';
import { canReadRelease } from '../../core/release/read-access.ts';
import type { Release, ReleaseView } from '../../core/release/release.ts';
import type { Deps } from '../deps.ts';
import { listReleases, loadRelease } from './release-store.ts';
import { releaseView, releaseViews } from './release-views.ts';

/**
 * GET /v1/releases: the releases the caller may read (its departments', or all for admins), newest
 * first, each published one with its version's withdrawal if there was one (release-views.ts).
 */
export async function readReleases(
  deps: Pick<Deps, 'catalog'>,
  p: Principal,
  filter: { datasetId?: string } = {},
): Promise<ReleaseView[]> {
  return releaseViews(
    deps,
    (await listReleases(deps, filter)).filter((r) => canReadRelease(p, r)),
  );
}

/**
 * Refuses (403) a caller with no role in the release's department: the rule of `GET /v1/releases/{id}`,
 * shared by every route that shows a release (submit answers with the release).
 */
export function refuseUnreadableRelease(p: Principal, release: Release): void {
  if (!canReadRelease(p, release)) {
    throw forbidden({
      detail: `release "${release.id}" belongs to department "${release.department}", where you have no role`,
      hint: "a department's publishers and approvers, and platform admins, read its releases",
      zh: {
        detail: `发布申请“${release.id}”属于部门“${release.department}”，您在该部门没有角色`,
        hint: '部门的发布者、审批人和平台管理员才能查看它的发布申请',
      },
    });
  }
}

/** GET /v1/releases/{id}: 403 for a caller with no role in the release's department. */
export async function readRelease(deps: Pick<Deps, 'catalog'>, p: Principal, id: string): Promise<ReleaseView> {
  const release = (await loadRelease(deps, id)).value;
  refuseUnreadableRelease(p, release);
  return releaseView(deps, release);
}
