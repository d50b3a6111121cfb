import { utcDay } from '../../core/access/fixed-window.ts';
import {
  parseUsageName,
  type UsageCount,
  type UsageEvent,
  usageGroup,
  usageName,
} from '../../core/access/usage-key.ts';
import type { Deps } from '../deps.ts';

/** Usage counters are kept ~400 days (DynamoDB TTL); the metrics issue rolls them up. */
const USAGE_RETENTION_MS = 400 * 86_400_000;
const MAX_PENDING = 5_000;

interface UsageBuffer {
  readonly pending: Map<string, number>;
  firstAt: number;
  flushing?: Promise<void>;
}
// Keyed by the counters store, not the deps object: copies of the deps (e.g. with an authenticator
// added) share one buffer, so nothing counted is missed by a flush.
const buffers = new WeakMap<object, UsageBuffer>();

function bufferOf(deps: Deps): UsageBuffer {
  let b = buffers.get(deps.counters);
  if (!b) {
    b = { pending: new Map(), firstAt: 0 };
    buffers.set(deps.counters, b);
  }
  return b;
}

/**
 * Counts one download or query (per dataset, version, format, UTC day and key; `anonymous` without
 * a key). Counts are aggregated in memory and written as atomic increments at most every
 * `usageFlushMs`, so a busy container writes one counter per distinct combination per interval.
 */
export async function recordUsage(deps: Deps, event: UsageEvent): Promise<void> {
  const now = deps.clock.now().getTime();
  const b = bufferOf(deps);
  const k = `${usageGroup(utcDay(now))}|${usageName(event)}`;
  if (b.pending.size === 0) b.firstAt = now;
  b.pending.set(k, (b.pending.get(k) ?? 0) + 1);
  if (now - b.firstAt >= deps.access.usageFlushMs || b.pending.size >= MAX_PENDING) await flushUsage(deps);
}

/** Writes the buffered counts (the local platform calls it at stop; tests call it before reading). */
export async function flushUsage(deps: Deps): Promise<void> {
  const b = bufferOf(deps);
  if (b.flushing) await b.flushing;
  if (b.pending.size === 0) return;
  const batch = [...b.pending];
  b.pending.clear();
  const expiresAt = new Date(deps.clock.now().getTime() + USAGE_RETENTION_MS);
  b.flushing = (async () => {
    const failed: Array<[string, number]> = [];
    // Bounded parallelism: 16 increments at a time.
    for (let i = 0; i < batch.length; i += 16) {
      const slice = batch.slice(i, i + 16);
      const results = await Promise.allSettled(slice.map(([k, n]) => deps.counters.increment(k, n, expiresAt)));
      results.forEach((r, j) => {
        if (r.status === 'rejected') failed.push(slice[j] as [string, number]);
      });
    }
    // Put failed counts back for the next flush (bounded by MAX_PENDING).
    for (const [k, n] of failed) {
      if (b.pending.size >= MAX_PENDING) break;
      if (b.pending.size === 0) b.firstAt = deps.clock.now().getTime();
      b.pending.set(k, (b.pending.get(k) ?? 0) + n);
    }
  })().finally(() => {
    b.flushing = undefined;
  });
  await b.flushing;
}

/** The usage counts of one UTC day (`YYYY-MM-DD`), for reports and the metrics issue. */
export async function usageOfDay(deps: Deps, day: string): Promise<UsageCount[]> {
  const rows = await deps.counters.list(usageGroup(day));
  return rows.flatMap((r) => parseUsageName(day, r.name, r.value) ?? []);
}
