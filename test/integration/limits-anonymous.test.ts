import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbCatalogStore } from '../../functions/adapters/aws/dynamodb-catalog-store.ts';
import { startTestPlatform } from '../support/platform.ts';
import { awaitFreshMinute } from '../support/rate-window.ts';

/** Anonymous tier over HTTP: per-client fixed-window limit, headers on every response, 429 problem+json. */
describe('access tiers: anonymous clients', () => {
  const LIMIT = 6;
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['seattle-weather'], anonymousPerMinute: LIMIT });
    await awaitFreshMinute();
  }, 180_000);
  afterAll(() => p?.cleanup());

  it('puts X-RateLimit-* on every API response, errors included, counting down', async () => {
    const paths = [
      '/v1/datasets/seattle-weather',
      '/v1/datasets',
      '/v1/datasets/nope',
      '/v1/datasets/seattle-weather/query?$limit=1',
    ];
    const seen: Array<{ status: number; limit: string | null; remaining: number; reset: number }> = [];
    for (const path of paths) {
      const r = await fetch(`${p.url}${path}`);
      await r.arrayBuffer();
      seen.push({
        status: r.status,
        limit: r.headers.get('x-ratelimit-limit'),
        remaining: Number(r.headers.get('x-ratelimit-remaining')),
        reset: Number(r.headers.get('x-ratelimit-reset')),
      });
    }
    expect(seen.map((s) => s.status)).toEqual([200, 200, 404, 200]);
    expect(seen.every((s) => s.limit === String(LIMIT))).toBe(true);
    expect(seen.map((s) => s.remaining)).toEqual([LIMIT - 1, LIMIT - 2, LIMIT - 3, LIMIT - 4]);
    expect(seen.every((s) => s.reset >= 1 && s.reset <= 60)).toBe(true);
  });

  it('answers 429 problem+json with Retry-After once the limit is used up', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${p.url}/v1/datasets`);
      statuses.push(last.status);
      if (i < 3) await last.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    const r = last as Response;
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(r.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(r.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    const body = (await r.json()) as { type: string; status: number; retryAfter: number; detail: string };
    expect(body.type).toBe('/problems/rate-limited');
    expect(body.status).toBe(429);
    expect(body.retryAfter).toBe(retryAfter);
    expect(body.detail).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('does not count /v1/health and /v1/openapi.json against the anonymous limit: a monitor still sees the platform up', async () => {
    // The limit is used up (the test above): other routes answer 429, these two answer, without limit headers.
    expect((await fetch(`${p.url}/v1/datasets`)).status).toBe(429);
    for (const path of ['/v1/health', '/v1/openapi.json']) {
      for (let i = 0; i < LIMIT + 2; i++) {
        const r = await fetch(`${p.url}${path}`);
        await r.arrayBuffer();
        expect(r.status, `${path} #${i}`).toBe(200);
        expect(r.headers.get('x-ratelimit-limit'), path).toBeNull();
      }
    }
  });

  it('does not let a made-up API key escape the anonymous limit: 401, and still counted', async () => {
    const r = await fetch(`${p.url}/v1/health`, {
      headers: { 'x-api-key': 'odk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeTruthy();
  });

  it('stores no client address: only salted hashes in counter keys', async () => {
    // The local platform's catalog is the DynamoDB adapter on dynalite: scan the whole table.
    const { client } = p.deps.catalog as DynamoDbCatalogStore;
    const items = (await client.send(new ScanCommand({ TableName: 'opendata' }))).Items ?? [];
    const text = JSON.stringify(items);
    expect(text).toContain('CTR#rate#anon:');
    expect(text).not.toMatch(/127\.0\.0\.1|::ffff|"::1"/);
  });
});
