import { createHash } from 'node:crypto';
import type { PrincipalsFile } from './principal.ts';

/**
 * What a principal may do, as recorded in the audit ledger (never tokens). The ledger is exported
 * publicly, so the IAM identities it maps appear as their number and a digest only: an ARN names the
 * account and the role an attacker would have to obtain; a change of identities still shows.
 */
export interface RoleState {
  readonly admin: boolean;
  readonly roles: readonly string[];
  readonly iamArnCount: number;
  /** sha256 of the sorted ARNs, one per line ('' when there are none). */
  readonly iamArnsSha256: string;
}

export type RoleSnapshot = Readonly<Record<string, RoleState>>;

/** The directory reduced to rights only, in a canonical order. */
export function roleSnapshot(directory: PrincipalsFile): RoleSnapshot {
  const out: Record<string, RoleState> = {};
  for (const p of [...directory.principals].sort((a, b) => a.id.localeCompare(b.id))) {
    out[p.id] = {
      admin: p.admin,
      roles: p.roles.map((g) => `${g.role}@${g.department}`).sort(),
      iamArnCount: p.iamArns.length,
      iamArnsSha256: p.iamArns.length
        ? createHash('sha256')
            .update([...p.iamArns].sort().join('\n'))
            .digest('hex')
        : '',
    };
  }
  return out;
}

export interface RoleChanges {
  readonly added: Array<{ id: string; after: RoleState }>;
  readonly removed: Array<{ id: string; before: RoleState }>;
  readonly changed: Array<{ id: string; before: RoleState; after: RoleState }>;
}

/** Differences between two snapshots; empty lists when nothing changed. */
export function diffRoles(before: RoleSnapshot, after: RoleSnapshot): RoleChanges {
  const same = (a: RoleState, b: RoleState) => JSON.stringify(a) === JSON.stringify(b);
  return {
    added: Object.keys(after)
      .filter((id) => !(id in before))
      .map((id) => ({ id, after: after[id] as RoleState })),
    removed: Object.keys(before)
      .filter((id) => !(id in after))
      .map((id) => ({ id, before: before[id] as RoleState })),
    changed: Object.keys(after)
      .filter((id) => id in before && !same(before[id] as RoleState, after[id] as RoleState))
      .map((id) => ({ id, before: before[id] as RoleState, after: after[id] as RoleState })),
  };
}

export const hasChanges = (c: RoleChanges) => c.added.length + c.removed.length + c.changed.length > 0;
