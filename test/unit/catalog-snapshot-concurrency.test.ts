import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import { MemoryCounters } from '../../functions/adapters/memory/memory-counters.ts';
import { noCatalogEvents } from '../../functions/ports/catalog-events.ts';
import { buildSnapshot, SNAPSHOT_CONCURRENCY } from '../../functions/usecases/build-snapshot.ts';
import type { Deps } from '../../functions/usecases/deps.ts';
import { mapConcurrently } from '../../functions/usecases/map-concurrently.ts';
import { sampleEntry, sampleVersion } from '../support/catalog-samples.ts';

/**
 * The catalogue snapshot at a thousand datasets: each dataset costs a query and a preview read, so
 * they are read SNAPSHOT_CONCURRENCY at a time, not one after the other (which outlasted the 30 s
 * function that ran it), and the snapshot still lists them in id order.
 */
const clock = { now: () => new Date('2026-11-22T10:00:00Z') };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snapshot-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('catalogue snapshot: bounded concurrency', () => {
  it('reads previews 16 at a time, in dataset order in the result', async () => {
    const catalog = new MemoryCatalogStore(clock);
    const files = new FsBlobStore(join(dir, 'published'));
    const ids = Array.from({ length: 60 }, (_, i) => `ds-${String(59 - i).padStart(2, '0')}`);
    for (const id of ids) {
      const key = `datasets/${id}/v000001/preview.json`;
      await files.putBytes(key, JSON.stringify({ columns: ['code'], rows: [[id]] }), {
        contentType: 'application/json',
      });
      await catalog.putDataset({ ...sampleEntry(id), latestVersion: 1, versionCount: 1 }, 0);
      await catalog.createVersion({
        ...sampleVersion(id, 1),
        state: 'published',
        publishedAt: '2026-11-01T00:00:00.000Z',
        artifacts: [
          {
            name: 'preview.json',
            key,
            format: 'meta',
            mediaType: 'application/json',
            bytes: 1,
            sha256: 'c'.repeat(64),
          },
        ],
      });
    }
    let inFlight = 0;
    let most = 0;
    const blobs = Object.create(files) as FsBlobStore;
    blobs.readBytes = async (key: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      try {
        return await files.readBytes(key);
      } finally {
        inFlight--;
      }
    };
    const deps = {
      catalog,
      blobs,
      clock,
      counters: new MemoryCounters(clock),
      events: noCatalogEvents,
      publicBaseUrl: 'https://opendata.example.gov',
    } as unknown as Deps;
    const listed: string[] = [];
    const listVersions = catalog.listVersions.bind(catalog);
    catalog.listVersions = async (id: string) => {
      listed.push(id);
      return listVersions(id);
    };
    const snapshot = await buildSnapshot(deps);
    // The catalogue is read once: the scorecards take the versions the dataset pages read.
    expect(listed.sort()).toEqual([...ids].sort());
    expect(snapshot.datasets.map((d) => d.entry.id)).toEqual([...ids].sort());
    expect(snapshot.datasets[0]?.preview).toEqual({ columns: ['code'], rows: [['ds-00']] });
    expect(most).toBe(SNAPSHOT_CONCURRENCY);
  });
});

describe('mapConcurrently', () => {
  it('keeps the order of its input, never runs more than the limit, and rejects on the first failure', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapConcurrently([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
    await expect(
      mapConcurrently([1, 2, 3], 3, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
