import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { MemoryCounters } from '../../../functions/adapters/memory/memory-counters.ts';
import { checkAccess } from '../../../functions/usecases/access/check-access.ts';
import { DEFAULT_ACCESS_SETTINGS } from '../../../functions/usecases/access/settings.ts';
import type { Deps } from '../../../functions/usecases/deps.ts';
import { installDeps } from '../../../functions/wiring/compose.ts';

const clock = { now: () => new Date('2026-11-22T10:00:05Z') };
const KEY = `odk_abcdefghijkl_${'s'.repeat(43)}`;

/** The key store as a role without read access to API-key items sees it (DynamoDB AccessDeniedException). */
function deniedCatalog(): MemoryCatalogStore {
  const store = new MemoryCatalogStore();
  store.getDoc = async () => {
    throw Object.assign(new Error('not authorized to perform: dynamodb:GetItem'), { name: 'AccessDeniedException' });
  };
  return store;
}

function depsWith(catalog: MemoryCatalogStore): Deps {
  return {
    catalog,
    counters: new MemoryCounters(clock),
    clock,
    appVersion: 'test',
    access: { ...DEFAULT_ACCESS_SETTINGS, admin: { kind: 'iam' } },
  } as unknown as Deps;
}

afterEach(() => installDeps(undefined));

describe('access check when its storage fails', () => {
  it('refuses a request with a key with 503 and Retry-After, never as anonymous', async () => {
    const d = await checkAccess(depsWith(deniedCatalog()), {
      handler: 'health',
      admin: false,
      apiKey: KEY,
      sourceIp: '203.0.113.9',
    });
    expect(d.denied?.status).toBe(503);
    expect(d.denied?.extensions.retryAfter).toBe(5);
  });

  it('answers problem+json 503 (not a bare 500) on /v1/health with an API key', async () => {
    installDeps(depsWith(deniedCatalog()));
    const { handler } = await import('../../../functions/handlers/health.ts');
    const event = {
      routeKey: 'GET /v1/health',
      rawPath: '/v1/health',
      headers: { 'x-api-key': KEY },
      requestContext: { http: { sourceIp: '203.0.113.9', method: 'GET' }, requestId: 'r1' },
    } as unknown as APIGatewayProxyEventV2;
    const res = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['content-type']).toMatch(/problem\+json/);
    expect(res.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(String(res.body))).toMatchObject({ type: '/problems/unavailable', status: 503 });
    // Without a key the same request is served (anonymous limits live in the counters, which work).
    const anon = (await handler({ ...event, headers: {} }, {} as Context)) as APIGatewayProxyStructuredResultV2;
    expect(anon.statusCode).toBe(200);
  });
});
