import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { MemoryCounters } from '../../../functions/adapters/memory/memory-counters.ts';
import { anonymousBudgetOf } from '../../../functions/core/access/route-scope.ts';
import { checkAccess } from '../../../functions/usecases/access/check-access.ts';
import {
  DEFAULT_ACCESS_SETTINGS,
  defaultAnonymousCatalogPerMinute,
} from '../../../functions/usecases/access/settings.ts';
import type { Deps } from '../../../functions/usecases/deps.ts';
import { loadConfig } from '../../../functions/wiring/config.ts';

const clock = { now: () => new Date('2026-11-22T10:00:05Z') };
const IP = '203.0.113.9';

function deps(anonymousPerMinute: number, anonymousCatalogPerMinute: number): Deps {
  return {
    catalog: new MemoryCatalogStore(),
    counters: new MemoryCounters(clock),
    clock,
    access: { ...DEFAULT_ACCESS_SETTINGS, anonymousPerMinute, anonymousCatalogPerMinute, admin: { kind: 'iam' } },
  } as unknown as Deps;
}

const SEARCH = { handler: 'catalog', route: 'GET /v1/datasets', admin: false, sourceIp: IP };
const DATASET = { handler: 'catalog', route: 'GET /v1/datasets/{id}', admin: false, sourceIp: IP };
const DOWNLOAD = {
  handler: 'download',
  route: 'GET /v1/datasets/{id}/versions/{version}/{file}',
  admin: false,
  sourceIp: IP,
};
const QUERY = { handler: 'query', route: 'GET /v1/datasets/{id}/query', admin: false, sourceIp: IP };

describe('anonymous budgets: catalogue reads apart from data routes', () => {
  it('puts only the two catalogue reads on the catalogue budget', () => {
    expect(anonymousBudgetOf('GET /v1/datasets')).toBe('catalog');
    expect(anonymousBudgetOf('GET /v1/datasets/{id}')).toBe('catalog');
    for (const route of [
      'GET /v1/datasets/{id}/versions',
      'GET /v1/datasets/{id}/versions/{version}/{file}',
      'GET /v1/datasets/{id}/query',
      'POST /v1/sql',
      'POST /v1/datasets/{id}/feedback',
      undefined,
    ])
      expect(anonymousBudgetOf(route), String(route)).toBe('general');
  });

  it('lets a burst of searches use up its own budget and none of the data budget, and the reverse', async () => {
    const d = deps(3, 5);
    const searches = [];
    for (let i = 0; i < 7; i++) searches.push(await checkAccess(d, i % 2 ? DATASET : SEARCH));
    expect(searches.map((s) => s.denied?.status ?? 200)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // The headers describe the catalogue budget, on the answers and on the refusal.
    expect(searches[0]?.headers).toMatchObject({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4' });
    expect(searches[6]?.headers).toMatchObject({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' });
    expect(searches[6]?.denied?.detail).toMatch(/too many catalogue requests from your address this minute \(5\)/);
    // The download and the query still have all of theirs.
    const data = [];
    for (let i = 0; i < 4; i++) data.push(await checkAccess(d, i % 2 ? QUERY : DOWNLOAD));
    expect(data.map((s) => s.denied?.status ?? 200)).toEqual([200, 200, 200, 429]);
    expect(data[0]?.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2' });
    expect(data[3]?.denied?.detail).toMatch(/^too many requests from your address this minute \(3\)/);

    // The reverse: with the data budget used up first, searching still works.
    const e = deps(2, 4);
    for (let i = 0; i < 3; i++) await checkAccess(e, DOWNLOAD);
    expect((await checkAccess(e, DOWNLOAD)).denied?.status).toBe(429);
    const s = await checkAccess(e, SEARCH);
    expect(s.denied).toBeUndefined();
    expect(s.headers).toMatchObject({ 'x-ratelimit-limit': '4', 'x-ratelimit-remaining': '3' });
  });

  it('counts a catalogue read that sends a key that is not valid against the general budget', async () => {
    const d = deps(2, 100);
    const badKey = { ...SEARCH, apiKey: `odk_abcdefghijkl_${'s'.repeat(43)}` };
    const first = await checkAccess(d, badKey);
    expect(first.denied?.status).toBe(401);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' });
    await checkAccess(d, badKey);
    expect((await checkAccess(d, badKey)).denied?.status).toBe(429);
    // Without a key, the same address still searches on the catalogue budget.
    expect((await checkAccess(d, SEARCH)).headers).toMatchObject({ 'x-ratelimit-limit': '100' });
  });

  it('is configured by RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE, else 300 or the general limit when larger', () => {
    const env = {
      OPENDATA_MODE: 'local',
      OPENDATA_DATA_DIR: '/tmp/x',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
      OPENDATA_ADMIN_TOKEN: 'x'.repeat(32),
      PUBLIC_BASE_URL: 'http://localhost:8787',
    };
    expect(loadConfig(env).RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE).toBeUndefined();
    expect(
      loadConfig({ ...env, RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE: '1200' }).RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE,
    ).toBe(1200);
    expect(() => loadConfig({ ...env, RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE: '0' })).toThrow(
      /RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE/,
    );
    expect(defaultAnonymousCatalogPerMinute(60)).toBe(300);
    expect(defaultAnonymousCatalogPerMinute(1000)).toBe(1000);
    expect(DEFAULT_ACCESS_SETTINGS.anonymousCatalogPerMinute).toBe(defaultAnonymousCatalogPerMinute(60));
  });
});
