import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import { MemoryCounters } from '../../functions/adapters/memory/memory-counters.ts';
import { SITE_BUILD_MARKER_KEY, SNAPSHOT_KEY } from '../../functions/core/catalog/artifact-keys.ts';
import { noCatalogEvents } from '../../functions/ports/catalog-events.ts';
import type { CommittedVersion } from '../../functions/ports/published-file-access.ts';
import { type MaintenanceDeps, runHourlyMaintenance } from '../../functions/usecases/maintenance.ts';
import { sampleEntry, sampleVersion } from '../support/catalog-samples.ts';

/** The maintenance function's hourly run: the files gate first, then the snapshot, then stalled publications. */
const clock = { now: () => new Date('2026-11-22T10:00:00Z') };
let dir: string;
let log: string[];

async function depsWith(reconcile: (v: readonly CommittedVersion[]) => Promise<{ opened: number; closed: number }>) {
  const catalog = new MemoryCatalogStore(clock);
  await catalog.putDataset({ ...sampleEntry('air'), latestVersion: 1, versionCount: 2 }, 0);
  await catalog.createVersion({ ...sampleVersion('air', 1), state: 'published', publishedAt: '2026-11-01T00:00:00Z' });
  await catalog.createVersion({
    ...sampleVersion('air', 2),
    state: 'withdrawn',
    publishedAt: '2026-11-02T00:00:00Z',
    withdrawn: { reason: 'privacy incident', at: '2026-11-03T00:00:00Z', by: 'ann' },
  });
  const files = new FsBlobStore(join(dir, 'published'));
  const blobs = Object.create(files) as FsBlobStore;
  blobs.putBytes = async (...args: Parameters<FsBlobStore['putBytes']>) => {
    log.push(`write ${args[0]}`);
    return files.putBytes(...args);
  };
  return {
    catalog,
    blobs,
    clock,
    counters: new MemoryCounters(clock),
    events: noCatalogEvents,
    publicBaseUrl: 'https://opendata.example.gov',
    publishedFiles: { reconcile },
    publication: { enqueue: async (id: string) => void log.push(`queue ${id}`) },
  } as unknown as MaintenanceDeps;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maintenance-'));
  log = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hourly maintenance', () => {
  it('reconciles the files gate before it rewrites the snapshot', async () => {
    const deps = await depsWith(async (versions) => {
      log.push(`gate ${versions.map((v) => `${v.datasetId}/${v.version}:${v.state}`).join(',')}`);
      return { opened: 0, closed: 1 };
    });
    const out = await runHourlyMaintenance(deps);
    expect(out).toEqual({ gate: { versions: 2, opened: 0, closed: 1 }, changed: true, resumed: [] });
    expect(log).toEqual(['gate air/1:published,air/2:withdrawn', 'write catalog/snapshot.json']);
  });

  it('a failing gate does not stop the snapshot refresh, and the run still fails (error alarm)', async () => {
    const deps = await depsWith(async () => {
      throw new Error('KeyValueStore throttled');
    });
    await expect(runHourlyMaintenance(deps)).rejects.toThrow(/1 hourly maintenance step\(s\) failed/);
    expect(log).toEqual(['write catalog/snapshot.json']);
  });
});

describe('hourly maintenance and the site build', () => {
  it('reads the stored snapshot once: the refresh passes its sha256 on to the site build check', async () => {
    const deps = await depsWith(async () => ({ opened: 0, closed: 0 }));
    const starts: string[] = [];
    const reads: string[] = [];
    const blobs = deps.blobs as FsBlobStore;
    const readBytes = blobs.readBytes.bind(blobs);
    blobs.readBytes = async (key: string) => {
      reads.push(key);
      return readBytes(key);
    };
    const start = async () => {
      starts.push('start');
      return 'started' as const;
    };
    const withSite = { ...deps, siteBuild: { start } };
    expect((await runHourlyMaintenance(withSite)).changed).toBe(true); // announced: its event builds the site
    expect(starts).toEqual([]);
    reads.length = 0;
    // Unchanged now, and no build recorded as done: the build is started again, after one snapshot read.
    const out = await runHourlyMaintenance(withSite);
    expect(out).toMatchObject({ changed: false, site: 'started' });
    expect(reads.filter((k) => k === SNAPSHOT_KEY)).toHaveLength(1);
    // Once a build of that snapshot is recorded, nothing is started.
    const stored = (await readBytes(SNAPSHOT_KEY)) as Uint8Array;
    const sha256 = createHash('sha256').update(stored).digest('hex');
    await blobs.putBytes(SITE_BUILD_MARKER_KEY, JSON.stringify({ snapshotSha256: sha256 }), {
      contentType: 'application/json',
    });
    expect((await runHourlyMaintenance(withSite)).site).toBe('current');
    expect(starts).toEqual(['start']);
  });
});

describe('maintenance handler', () => {
  it('accepts only its tasks and VersionWithdrawn events', async () => {
    const { handler } = await import('../../functions/handlers/maintenance.ts');
    await expect(handler({ task: 'nope' })).rejects.toThrow(/unknown scheduled task "nope"/);
    await expect(handler({ source: 'opendata.releases', 'detail-type': 'Other', detail: {} })).rejects.toThrow(
      /unknown scheduled task/,
    );
  });
});
