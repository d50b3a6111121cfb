import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../../functions/adapters/cache/ttl-cache.ts';

/** A clock the test moves. */
function fakeClock() {
  let t = 1_000_000;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** A load that counts its calls and answers from a script (a value, or an Error to reject with). */
function counted<T>(answers: (T | Error)[]) {
  let calls = 0;
  const load = () => {
    const a = answers[Math.min(calls++, answers.length - 1)] as T | Error;
    return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
  };
  return { load, calls: () => calls };
}

describe('TtlCache as the catalogue store configures it (failures not kept)', () => {
  it('answers from memory until the lifetime ends, sharing one load between concurrent gets', async () => {
    const clock = fakeClock();
    const cache = new TtlCache<string>({ ttlMs: 1_000, clock, maxEntries: 10 });
    const src = counted(['a', 'b']);
    const [x, y] = await Promise.all([cache.get('k', src.load), cache.get('k', src.load)]);
    expect([x, y, src.calls()]).toEqual(['a', 'a', 1]);
    clock.advance(999);
    expect(await cache.get('k', src.load)).toBe('a');
    clock.advance(1);
    expect(await cache.get('k', src.load)).toBe('b');
    expect(src.calls()).toBe(2);
  });

  it('loads again at once after a failure, and keeps an absent value the whole lifetime', async () => {
    const cache = new TtlCache<string | undefined>({ ttlMs: 1_000, clock: fakeClock(), maxEntries: 10 });
    const failing = counted<string>([new Error('throttled'), 'ok']);
    await expect(cache.get('k', failing.load)).rejects.toThrow('throttled');
    expect(await cache.get('k', failing.load)).toBe('ok');
    const absent = counted<string | undefined>([undefined, 'late']);
    expect(await cache.get('a', absent.load)).toBeUndefined();
    expect(await cache.get('a', absent.load)).toBeUndefined();
    expect(absent.calls()).toBe(1);
  });

  it("does not let an old load's late failure drop a newer value of the key", async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, clock: fakeClock(), maxEntries: 10 });
    let fail: (e: Error) => void = () => {};
    const slow = cache.get('k', () => new Promise<string>((_, reject) => (fail = reject)));
    cache.delete('k');
    expect(await cache.get('k', () => Promise.resolve('new'))).toBe('new');
    fail(new Error('late'));
    await expect(slow).rejects.toThrow('late');
    expect(await cache.get('k', () => Promise.resolve('reloaded'))).toBe('new');
  });

  it('drops everything when a new key would pass the size cap', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, clock: fakeClock(), maxEntries: 2 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('c', async () => 'c2')).toBe('c1');
  });
});
