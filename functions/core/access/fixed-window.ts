/** Fixed windows: counters reset at the start of each window (minute or UTC day). */
export interface Window {
  /** Window start, epoch ms: part of the counter key. */
  readonly start: number;
  /** Window end, epoch ms. */
  readonly end: number;
  /** Seconds until the window ends, rounded up (>= 1): `X-RateLimit-Reset` and `Retry-After`. */
  readonly resetSeconds: number;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export function windowOf(nowMs: number, lengthMs: number): Window {
  const start = Math.floor(nowMs / lengthMs) * lengthMs;
  const end = start + lengthMs;
  return { start, end, resetSeconds: Math.max(1, Math.ceil((end - nowMs) / 1000)) };
}

/** `2026-11-22`: the UTC day, for daily quotas, salts and usage counts. */
export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}
