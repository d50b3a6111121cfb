import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { type AuditEntry, GENESIS_HASH, seal, verifyChain } from '../../../functions/core/release/audit-chain.ts';
import { appendAudit, readLedger, verifyLedger } from '../../../functions/usecases/release/audit-ledger.ts';

const clock = { now: () => new Date('2026-11-01T00:00:00Z') };

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(
      seal({
        seq: i,
        time: 't',
        actor: 'a',
        action: 'x',
        subject: `s${i}`,
        details: { i },
        prevHash: out[i - 2]?.hash ?? GENESIS_HASH,
      }),
    );
  }
  return out;
}

describe('audit hash chain', () => {
  it('verifies an intact chain and reports its head', () => {
    const c = chain(5);
    expect(verifyChain(c)).toEqual({ valid: true, entries: 5, headHash: c[4]?.hash, headSeq: 5 });
    expect(verifyChain([])).toMatchObject({ valid: true, headHash: GENESIS_HASH });
  });

  it('names the first altered, removed or reordered entry', () => {
    const altered = chain(5);
    altered[2] = { ...(altered[2] as AuditEntry), actor: 'mallory' };
    expect(verifyChain(altered).firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/altered/) });

    const resealed = chain(5);
    resealed[1] = seal({ ...(resealed[1] as AuditEntry), details: { forged: true } });
    expect(verifyChain(resealed).firstBroken?.seq).toBe(3); // entry 2 re-hashed: entry 3 no longer links

    const removed = chain(5).filter((e) => e.seq !== 4);
    expect(verifyChain(removed).firstBroken?.seq).toBe(4);
  });

  it('appends with single-item conditional writes: concurrent appends form one gap-free chain', async () => {
    const deps = { catalog: new MemoryCatalogStore(), clock };
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => appendAudit(deps, { actor: `p${i}`, action: 'test', subject: `s${i}` })),
    );
    const v = await verifyLedger(deps);
    expect(v).toMatchObject({ valid: true, entries: 25, headSeq: 25, headConsistent: true });
  });

  it('appends once per dedupe key', async () => {
    const deps = { catalog: new MemoryCatalogStore(), clock };
    await appendAudit(deps, { actor: 'a', action: 'x', subject: 's', dedupeKey: 'k' });
    await appendAudit(deps, { actor: 'a', action: 'x', subject: 's', dedupeKey: 'k' });
    expect(await readLedger(deps)).toHaveLength(1);
  });

  it('detects a truncated ledger through the head document', async () => {
    const store = new MemoryCatalogStore();
    const deps = { catalog: store, clock };
    for (let i = 0; i < 3; i++) await appendAudit(deps, { actor: 'a', action: 'x', subject: `s${i}` });
    // Simulate deletion of the last entry by reading through a store that hides it.
    const hiding = Object.create(store) as MemoryCatalogStore;
    hiding.listDocs = (async (kind: string, o?: object) =>
      (await store.listDocs(kind, o)).filter(
        (d) => kind !== 'audit' || d.id !== '000000000003',
      )) as MemoryCatalogStore['listDocs'];
    const v = await verifyLedger({ catalog: hiding, clock });
    expect(v).toMatchObject({ valid: false, firstBroken: { seq: 3 } });
  });
});
