import { describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../functions/adapters/aws/s3-blob-store.ts';
import { type BlobReader, CachingBlobReader } from '../../functions/adapters/cache/caching-blob-reader.ts';
import { builtInNotFoundPage } from '../../functions/core/site/not-found-page.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import { NOT_FOUND_MAX_AGE_SECONDS, siteNotFound } from '../../functions/usecases/site-not-found.ts';
import { composeSiteNotFoundDeps, NOT_FOUND_FAILED_READ_TTL_MS } from '../../functions/wiring/site-not-found-deps.ts';

/**
 * The site's not-found function keeps each language's page in memory (CloudFront sends it every 403/404
 * of the site bucket, so without a cache a crawler's unknown paths cost one S3 read each): its use case
 * in front of a store that counts its reads, on a clock the test moves.
 */
const ZH = '<!doctype html><html lang="zh-CN"><title>页面不存在</title></html>';
const EN = '<!doctype html><html lang="en"><title>Page not found</title></html>';
const PAGE_TTL_MS = 60_000;
const FAILURE_TTL_MS = 5_000;

class FakeClock implements Clock {
  t = Date.parse('2025-06-01T00:00:00Z');
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** The site bucket: pages by key, reads counted by key; `fail` makes every read throw like S3's AccessDenied. */
class CountingSite implements BlobReader {
  readonly pages = new Map<string, string>([
    ['404.html', ZH],
    ['en/404.html', EN],
  ]);
  readonly reads = new Map<string, number>();
  fail = false;
  async readBytes(key: string): Promise<Uint8Array | undefined> {
    this.reads.set(key, (this.reads.get(key) ?? 0) + 1);
    await Promise.resolve();
    if (this.fail) throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const page = this.pages.get(key);
    return page === undefined ? undefined : new TextEncoder().encode(page);
  }
  count(key: string): number {
    return this.reads.get(key) ?? 0;
  }
}

function setup() {
  const clock = new FakeClock();
  const store = new CountingSite();
  const site = new CachingBlobReader(store, { ttlMs: PAGE_TTL_MS, failureTtlMs: FAILURE_TTL_MS, clock });
  return { clock, store, ask: (path: string) => siteNotFound({ site }, path) };
}

describe('site not-found page cache', () => {
  it('reads each language page once per minute, however many unknown paths are asked for', async () => {
    const { clock, store, ask } = setup();
    for (let i = 0; i < 50; i++) {
      expect((await ask(`/datasets/scan-${i}/index.html`)).html).toBe(ZH);
      expect((await ask(`/en/datasets/scan-${i}/index.html`)).html).toBe(EN);
      clock.advance(1_000);
    }
    // 50 s of requests: one read per language.
    expect(store.count('404.html')).toBe(1);
    expect(store.count('en/404.html')).toBe(1);
  });

  it('shows a newly built page once the minute has passed, not before', async () => {
    const { clock, store, ask } = setup();
    await ask('/x/index.html');
    store.pages.set('404.html', '<!doctype html><title>new build</title>');
    clock.advance(PAGE_TTL_MS - 1);
    expect((await ask('/x/index.html')).html).toBe(ZH);
    clock.advance(1);
    expect((await ask('/x/index.html')).html).toBe('<!doctype html><title>new build</title>');
    expect(store.count('404.html')).toBe(2);
  });

  it('sends the built-in page while the read fails, keeps the failure seconds only, then the site page again', async () => {
    const { clock, store, ask } = setup();
    store.fail = true;
    const failed = await ask('/en/missing/index.html');
    expect(failed).toMatchObject({ source: 'built-in', problem: 'AccessDenied' });
    expect(failed.html).toBe(builtInNotFoundPage('en'));
    // Within the failure's few seconds: the same built-in answer, without asking S3 again.
    clock.advance(FAILURE_TTL_MS - 1);
    expect((await ask('/en/other/index.html')).source).toBe('built-in');
    expect(store.count('en/404.html')).toBe(1);
    // S3 is back: the site's page after seconds, not after the page's minute.
    store.fail = false;
    clock.advance(1);
    expect(await ask('/en/other/index.html')).toMatchObject({ source: 'site', html: EN });
    expect(store.count('en/404.html')).toBe(2);
    // And that one is kept the full minute.
    clock.advance(PAGE_TTL_MS - 1);
    await ask('/en/again/index.html');
    expect(store.count('en/404.html')).toBe(2);
  });

  it('keeps an absent page (no site build yet) seconds only too', async () => {
    const { clock, store, ask } = setup();
    store.pages.delete('404.html');
    expect(await ask('/a/index.html')).toMatchObject({ source: 'built-in', problem: 'absent' });
    store.pages.set('404.html', ZH);
    clock.advance(FAILURE_TTL_MS);
    expect(await ask('/a/index.html')).toMatchObject({ source: 'site', html: ZH });
    expect(store.count('404.html')).toBe(2);
  });

  it('shares one read between concurrent requests for a language', async () => {
    const { store, ask } = setup();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(`/p${i}/index.html`)));
    expect(answers.every((a) => a.html === ZH)).toBe(true);
    expect(store.count('404.html')).toBe(1);
  });

  it('refuses lifetimes that would keep a failure longer than a page', () => {
    expect(() => new CachingBlobReader(new CountingSite(), { ttlMs: 1_000, failureTtlMs: 5_000 })).toThrow(
      /invalid cache lifetimes.*\nhint:/,
    );
  });

  it('is how AWS composes the function: the page kept as long as its Cache-Control max-age, a failure seconds', () => {
    const { site } = composeSiteNotFoundDeps({ SITE_BUCKET: 'opendata-site', AWS_REGION: 'us-east-1' });
    expect(site).toBeInstanceOf(CachingBlobReader);
    const cache = site as CachingBlobReader;
    expect(cache.inner).toBeInstanceOf(S3BlobStore);
    expect(cache.ttlMs).toBe(NOT_FOUND_MAX_AGE_SECONDS * 1000);
    expect(cache.ttlMs).toBe(PAGE_TTL_MS);
    expect(cache.failureTtlMs).toBe(NOT_FOUND_FAILED_READ_TTL_MS);
    expect(cache.failureTtlMs).toBeLessThanOrEqual(10_000);
  });
});
