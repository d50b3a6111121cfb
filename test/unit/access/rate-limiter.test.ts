import { describe, expect, it } from 'vitest';
import { MemoryCounters } from '../../../functions/adapters/memory/memory-counters.ts';
import { formatOfFile } from '../../../functions/core/access/usage-key.ts';
import { FixedWindowLimiter } from '../../../functions/usecases/access/rate-limiter.ts';

const T = Date.parse('2026-11-22T10:00:05Z');
const counters = () => new MemoryCounters({ now: () => new Date(T) });

describe('FixedWindowLimiter', () => {
  it('is exact for small limits (one token per claim) and resets with the window', async () => {
    const l = new FixedWindowLimiter(counters(), { prefix: 'rate', windowMs: 60_000 });
    expect(l.blockSize(60)).toBe(1);
    const r = [];
    for (let i = 0; i < 62; i++) r.push(await l.take('anon:x', 60, T));
    expect(r.filter((x) => x.allowed)).toHaveLength(60);
    expect(r[59]?.remaining).toBe(0);
    expect(r[60]).toMatchObject({ allowed: false, resetSeconds: 55 });
    expect((await l.take('anon:x', 60, T + 60_000)).allowed).toBe(true);
  });

  it('reads where a subject stands without taking a token (peek): from its lease, else the shared counter', async () => {
    const shared = counters();
    const a = new FixedWindowLimiter(shared, { prefix: 'quota', windowMs: 86_400_000 });
    for (let i = 0; i < 3; i++) await a.take('key:k', 40, T);
    expect(await a.peek('key:k', 40, T)).toMatchObject({ allowed: true, remaining: 37 });
    expect(await a.peek('key:k', 40, T)).toMatchObject({ remaining: 37 });
    // Another container has no lease: it reads the counter (the blocks claimed: one token each at this limit).
    const b = new FixedWindowLimiter(shared, { prefix: 'quota', windowMs: 86_400_000 });
    expect(await b.peek('key:k', 40, T)).toMatchObject({ allowed: true, remaining: 37, limit: 40 });
    expect(await b.peek('key:other', 40, T)).toMatchObject({ remaining: 40 });
  });

  it('never lets several containers together exceed the limit, with large blocks', async () => {
    const shared = counters();
    const containers = Array.from(
      { length: 4 },
      () => new FixedWindowLimiter(shared, { prefix: 'rate', windowMs: 60_000 }),
    );
    expect(containers[0]?.blockSize(10_000)).toBe(200);
    let allowed = 0;
    for (let i = 0; i < 12_000; i++)
      if ((await (containers[i % 4] as FixedWindowLimiter).take('key:k', 10_000, T)).allowed) allowed++;
    expect(allowed).toBeLessThanOrEqual(10_000);
    expect(allowed).toBeGreaterThan(10_000 - 4 * 200);
    // One shared-counter write per block, not per request.
    expect(await shared.get(`rate#key:k|${Math.floor(T / 60_000) * 60_000}`)).toBeLessThan(10_000 + 4 * 200 * 2);
  });

  it('hands out distinct tokens to concurrent requests in one container (one claim in flight)', async () => {
    const l = new FixedWindowLimiter(counters(), { prefix: 'rate', windowMs: 60_000 });
    const r = await Promise.all(Array.from({ length: 10 }, () => l.take('anon:y', 5, T)));
    expect(r.filter((x) => x.allowed)).toHaveLength(5);
  });
});

describe('formatOfFile', () => {
  it('names the format of each downloadable file', () => {
    expect(['data.csv', 'data.parquet', 'data.ndjson', 'datapackage.json', 'SHA256SUMS'].map(formatOfFile)).toEqual([
      'csv',
      'parquet',
      'ndjson',
      'datapackage',
      'checksums',
    ]);
  });
});
