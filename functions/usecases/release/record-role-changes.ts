import type { PrincipalsFile } from '../../core/release/principal.ts';
import { diffRoles, hasChanges, type RoleSnapshot, roleSnapshot } from '../../core/release/role-changes.ts';
import { ConditionFailedError } from '../../ports/catalog-store.ts';
import type { Deps } from '../deps.ts';
import { appendAudit } from './audit-ledger.ts';

const KIND = 'role-state';

/**
 * Roles live in a reviewed directory (datasets/principals.yaml locally, the stack's configuration in
 * AWS). Whenever the platform starts with a directory whose rights differ from the last recorded
 * ones, the change is appended to the audit ledger (who gained or lost which role), so role changes
 * are as tamper-evident as releases.
 */
export async function recordRoleChanges(
  deps: Pick<Deps, 'catalog' | 'clock'>,
  directory: PrincipalsFile,
): Promise<{ changed: boolean }> {
  const after = roleSnapshot(directory);
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await deps.catalog.getDoc<RoleSnapshot>(KIND, 'current');
    const changes = diffRoles(stored?.value ?? {}, after);
    if (!hasChanges(changes)) return { changed: false };
    try {
      await deps.catalog.putDoc(KIND, 'current', after, stored?.revision ?? 0);
    } catch (e) {
      if (e instanceof ConditionFailedError) continue; // another process recorded it first: re-check
      throw e;
    }
    await appendAudit(deps, {
      actor: 'system:configuration',
      action: 'roles.changed',
      subject: 'principals',
      details: { ...changes },
    });
    return { changed: true };
  }
  return { changed: false };
}
