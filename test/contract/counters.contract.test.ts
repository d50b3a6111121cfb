import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCounters } from '../../functions/adapters/aws/dynamodb-counters.ts';
import { MemoryCounters } from '../../functions/adapters/memory/memory-counters.ts';
import { startDynalite } from '../../functions/local/standins/dynalite.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import type { Counters } from '../../functions/ports/counters.ts';

/** One contract, every Counters adapter: memory, and DynamoDB (UpdateItem ADD) against embedded dynalite. */
const T0 = Date.parse('2026-11-22T10:00:00Z');
const clock = { t: T0 };
const testClock: Clock = { now: () => new Date(clock.t) };

const adapters: Array<{ name: string; setup: () => Promise<{ counters: Counters; teardown: () => Promise<void> }> }> = [
  {
    name: 'MemoryCounters',
    setup: async () => ({ counters: new MemoryCounters(testClock), teardown: async () => {} }),
  },
  {
    name: 'DynamoDbCounters (dynalite)',
    setup: async () => {
      const d = await startDynalite({ table: 'counters' });
      return { counters: new DynamoDbCounters(d.client, 'counters', testClock), teardown: d.stop };
    },
  },
];

for (const adapter of adapters) {
  describe(`Counters contract: ${adapter.name}`, () => {
    let counters: Counters;
    let teardown: () => Promise<void>;
    const later = () => new Date(clock.t + 3_600_000);
    beforeAll(async () => {
      ({ counters, teardown } = await adapter.setup());
    });
    afterAll(() => teardown());

    it('starts at zero and returns the new value of each increment', async () => {
      expect(await counters.get('g1|a')).toBe(0);
      expect(await counters.increment('g1|a', 1, later())).toBe(1);
      expect(await counters.increment('g1|a', 5, later())).toBe(6);
      expect(await counters.get('g1|a')).toBe(6);
    });

    it('counts every one of many concurrent increments exactly once (atomic ADD)', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => counters.increment('g1|race', 1, later())));
      expect(await counters.get('g1|race')).toBe(50);
      // Every caller saw a distinct new value: what a limiter needs to hand out distinct tokens.
      expect(new Set(results).size).toBe(50);
      expect(Math.max(...results)).toBe(50);
    });

    it('lists the live counters of one group by name, and no other group', async () => {
      await counters.increment('g2|b', 2, later());
      await counters.increment('g2|a', 3, later());
      await counters.increment('g20|x', 1, later());
      expect(await counters.list('g2')).toEqual([
        { name: 'a', value: 3 },
        { name: 'b', value: 2 },
      ]);
      expect(await counters.list('nothing-here')).toEqual([]);
    });

    it('treats expired counters as absent, and restarts them from zero', async () => {
      await counters.increment('g3|short', 7, new Date(clock.t + 1_000));
      expect(await counters.get('g3|short')).toBe(7);
      clock.t += 2_000;
      try {
        expect(await counters.get('g3|short')).toBe(0);
        expect(await counters.list('g3')).toEqual([]);
      } finally {
        clock.t = T0;
      }
    });

    it('sets a value once: the first candidate wins for every caller until it expires', async () => {
      const winners = await Promise.all(
        ['x', 'y', 'z'].map((c) => counters.setOnce('salt|d1', c, new Date(clock.t + 1_000))),
      );
      expect(new Set(winners).size).toBe(1);
      expect(await counters.setOnce('salt|d1', 'later', new Date(clock.t + 1_000))).toBe(winners[0]);
      clock.t += 2_000;
      try {
        expect(await counters.setOnce('salt|d1', 'fresh', new Date(clock.t + 1_000))).toBe('fresh');
      } finally {
        clock.t = T0;
      }
    });
  });
}
