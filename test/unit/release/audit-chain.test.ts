import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { GENESIS_HASH, verifyChain } from '../../../functions/core/release/audit-chain.ts';
import { type AuditEntryV1, type AuditEntryV2, hashV1, seal } from '../../../functions/core/release/audit-entry.ts';
import { appendAudit, readLedger, verifyLedger } from '../../../functions/usecases/release/audit-ledger.ts';

const clock = { now: () => new Date('2026-11-01T00:00:00Z') };

let salt = 0;
const newSalt = () => (++salt).toString(16).padStart(32, '0');

function chain(n: number): AuditEntryV2[] {
  const out: AuditEntryV2[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(
      seal(
        {
          seq: i,
          time: 't',
          actor: 'a',
          action: 'x',
          subject: `s${i}`,
          details: { i },
          prevHash: out[i - 2]?.hash ?? GENESIS_HASH,
        },
        newSalt,
      ),
    );
  }
  return out;
}

/** A format-1 entry, as written before selective disclosure (hash over the whole entry). */
function v1(seq: number, prevHash: string, extra: Partial<AuditEntryV1> = {}): AuditEntryV1 {
  const e = { seq, time: 't', actor: 'alice', action: 'x', subject: `s${seq}`, details: { seq }, prevHash, ...extra };
  return { ...e, hash: hashV1(e) };
}

describe('audit hash chain', () => {
  it('verifies an intact chain and reports its head', () => {
    const c = chain(5);
    expect(verifyChain(c)).toEqual({ valid: true, entries: 5, headHash: c[4]?.hash, headSeq: 5 });
    expect(verifyChain([])).toMatchObject({ valid: true, headHash: GENESIS_HASH });
  });

  it('names the first altered, removed or reordered entry', () => {
    const altered = chain(5);
    altered[2] = { ...(altered[2] as AuditEntryV2), actor: 'mallory' };
    expect(verifyChain(altered).firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/altered/) });

    const resealed = chain(5);
    resealed[1] = seal({ ...(resealed[1] as AuditEntryV2), details: { forged: true } }, newSalt);
    expect(verifyChain(resealed).firstBroken?.seq).toBe(3); // entry 2 re-hashed: entry 3 no longer links

    const removed = chain(5).filter((e) => e.seq !== 4);
    expect(verifyChain(removed).firstBroken?.seq).toBe(4);
  });

  it('verifies format-1 entries, and a format-1 ledger continued in format 2', () => {
    const old = [v1(1, GENESIS_HASH)];
    old.push(v1(2, old[0]?.hash as string));
    expect(verifyChain(old)).toMatchObject({ valid: true, headSeq: 2 });
    const next = seal(
      { seq: 3, time: 't', actor: 'bob', action: 'x', subject: 's3', details: {}, prevHash: old[1]?.hash as string },
      newSalt,
    );
    expect(verifyChain([...old, next])).toMatchObject({ valid: true, headSeq: 3, headHash: next.hash });

    const alteredOld = [{ ...(old[0] as AuditEntryV1), actor: 'mallory' }, old[1], next];
    expect(verifyChain(alteredOld).firstBroken).toMatchObject({ seq: 1, reason: expect.stringMatching(/altered/) });
    // Format 2 is never followed by format 1: a replaced entry is named even with a valid format-1 hash.
    const back = [...old, next, v1(4, next.hash)];
    expect(verifyChain(back).firstBroken).toMatchObject({ seq: 4, reason: expect.stringMatching(/format-1/) });
  });

  it('catches a details member added or removed with its salt, and a salt without its member', () => {
    const c = chain(3);
    const e = c[1] as AuditEntryV2;
    const added = {
      ...e,
      details: { ...e.details, extra: 1 },
      salts: { ...e.salts, details: { ...e.salts.details, extra: newSalt() } },
    };
    expect(verifyChain([c[0], added, c[2]]).firstBroken).toMatchObject({
      seq: 2,
      reason: expect.stringMatching(/altered/),
    });
    const unpaired = { ...e, details: {} };
    expect(verifyChain([c[0], unpaired, c[2]]).firstBroken).toMatchObject({
      seq: 2,
      reason: expect.stringMatching(/salts/),
    });
  });

  it('commits to each field with its own fresh salt', async () => {
    const deps = { catalog: new MemoryCatalogStore(), clock };
    const a = await appendAudit(deps, {
      actor: 'alice',
      action: 'x',
      subject: 's',
      details: { d: 1, gone: undefined },
    });
    const b = await appendAudit(deps, { actor: 'alice', action: 'x', subject: 's', details: { d: 1 } });
    expect(a?.v).toBe(2);
    // Undefined members are dropped before committing (as a JSON store would drop them).
    expect(Object.keys(a?.details ?? {})).toEqual(['d']);
    const salts = [a, b].flatMap((e) => [e?.salts.actor, e?.salts.subject, e?.salts.details.d]);
    expect(new Set(salts).size).toBe(6);
    for (const s of salts) expect(s).toMatch(/^[0-9a-f]{32}$/);
    expect((await verifyLedger(deps)).valid).toBe(true);
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
