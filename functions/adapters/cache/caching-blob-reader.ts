import type { BlobStore } from '../../ports/blob-store.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';

/** The one BlobStore method this cache stands in front of. */
export type BlobReader = Pick<BlobStore, 'readBytes'>;

export interface CachingBlobReaderOptions {
  /** How long an object that was read is answered from memory. */
  readonly ttlMs: number;
  /**
   * How long an absent object or a failed read is answered from memory: shorter, so a page that appears
   * (a first site build) or a store that recovers shows soon, while a burst of requests during a failure
   * still costs one read per key and period, not one per request.
   */
  readonly failureTtlMs: number;
  readonly clock?: Clock;
  /** Keys kept at most (all are dropped when a new one would exceed it); 100 unless told. */
  readonly maxEntries?: number;
}

interface Entry {
  /** Epoch ms until which `value` is answered. */
  until: number;
  readonly value: Promise<Uint8Array | undefined>;
}

/**
 * A read cache of small objects in a process's memory, for a hot path that reads the same few keys on
 * every request (the site's not-found function: one page per language). Concurrent reads of a key share
 * one read. A failed read answers the same failure until `failureTtlMs` has passed. Callers get the same
 * bytes: they must not change them.
 */
export class CachingBlobReader implements BlobReader {
  private readonly entries = new Map<string, Entry>();
  readonly inner: BlobReader;
  readonly ttlMs: number;
  readonly failureTtlMs: number;
  private readonly clock: Clock;
  private readonly maxEntries: number;

  constructor(inner: BlobReader, options: CachingBlobReaderOptions) {
    if (!(options.failureTtlMs >= 0 && options.ttlMs >= options.failureTtlMs)) {
      throw new Error(
        `invalid cache lifetimes: ttlMs ${options.ttlMs}, failureTtlMs ${options.failureTtlMs}\nhint: both are milliseconds, and a failure is kept no longer than an object`,
      );
    }
    this.inner = inner;
    this.ttlMs = options.ttlMs;
    this.failureTtlMs = options.failureTtlMs;
    this.clock = options.clock ?? systemClock;
    this.maxEntries = options.maxEntries ?? 100;
  }

  readBytes(key: string): Promise<Uint8Array | undefined> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now < hit.until) return hit.value;
    if (!hit && this.entries.size >= this.maxEntries) this.entries.clear();
    const entry: Entry = { until: now + this.ttlMs, value: this.inner.readBytes(key) };
    this.entries.set(key, entry);
    const shorten = () => {
      entry.until = Math.min(entry.until, now + this.failureTtlMs);
    };
    entry.value.then((bytes) => {
      if (bytes === undefined) shorten();
    }, shorten);
    return entry.value;
  }
}
