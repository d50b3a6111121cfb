import type { PrincipalsFile } from './principal.ts';

/** What a principal may do, as recorded in the audit ledger (never tokens). */
export interface RoleState {
  readonly admin: boolean;
  readonly roles: readonly string[];
  readonly iamArns: readonly string[];
}

export type RoleSnapshot = Readonly<Record<string, RoleState>>;

/** The directory reduced to rights only, in a canonical order. */
export function roleSnapshot(directory: PrincipalsFile): RoleSnapshot {
  const out: Record<string, RoleState> = {};
  for (const p of [...directory.principals].sort((a, b) => a.id.localeCompare(b.id))) {
    out[p.id] = {
      admin: p.admin,
      roles: p.roles.map((g) => `${g.role}@${g.department}`).sort(),
      iamArns: [...p.iamArns].sort(),
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
