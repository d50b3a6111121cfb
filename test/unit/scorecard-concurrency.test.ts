import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import { MemoryCounters } from '../../functions/adapters/memory/memory-counters.ts';
import { LIST_CONCURRENCY as SCORECARD_CONCURRENCY } from '../../functions/usecases/catalog-versions.ts';
import type { Deps } from '../../functions/usecases/deps.ts';
import { computeScorecards } from '../../functions/usecases/scorecard.ts';
import { sampleEntry, sampleVersion } from '../support/catalog-samples.ts';

/**
 * The scorecards list every dataset's versions: SCORECARD_CONCURRENCY queries at a time, not one per
 * dataset all at once (a thousand concurrent queries at a thousand datasets), and the result is the
 * same as reading them in order.
 */
const clock = { now: () => new Date('2026-11-22T10:00:00Z') };

async function catalogOf(ids: readonly string[]): Promise<MemoryCatalogStore> {
  const catalog = new MemoryCatalogStore(clock);
  for (const [i, id] of ids.entries()) {
    await catalog.putDataset({ ...sampleEntry(id), latestVersion: 1, versionCount: 1 }, 0);
    await catalog.createVersion({
      ...sampleVersion(id, 1),
      state: 'published',
      // Different ages, so the datasets differ in their scores.
      publishedAt: new Date(Date.UTC(2026, 10, 20 - i)).toISOString(),
    });
  }
  return catalog;
}

const depsOf = (catalog: MemoryCatalogStore) =>
  ({ catalog, clock, counters: new MemoryCounters(clock) }) as unknown as Deps;

describe('scorecards: bounded concurrency', () => {
  it(`lists versions ${SCORECARD_CONCURRENCY} at a time, with the result of reading them in order`, async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `ds-${String(i).padStart(2, '0')}`);
    const expected = await computeScorecards(depsOf(await catalogOf(ids)));

    const plain = await catalogOf(ids);
    const slow = Object.create(plain) as MemoryCatalogStore;
    let inFlight = 0;
    let most = 0;
    slow.listVersions = async (id: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later datasets answer sooner: results must still come back in the datasets' order.
      await new Promise((r) => setTimeout(r, 60 - ids.indexOf(id) / 2));
      try {
        return await plain.listVersions(id);
      } finally {
        inFlight--;
      }
    };
    const cards = await computeScorecards(depsOf(slow));
    expect(most).toBe(SCORECARD_CONCURRENCY);
    expect(cards).toEqual(expected);
    expect(cards.departments[0]?.datasets.map((d) => d.id)).toHaveLength(60);
  });
});
