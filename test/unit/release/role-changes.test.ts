import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { PrincipalsFile } from '../../../functions/core/release/principal.ts';
import { diffRoles, roleSnapshot } from '../../../functions/core/release/role-changes.ts';
import { readLedger, verifyLedger } from '../../../functions/usecases/release/audit-ledger.ts';
import { recordRoleChanges } from '../../../functions/usecases/release/record-role-changes.ts';

const dir = (principals: unknown[]) => PrincipalsFile.parse({ principals });
const clock = { now: () => new Date('2026-11-22T00:00:00Z') };

describe('role changes are audited', () => {
  const v1 = dir([
    { id: 'alice', tokenSha256: 'a'.repeat(64), roles: [{ role: 'publisher', department: 'demo-stats' }] },
    { id: 'bob', roles: [{ role: 'approver', department: 'demo-stats' }] },
  ]);
  const v2 = dir([
    { id: 'alice', tokenSha256: 'b'.repeat(64), roles: [{ role: 'publisher', department: 'demo-stats' }] },
    {
      id: 'bob',
      roles: [
        { role: 'approver', department: 'demo-stats' },
        { role: 'publisher', department: 'demo-stats' },
      ],
    },
    { id: 'carol', admin: true },
  ]);

  it('diffs rights only: a rotated token is not a role change', () => {
    const c = diffRoles(roleSnapshot(v1), roleSnapshot(v2));
    expect(c.added.map((x) => x.id)).toEqual(['carol']);
    expect(c.removed).toEqual([]);
    expect(c.changed.map((x) => x.id)).toEqual(['bob']);
    expect(JSON.stringify(roleSnapshot(v2))).not.toContain('b'.repeat(64));
  });

  it('appends one ledger entry per change and none when nothing changed', async () => {
    const deps = { catalog: new MemoryCatalogStore(), clock };
    expect((await recordRoleChanges(deps, v1)).changed).toBe(true);
    expect((await recordRoleChanges(deps, v1)).changed).toBe(false);
    expect((await recordRoleChanges(deps, v2)).changed).toBe(true);
    const entries = (await readLedger(deps)) as Array<{ action: string; details: { added: Array<{ id: string }> } }>;
    expect(entries.map((e) => e.action)).toEqual(['roles.changed', 'roles.changed']);
    expect(entries[1]?.details.added.map((a) => a.id)).toEqual(['carol']);
    expect((await verifyLedger(deps)).valid).toBe(true);
  });

  it('records IAM identities as a count and a digest, never the ARNs (the ledger is public)', () => {
    const arn = 'arn:aws:iam::123456789012:role/opendata-approver';
    const before = roleSnapshot(dir([{ id: 'bob', iamArns: [arn], roles: [] }]));
    const after = roleSnapshot(dir([{ id: 'bob', iamArns: [arn, `${arn}-2`], roles: [] }]));
    expect(JSON.stringify([before, after])).not.toContain('123456789012');
    expect(after.bob).toMatchObject({ iamArnCount: 2, iamArnsSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // A change of identities is still a role change.
    expect(diffRoles(before, after).changed.map((c) => c.id)).toEqual(['bob']);
  });
});
