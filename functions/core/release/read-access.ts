import type { Principal } from './principal.ts';
import type { Release } from './release.ts';

/**
 * Who may read a release (state, checks, issues, diff). A release is unpublished department data: its
 * check report names fields and may quote cells of public columns. Its department's publishers and
 * approvers read it, and platform admins (who reject and audit); no other department does.
 */
export function canReadRelease(p: Principal, release: Pick<Release, 'department'>): boolean {
  return p.admin || p.system === true || p.grants.some((g) => g.department === release.department);
}
