import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUsage } from '../../functions/usecases/access/record-usage.ts';
import { call, DATASET, DEPARTMENT, issueKey, startCommunityPlatform } from './feedback-support.ts';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
let keyA: string;
let keyB: string;
const idOf = (key: string) => key.split('_')[1] as string;

beforeAll(async () => {
  p = await startCommunityPlatform();
  keyA = await issueKey(p.deps, 'Enterprise A');
  keyB = await issueKey(p.deps, 'Enterprise B');
  const ev = { dataset: DATASET, version: 1 } as const;
  for (let i = 0; i < 3; i++) await recordUsage(p.deps, { ...ev, kind: 'download', format: 'csv', key: idOf(keyA) });
  await recordUsage(p.deps, { ...ev, kind: 'query', format: 'json', key: idOf(keyA) });
  await recordUsage(p.deps, { ...ev, kind: 'download', format: 'parquet', key: idOf(keyB) });
  await recordUsage(p.deps, { ...ev, kind: 'download', format: 'csv', key: 'anonymous' });
});
afterAll(async () => p?.cleanup());

describe('usage metrics API', () => {
  it('refuses anonymous callers and non-admin people', async () => {
    expect((await call(p.url, '/v1/metrics/usage')).status).toBe(401);
    expect((await call(p.url, '/v1/admin/metrics/usage')).status).toBe(401);
    expect((await call(p.url, '/v1/admin/metrics/usage', { token: 'bob' })).status).toBe(403);
    expect((await call(p.url, '/v1/admin/metrics/usage', { apiKey: keyA })).status).toBe(401);
    expect((await call(p.url, '/v1/metrics/usage', { apiKey: 'odk_nope' })).status).toBe(401);
  });

  it('shows a key holder its own usage only', async () => {
    const r = await call(p.url, '/v1/metrics/usage?groupBy=dataset,format', { apiKey: keyA });
    expect(r.status).toBe(200);
    expect(r.body.scope).toEqual({ key: idOf(keyA) });
    expect(r.body.totals).toEqual({ downloads: 3, queries: 1 });
    expect(r.body.rows).toEqual([
      { dataset: DATASET, format: 'csv', downloads: 3, queries: 0 },
      { dataset: DATASET, format: 'json', downloads: 0, queries: 1 },
    ]);
    expect((await call(p.url, `/v1/metrics/usage?key=${idOf(keyB)}`, { apiKey: keyA })).status).toBe(403);
  });

  it('takes the key the access middleware let in: a blank X-API-Key beside Authorization: Bearer <key>', async () => {
    // API Gateway passes a header's value as sent; the handler answers as the middleware decided.
    const event = (routeKey: string, rawPath: string) =>
      ({
        version: '2.0',
        routeKey,
        rawPath,
        headers: { 'x-api-key': '  ', authorization: `Bearer ${keyA}` },
        requestContext: { http: { method: 'GET', path: rawPath, sourceIp: '203.0.113.7' }, requestId: 'blank-key' },
      }) as unknown as APIGatewayProxyEventV2;
    const invoke = async (h: (e: APIGatewayProxyEventV2, c: Context) => Promise<unknown>, e: APIGatewayProxyEventV2) =>
      (await h(e, {} as Context)) as APIGatewayProxyStructuredResultV2;
    const metrics = (await import('../../functions/handlers/metrics.ts')).handler;
    const usage = await invoke(metrics, event('GET /v1/metrics/usage', '/v1/metrics/usage'));
    expect(usage.statusCode).toBe(200);
    expect(JSON.parse(String(usage.body)).scope).toEqual({ key: idOf(keyA) });
    const webhooks = (await import('../../functions/handlers/webhooks.ts')).handler as unknown as (
      e: APIGatewayProxyEventV2,
      c: Context,
    ) => Promise<unknown>;
    const list = await invoke(webhooks, event('GET /v1/webhooks', '/v1/webhooks'));
    expect(list.statusCode).toBe(200);
    expect(JSON.parse(String(list.body))).toEqual({ webhooks: [] });
  });

  it('shows an admin everything, by any dimension', async () => {
    const r = await call(p.url, '/v1/admin/metrics/usage?groupBy=key', { token: 'admin' });
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({ downloads: 5, queries: 1 });
    const keys = r.body.rows.map((x: { key: string }) => x.key).sort();
    expect(keys).toEqual([idOf(keyA), idOf(keyB), 'anonymous'].sort());
    const per = await call(p.url, `/v1/admin/metrics/datasets/${DATASET}`, { token: 'admin' });
    expect(per.body.rows.every((x: { day: string; version: number }) => x.day && x.version === 1)).toBe(true);
    const day = new Date().toISOString().slice(0, 10);
    const byDay = await call(p.url, `/v1/admin/metrics/usage?from=${day}&to=${day}&groupBy=day,version`, {
      token: 'admin',
    });
    expect(byDay.body.rows).toEqual([{ day, version: 1, downloads: 5, queries: 1 }]);
    expect((await call(p.url, '/v1/admin/metrics/usage?groupBy=ip', { token: 'admin' })).status).toBe(400);
    expect(
      (await call(p.url, '/v1/admin/metrics/usage?from=2020-01-01&to=2026-01-01', { token: 'admin' })).status,
    ).toBe(400);
  });

  it('publishes department scorecards with usage, on-time status and quality criteria', async () => {
    const all = await call(p.url, '/v1/scorecards');
    expect(all.status).toBe(200);
    const card = await call(p.url, `/v1/scorecards/${DEPARTMENT}`);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ datasetsPublished: 1, downloads: 5, queries: 1 });
    const ds = card.body.datasets[0];
    expect(ds.quality.criteria).toHaveLength(9);
    expect(JSON.stringify(card.body)).not.toContain(idOf(keyA));
    expect((await call(p.url, '/v1/scorecards/no-such-dept')).status).toBe(404);
  });
});
