import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import { metrics } from '../../functions/http/observability.ts';
import type { Deps } from '../../functions/usecases/deps.ts';
import { AuditLedgerBroken, exportAndCheckLedger } from '../../functions/usecases/maintenance.ts';
import {
  type AuditInput,
  appendAudit,
  auditDocId,
  LEDGER_CHECK_METRICS,
  type LedgerCheck,
  verifyLedger,
} from '../../functions/usecases/release/audit-ledger.ts';
import type { ReleaseDeps } from '../../functions/usecases/release/deps.ts';
import { installReleaseDeps } from '../../functions/wiring/release-deps.ts';

/**
 * The daily audit-ledger export reports its verdict on the stored ledger (metric AuditLedgerValid, its
 * own alarm) and fails the run when the ledger does not verify (the maintenance Errors alarm): a broken
 * chain no longer passes as a normal, logged run.
 */
const clock = { now: () => new Date('2026-11-22T03:15:00Z') };
let dir: string;
let blobs: FsBlobStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledger-check-'));
  blobs = new FsBlobStore(join(dir, 'published'));
});
afterEach(async () => {
  installReleaseDeps(undefined);
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const depsOf = (catalog: MemoryCatalogStore) => ({ catalog, blobs, clock }) as unknown as Deps;
const entry = (n: number): AuditInput => ({
  actor: 'system:pipeline',
  action: 'scorecards.published',
  subject: `dataset/platform-scorecards/v${n}`,
  details: { version: n },
});
async function ledgerOf(n: number, catalog = new MemoryCatalogStore(clock)) {
  for (let i = 1; i <= n; i++) await appendAudit({ catalog, clock }, entry(i));
  return catalog;
}
/** Runs the daily export as the handler does, keeping what it reported. */
async function run(deps: Deps): Promise<{ reported: LedgerCheck[]; outcome: PromiseSettledResult<LedgerCheck> }> {
  const reported: LedgerCheck[] = [];
  const [outcome] = await Promise.allSettled([exportAndCheckLedger(deps, (c) => reported.push(c))]);
  return { reported, outcome: outcome as PromiseSettledResult<LedgerCheck> };
}
const brokenAt = (outcome: PromiseSettledResult<LedgerCheck>) => {
  expect(outcome.status).toBe('rejected');
  const e = (outcome as PromiseRejectedResult).reason as AuditLedgerBroken;
  expect(e).toBeInstanceOf(AuditLedgerBroken);
  return e.firstBroken;
};

describe('daily audit-ledger export', () => {
  it('reports an intact ledger as valid, with no entry left unexported', async () => {
    const { reported, outcome } = await run(depsOf(await ledgerOf(3)));
    expect(outcome).toMatchObject({ status: 'fulfilled', value: { valid: true, stored: 3, seq: 3 } });
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ valid: true, stored: 3, seq: 3 });
    expect(await blobs.list('datasets/_audit/head-')).toEqual(['datasets/_audit/head-0000000003.json']);
  });

  it('fails the run on an altered entry, after reporting it, and exports nothing from the break on', async () => {
    const catalog = await ledgerOf(3);
    const stored = await catalog.getDoc<Record<string, unknown>>('audit', auditDocId(2));
    await catalog.putDoc('audit', auditDocId(2), { ...stored?.value, actor: 'mallory' }, stored?.revision ?? 0);
    const { reported, outcome } = await run(depsOf(catalog));
    expect(brokenAt(outcome)).toMatchObject({ seq: 2, reason: expect.stringMatching(/altered/) });
    expect(reported).toEqual([expect.objectContaining({ valid: false, stored: 3, seq: 1 })]);
    expect(await blobs.list('datasets/_audit/head-')).toEqual(['datasets/_audit/head-0000000001.json']);
  });

  it('fails on a tail cut off: the head document, or else the public export, names a later entry', async () => {
    const full = await ledgerOf(3);
    await run(depsOf(full)); // exported up to 3
    const cut = new MemoryCatalogStore(clock);
    for (const seq of [1, 2]) {
      const e = await full.getDoc('audit', auditDocId(seq));
      await cut.putDoc('audit', auditDocId(seq), e?.value, 0);
    }
    // Without the head document: the export an outsider may hold ends at 3.
    let r = await run(depsOf(cut));
    expect(brokenAt(r.outcome)).toMatchObject({
      seq: 3,
      reason: 'entries after 2 are missing (the public export /files/_audit/head-0000000003.json names seq 3)',
    });
    await cut.putDoc('audit-head', 'head', (await full.getDoc('audit-head', 'head'))?.value, 0);
    r = await run(depsOf(cut));
    expect(brokenAt(r.outcome)).toMatchObject({ seq: 3, reason: 'entries after 2 are missing (the head names seq 3)' });
    expect(r.reported[0]).toMatchObject({ valid: false, stored: 2 });
  });

  it('fails on a chain rewritten consistently after it was exported (every hash recomputed)', async () => {
    await run(depsOf(await ledgerOf(2)));
    const forged = await ledgerOf(2, new MemoryCatalogStore({ now: () => new Date('2026-11-21T00:00:00Z') }));
    const r = await run(depsOf(forged));
    expect(brokenAt(r.outcome)).toMatchObject({
      seq: 2,
      reason: expect.stringMatching(
        /entry 2 no longer has the hash the public export .*head-0000000002\.json ends with/,
      ),
    });
  });

  it('an entry appended while the ledger is read is no missing entry', async () => {
    const catalog = await ledgerOf(2);
    // The append lands right after the entries were read (head document and entry 3 both newer).
    const racing = Object.create(catalog) as MemoryCatalogStore;
    let raced = false;
    racing.listDocs = async (...args: Parameters<MemoryCatalogStore['listDocs']>) => {
      const page = await catalog.listDocs(...args);
      if (args[0] === 'audit' && !raced) {
        raced = true;
        await appendAudit({ catalog, clock }, entry(3));
      }
      return page as never;
    };
    const r = await run(depsOf(racing));
    expect(r.outcome).toMatchObject({ status: 'fulfilled', value: { valid: true, stored: 2, seq: 2 } });
    raced = false;
    expect(await verifyLedger({ catalog: racing, clock })).toMatchObject({ valid: true, headConsistent: true });
  });
});

describe('maintenance handler: audit-ledger-export', () => {
  const install = (catalog: MemoryCatalogStore) =>
    installReleaseDeps({
      catalog,
      blobs,
      clock,
      publishedFiles: { reconcile: async () => ({}) },
    } as unknown as ReleaseDeps);

  it('emits AuditLedgerValid 1 and the export lag for an intact ledger', async () => {
    const added = vi.spyOn(metrics, 'addMetric');
    const published = vi.spyOn(metrics, 'publishStoredMetrics');
    install(await ledgerOf(2));
    const { handler } = await import('../../functions/handlers/maintenance.ts');
    await expect(handler({ task: 'audit-ledger-export' })).resolves.toMatchObject({ valid: true, seq: 2 });
    expect(added.mock.calls).toEqual([
      [LEDGER_CHECK_METRICS.valid, 'Count', 1],
      [LEDGER_CHECK_METRICS.exportLag, 'Count', 0],
    ]);
    expect(published).toHaveBeenCalledTimes(1);
  });

  it('emits AuditLedgerValid 0, publishes it, then fails the run for a broken ledger', async () => {
    const added = vi.spyOn(metrics, 'addMetric');
    const published = vi.spyOn(metrics, 'publishStoredMetrics');
    const catalog = await ledgerOf(3);
    const stored = await catalog.getDoc<Record<string, unknown>>('audit', auditDocId(1));
    await catalog.putDoc('audit', auditDocId(1), { ...stored?.value, subject: 'forged' }, stored?.revision ?? 0);
    install(catalog);
    const { handler } = await import('../../functions/handlers/maintenance.ts');
    await expect(handler({ task: 'audit-ledger-export' })).rejects.toThrow(
      /the audit ledger does not verify: entry 1: .*altered/,
    );
    expect(added.mock.calls).toEqual([
      [LEDGER_CHECK_METRICS.valid, 'Count', 0],
      [LEDGER_CHECK_METRICS.exportLag, 'Count', 3],
    ]);
    expect(published).toHaveBeenCalledTimes(1);
  });
});
