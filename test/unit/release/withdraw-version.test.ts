import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../functions/adapters/local/fs-blob-store.ts';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { MemoryCounters } from '../../../functions/adapters/memory/memory-counters.ts';
import { MemoryPublishedFileAccess } from '../../../functions/adapters/memory/memory-published-file-access.ts';
import type { Principal } from '../../../functions/core/release/principal.ts';
import { noCatalogEvents } from '../../../functions/ports/catalog-events.ts';
import type { PublishedFileAccess } from '../../../functions/ports/published-file-access.ts';
import { readLedger } from '../../../functions/usecases/release/audit-ledger.ts';
import type { ReleaseDeps } from '../../../functions/usecases/release/deps.ts';
import { withdrawVersion } from '../../../functions/usecases/release/withdraw-version.ts';
import { sampleEntry, sampleVersion } from '../../support/catalog-samples.ts';

const approver: Principal = { id: 'ann', admin: false, grants: [{ role: 'approver', department: 'stats' }] };
const admin: Principal = { id: 'root', admin: true, grants: [] };
const publisher: Principal = { id: 'pat', admin: false, grants: [{ role: 'publisher', department: 'stats' }] };

let dir: string;
let catalog: MemoryCatalogStore;
let files: MemoryPublishedFileAccess;

/** What the use case touches: the catalogue, the clock, the file access port, and (for the exports) blobs and events. */
function depsWith(publishedFiles: PublishedFileAccess): ReleaseDeps {
  return {
    catalog,
    publishedFiles,
    blobs: new FsBlobStore(join(dir, 'published')),
    clock: { now: () => new Date('2026-11-22T00:00:00Z') },
    events: noCatalogEvents,
    publicBaseUrl: 'http://localhost:8787',
  } as unknown as ReleaseDeps;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'withdraw-'));
  catalog = new MemoryCatalogStore();
  files = new MemoryPublishedFileAccess();
  await catalog.putDataset({ ...sampleEntry('air'), latestVersion: 2, versionCount: 2 }, 0);
  for (const v of [1, 2]) {
    await catalog.createVersion({
      ...sampleVersion('air', v),
      state: 'published',
      publishedAt: '2026-01-01T00:00:00Z',
    });
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const withdrawnAudits = async () =>
  ((await readLedger({ catalog })) as Array<{ action: string }>).filter((e) => e.action === 'version.withdrawn');

describe('withdrawVersion closes access to the version files', () => {
  it('withdraws exactly the version prefix, after the catalogue says withdrawn', async () => {
    let stateWhenCalled: string | undefined;
    const spy: PublishedFileAccess = {
      publish: (id, version) => files.publish(id, version),
      reconcile: (versions) => files.reconcile(versions),
      withdraw: async (id, version, reason) => {
        stateWhenCalled = (await catalog.getVersion('air', 2))?.value.state;
        await files.withdraw(id, version, reason);
      },
    };
    const v = await withdrawVersion(depsWith(spy), approver, 'air', '2', 'wrong station codes');
    expect(v.state).toBe('withdrawn');
    expect(files.withdrawn).toEqual(['datasets/air/v000002/']);
    // The edge's 410 says why, as the API's does.
    expect(files.reasons).toEqual(['wrong station codes']);
    expect(stateWhenCalled).toBe('withdrawn');
    expect((await catalog.getDataset('air'))?.value.latestVersion).toBe(1);
  });

  it('does not touch the files when the withdrawal is refused', async () => {
    const deps = depsWith(files);
    await expect(withdrawVersion(deps, publisher, 'air', '2', 'not mine to withdraw')).rejects.toMatchObject({
      status: 403,
    });
    await expect(withdrawVersion(deps, approver, 'air', '3', 'no such version')).rejects.toMatchObject({
      status: 404,
    });
    await expect(withdrawVersion(deps, approver, 'air', '2', '')).rejects.toMatchObject({ status: 400 });
    expect(files.withdrawn).toEqual([]);
  });

  it('a retry by the same principal after a failed file step resumes: files withdrawn, one audit entry', async () => {
    let failures = 1;
    const flaky: PublishedFileAccess = {
      publish: (id, version) => files.publish(id, version),
      reconcile: (versions) => files.reconcile(versions),
      withdraw: async (id, version, reason) => {
        if (failures-- > 0) throw new Error('CloudFront throttled');
        await files.withdraw(id, version, reason);
      },
    };
    const deps = depsWith(flaky);
    await expect(withdrawVersion(deps, approver, 'air', '2', 'privacy incident')).rejects.toThrow(/throttled/);
    expect((await catalog.getVersion('air', 2))?.value.state).toBe('withdrawn');
    expect(files.withdrawn).toEqual([]);

    const again = await withdrawVersion(deps, approver, 'air', '2', 'privacy incident');
    // The record names the department the approver acted for, never the person.
    expect(again.withdrawn).toEqual({ by: 'stats', reason: 'privacy incident', at: '2026-11-22T00:00:00.000Z' });
    expect(files.withdrawn).toEqual(['datasets/air/v000002/']);
    // Safe to repeat: marks and purges again.
    await withdrawVersion(deps, approver, 'air', '2', 'privacy incident');
    expect(files.withdrawn).toEqual(['datasets/air/v000002/', 'datasets/air/v000002/']);
    expect(await withdrawnAudits()).toHaveLength(1);
    expect((await catalog.getDataset('air'))?.value.latestVersion).toBe(1);
  });

  it('anyone else withdrawing an already withdrawn version still gets 409, and nothing is re-done', async () => {
    const deps = depsWith(files);
    await withdrawVersion(deps, approver, 'air', '2', 'privacy incident');
    await expect(withdrawVersion(deps, admin, 'air', '2', 'again, by someone else')).rejects.toMatchObject({
      status: 409,
    });
    expect(files.withdrawn).toEqual(['datasets/air/v000002/']);
  });
});

describe('withdrawVersion: what is derived from the whole catalogue', () => {
  const snapshotOf = (deps: ReleaseDeps) => deps.blobs.readBytes('catalog/snapshot.json');
  const ledgerExports = (deps: ReleaseDeps) => deps.blobs.list('datasets/_audit/');
  const withCounters = (deps: ReleaseDeps): ReleaseDeps =>
    ({ ...deps, counters: new MemoryCounters(deps.clock) }) as ReleaseDeps;

  it('with a maintenance queue (AWS) answers once the version is closed, and queues the snapshot and ledger export', async () => {
    const queued: Array<[string, number, string[], string | undefined]> = [];
    const deps: ReleaseDeps = {
      ...withCounters(depsWith(files)),
      maintenance: {
        afterWithdrawal: async (id, version) => {
          queued.push([id, version, [...files.withdrawn], (await catalog.getVersion(id, version))?.value.state]);
        },
      },
    };
    await withdrawVersion(deps, approver, 'air', '2', 'privacy incident');
    // Queued after the files were closed and the catalogue said withdrawn; nothing rebuilt in the request.
    expect(queued).toEqual([['air', 2, ['datasets/air/v000002/'], 'withdrawn']]);
    expect(await snapshotOf(deps)).toBeUndefined();
    expect(await ledgerExports(deps)).toEqual([]);
    expect(await withdrawnAudits()).toHaveLength(1);
  });

  it('a queue that fails does not fail the withdrawal (the hourly refresh repairs it)', async () => {
    const deps: ReleaseDeps = {
      ...depsWith(files),
      maintenance: {
        afterWithdrawal: async () => {
          throw new Error('EventBridge throttled');
        },
      },
    };
    const v = await withdrawVersion(deps, approver, 'air', '2', 'privacy incident');
    expect(v.state).toBe('withdrawn');
    expect(files.withdrawn).toEqual(['datasets/air/v000002/']);
  });

  it('without a queue (local platform) rebuilds the snapshot and exports the ledger within the request', async () => {
    const deps = withCounters(depsWith(files));
    await withdrawVersion(deps, approver, 'air', '2', 'privacy incident');
    const snapshot = JSON.parse(Buffer.from((await snapshotOf(deps)) ?? new Uint8Array()).toString('utf8')) as {
      datasets: Array<{ entry: { latestVersion: number } }>;
    };
    expect(snapshot.datasets[0]?.entry.latestVersion).toBe(1);
    expect((await ledgerExports(deps)).length).toBeGreaterThan(0);
  });
});
