import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import { type Counters, splitCounterKey } from '../../ports/counters.ts';

/** In-memory Counters with the DynamoDB adapter's semantics (expired items read as absent). */
export class MemoryCounters implements Counters {
  private readonly items = new Map<string, { value: number | string; expiresAt: number }>();
  private readonly clock: Clock;
  constructor(clock: Clock = systemClock) {
    this.clock = clock;
  }

  private live(key: string) {
    const i = this.items.get(key);
    if (i && i.expiresAt <= this.clock.now().getTime()) {
      this.items.delete(key);
      return undefined;
    }
    return i;
  }

  async increment(key: string, by: number, expiresAt: Date): Promise<number> {
    const cur = this.live(key);
    const value = (typeof cur?.value === 'number' ? cur.value : 0) + by;
    this.items.set(key, { value, expiresAt: expiresAt.getTime() });
    return value;
  }

  async get(key: string): Promise<number> {
    const v = this.live(key)?.value;
    return typeof v === 'number' ? v : 0;
  }

  async list(group: string): Promise<Array<{ name: string; value: number }>> {
    const out: Array<{ name: string; value: number }> = [];
    for (const key of [...this.items.keys()].sort()) {
      const { group: g, name } = splitCounterKey(key);
      const v = this.live(key)?.value;
      if (g === group && typeof v === 'number') out.push({ name, value: v });
    }
    return out;
  }

  async setOnce(key: string, candidate: string, expiresAt: Date): Promise<string> {
    const cur = this.live(key);
    if (typeof cur?.value === 'string') return cur.value;
    this.items.set(key, { value: candidate, expiresAt: expiresAt.getTime() });
    return candidate;
  }
}
