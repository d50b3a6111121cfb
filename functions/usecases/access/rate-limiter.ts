import { type Window, windowOf } from '../../core/access/fixed-window.ts';
import type { Counters } from '../../ports/counters.ts';

export interface LimitResult {
  readonly allowed: boolean;
  readonly limit: number;
  /** Approximate tokens left in the window for this subject (exact when the block size is 1). */
  readonly remaining: number;
  readonly resetSeconds: number;
}

interface Lease {
  readonly windowStart: number;
  /** Next token number this container hands out, and the last one it claimed. */
  next: number;
  end: number;
  /** The shared counter passed the limit: deny without asking DynamoDB until the window ends. */
  exhausted: boolean;
}

/**
 * Fixed-window limiter on shared atomic counters. To keep the per-request cost small at high limits,
 * a container claims tokens in blocks (`ADD n :block`, ~2% of the limit, at most 1,000) and hands
 * them out from memory; a limit of 60/min claims one token per request and is exact. A claimed but
 * unused block counts against the window, so a subject spread over k containers may get up to
 * k × block fewer requests than its limit, never more.
 */
export class FixedWindowLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly claims = new Map<string, Promise<void>>();
  /** Requests waiting for tokens per subject: the next claim covers all of them at once. */
  private readonly demand = new Map<string, number>();
  readonly counters: Counters;
  readonly prefix: string;
  readonly windowMs: number;
  readonly blockFraction: number;
  constructor(counters: Counters, options: { prefix: string; windowMs: number; blockFraction?: number }) {
    this.counters = counters;
    this.prefix = options.prefix;
    this.windowMs = options.windowMs;
    this.blockFraction = options.blockFraction ?? 0.02;
  }

  blockSize(limit: number): number {
    return Math.min(1000, Math.max(1, Math.floor(limit * this.blockFraction)));
  }

  async take(subject: string, limit: number, nowMs: number): Promise<LimitResult> {
    const w = windowOf(nowMs, this.windowMs);
    // Bounded: at most a few claims per request (another request may drain a block we waited for).
    for (let i = 0; i < 8; i++) {
      const lease = this.leases.get(subject);
      if (lease && lease.windowStart === w.start) {
        if (lease.exhausted) return denied(limit, w);
        if (lease.next <= lease.end) {
          const token = lease.next++;
          if (token > limit) {
            lease.exhausted = true;
            return denied(limit, w);
          }
          return { allowed: true, limit, remaining: Math.max(0, limit - token), resetSeconds: w.resetSeconds };
        }
      }
      this.demand.set(subject, (this.demand.get(subject) ?? 0) + 1);
      await this.claim(subject, limit, w);
    }
    return denied(limit, w);
  }

  /**
   * Where a subject stands in the current window, without taking a token: what this container's lease
   * says, else the shared counter (one read). For the headers of an answer refused before this window
   * was asked (a key's quota when its per-minute rate refused the request).
   */
  async peek(subject: string, limit: number, nowMs: number): Promise<LimitResult> {
    const w = windowOf(nowMs, this.windowMs);
    const lease = this.leases.get(subject);
    const used =
      lease && lease.windowStart === w.start
        ? lease.exhausted
          ? limit
          : lease.next - 1
        : await this.counters.get(`${this.prefix}#${subject}|${w.start}`);
    const remaining = Math.max(0, limit - used);
    return { allowed: remaining > 0, limit, remaining, resetSeconds: w.resetSeconds };
  }

  private claim(subject: string, limit: number, w: Window): Promise<void> {
    const pending = this.claims.get(subject);
    if (pending) return pending;
    const p = (async () => {
      // Claim at least one token per waiting request, so concurrent requests are not starved.
      const block = Math.min(1000, Math.max(this.blockSize(limit), this.demand.get(subject) ?? 1));
      this.demand.delete(subject);
      // Counters outlive their window by a minute (TTL), for inspection; they are never read later.
      const value = await this.counters.increment(
        `${this.prefix}#${subject}|${w.start}`,
        block,
        new Date(w.end + 60_000),
      );
      this.prune(w.start);
      this.leases.set(subject, {
        windowStart: w.start,
        next: value - block + 1,
        end: value,
        exhausted: value - block + 1 > limit,
      });
    })().finally(() => this.claims.delete(subject));
    this.claims.set(subject, p);
    return p;
  }

  /** Drops leases of past windows once the map grows (many anonymous clients). */
  private prune(currentStart: number): void {
    if (this.leases.size < 10_000) return;
    for (const [k, l] of this.leases) if (l.windowStart !== currentStart) this.leases.delete(k);
  }
}

function denied(limit: number, w: Window): LimitResult {
  return { allowed: false, limit, remaining: 0, resetSeconds: w.resetSeconds };
}
