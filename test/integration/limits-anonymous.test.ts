import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbCatalogStore } from '../../functions/adapters/aws/dynamodb-catalog-store.ts';
import { startTestPlatform } from '../support/platform.ts';
import { awaitFreshMinute } from '../support/rate-window.ts';

/**
 * Anonymous tier over HTTP: per-client fixed-window limits — the catalogue reads on a budget of their
 * own, everything else on the general one — headers on every response, 429 problem+json.
 */
describe('access tiers: anonymous clients', () => {
  const LIMIT = 6;
  const CATALOG = 8;
  /** A general-budget route (catalogue metadata, not one of the two catalogue reads). */
  const GENERAL = '/v1/datasets/seattle-weather/versions';
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({
      only: ['seattle-weather'],
      anonymousPerMinute: LIMIT,
      anonymousCatalogPerMinute: CATALOG,
    });
    await awaitFreshMinute(20);
  }, 180_000);
  afterAll(() => p?.cleanup());

  const get = async (path: string) => {
    const r = await fetch(`${p.url}${path}`, { redirect: 'manual' });
    await r.arrayBuffer();
    return {
      status: r.status,
      limit: r.headers.get('x-ratelimit-limit'),
      remaining: Number(r.headers.get('x-ratelimit-remaining')),
      reset: Number(r.headers.get('x-ratelimit-reset')),
    };
  };

  it('puts X-RateLimit-* on every API response, errors included, counting down the budget that applied', async () => {
    const general = [];
    for (const path of [
      GENERAL,
      '/v1/datasets/seattle-weather/versions/99',
      '/v1/datasets/seattle-weather/query?$limit=1',
    ])
      general.push(await get(path));
    expect(general.map((s) => s.status)).toEqual([200, 404, 200]);
    expect(general.every((s) => s.limit === String(LIMIT))).toBe(true);
    expect(general.map((s) => s.remaining)).toEqual([LIMIT - 1, LIMIT - 2, LIMIT - 3]);
    // The catalogue reads: their own budget, counted from its top.
    const catalog = [];
    for (const path of ['/v1/datasets/seattle-weather', '/v1/datasets', '/v1/datasets/nope'])
      catalog.push(await get(path));
    expect(catalog.map((s) => s.status)).toEqual([200, 200, 404]);
    expect(catalog.every((s) => s.limit === String(CATALOG))).toBe(true);
    expect(catalog.map((s) => s.remaining)).toEqual([CATALOG - 1, CATALOG - 2, CATALOG - 3]);
    expect([...general, ...catalog].every((s) => s.reset >= 1 && s.reset <= 60)).toBe(true);
  });

  it('gives the catalogue reads their own budget: a burst of searches uses none of the data budget', async () => {
    // As the site's search box does: one GET /v1/datasets?q= per settled query, here more than the budget.
    const seen = [];
    for (const q of ['w', 'we', 'wea', 'weat', 'weath', 'weathe']) seen.push(await get(`/v1/datasets?q=${q}`));
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(seen.at(-1)).toMatchObject({ limit: String(CATALOG), remaining: 0 });
    const refused = await fetch(`${p.url}/v1/datasets/seattle-weather`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/catalogue requests .*\(8\)/);
    // The data routes still have what the first test left them: the searches took nothing from it.
    const data = await get('/v1/datasets/seattle-weather/versions/latest/data.csv');
    expect(data.status).toBe(302);
    expect(data).toMatchObject({ limit: String(LIMIT), remaining: LIMIT - 4 });
  });

  it('answers 429 problem+json with Retry-After once the limit is used up', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${p.url}${GENERAL}`);
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
    expect((await fetch(`${p.url}${GENERAL}`)).status).toBe(429);
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
    expect(text).toContain('CTR#rate#anon-catalog:');
    expect(text).not.toMatch(/127\.0\.0\.1|::ffff|"::1"/);
  });
});
