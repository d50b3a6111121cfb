import { type Clock, systemClock } from '../../ports/clock.ts';

export interface TtlCacheOptions<T> {
  /** How long a loaded value is answered from memory. */
  readonly ttlMs: number;
  /**
   * How long a failed load, or a value `shortLived` picks, is answered from memory; no longer than `ttlMs`.
   * 0 (the default): a failed load is dropped, so the next `get` loads again.
   */
  readonly failureTtlMs?: number;
  /** A loaded value kept `failureTtlMs` only (an absent object that may soon appear); none unless told. */
  readonly shortLived?: (value: T) => boolean;
  readonly clock?: Clock;
  /** Keys kept at most: all are dropped when a new one would exceed it. */
  readonly maxEntries: number;
}

interface Entry<T> {
  /** Epoch ms until which `value` is answered. */
  until: number;
  readonly value: Promise<T>;
}

/**
 * Promises of loaded values by key, in a process's memory, each answered until its lifetime ends on the
 * clock. Concurrent gets of a key share one load. Callers get the same value: they must not change it.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  readonly ttlMs: number;
  readonly failureTtlMs: number;
  private readonly shortLived: ((value: T) => boolean) | undefined;
  private readonly clock: Clock;
  private readonly maxEntries: number;

  constructor(options: TtlCacheOptions<T>) {
    const failureTtlMs = options.failureTtlMs ?? 0;
    if (!(failureTtlMs >= 0 && options.ttlMs >= failureTtlMs)) {
      throw new Error(
        `invalid cache lifetimes: ttlMs ${options.ttlMs}, failureTtlMs ${failureTtlMs}\nhint: both are milliseconds, and a failure is kept no longer than an object`,
      );
    }
    this.ttlMs = options.ttlMs;
    this.failureTtlMs = failureTtlMs;
    this.shortLived = options.shortLived;
    this.clock = options.clock ?? systemClock;
    this.maxEntries = options.maxEntries;
  }

  /** The key's value: the one in memory while it lives, else `load()`'s (kept from now on). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now < hit.until) return hit.value;
    if (!hit && this.entries.size >= this.maxEntries) this.entries.clear();
    const entry: Entry<T> = { until: now + this.ttlMs, value: load() };
    this.entries.set(key, entry);
    const shorten = () => {
      if (this.failureTtlMs > 0) entry.until = Math.min(entry.until, now + this.failureTtlMs);
      // Only this load's entry: the key may have been dropped and loaded again meanwhile.
      else if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    entry.value.then((value) => {
      if (this.shortLived?.(value)) shorten();
    }, shorten);
    return entry.value;
  }

  /** Drops the keys' values, so their next get loads again. */
  delete(...keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }
}
