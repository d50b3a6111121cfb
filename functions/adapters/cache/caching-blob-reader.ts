import type { BlobStore } from '../../ports/blob-store.ts';
import type { Clock } from '../../ports/clock.ts';
import { TtlCache } from './ttl-cache.ts';

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
}

/** Keys kept at most (all are dropped when a new one would exceed it): a few pages per language. */
const MAX_ENTRIES = 100;

/**
 * A read cache of small objects in a process's memory, for a hot path that reads the same few keys on
 * every request (the site's not-found function: one page per language). Concurrent reads of a key share
 * one read. A failed read answers the same failure until `failureTtlMs` has passed. Callers get the same
 * bytes: they must not change them.
 */
export class CachingBlobReader implements BlobReader {
  private readonly cache: TtlCache<Uint8Array | undefined>;
  readonly inner: BlobReader;

  constructor(inner: BlobReader, options: CachingBlobReaderOptions) {
    this.inner = inner;
    this.cache = new TtlCache({
      ttlMs: options.ttlMs,
      failureTtlMs: options.failureTtlMs,
      shortLived: (bytes) => bytes === undefined,
      clock: options.clock,
      maxEntries: MAX_ENTRIES,
    });
  }

  get ttlMs(): number {
    return this.cache.ttlMs;
  }
  get failureTtlMs(): number {
    return this.cache.failureTtlMs;
  }

  readBytes(key: string): Promise<Uint8Array | undefined> {
    return this.cache.get(key, () => this.inner.readBytes(key));
  }
}
