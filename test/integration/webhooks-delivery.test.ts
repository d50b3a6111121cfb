import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../functions/core/subscriptions/signature.ts';
import { runWebhooks } from '../../functions/usecases/webhooks-dispatch.ts';
import { fastWebhooks, receiver } from '../support/webhook-receiver.ts';
import { call, DATASET, issueKey, startCommunityPlatform } from './feedback-support.ts';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
let key: string;
let other: string;
beforeAll(async () => {
  p = await startCommunityPlatform();
  key = await issueKey(p.deps, 'Enterprise W');
  other = await issueKey(p.deps, 'Enterprise X');
});
afterAll(async () => p?.cleanup());

const fast = () => fastWebhooks(p.deps, { baseMs: 40, maxDelayMs: 400, maxAttempts: 6, disableAfter: 4 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withdrawV1() {
  const v = await p.deps.catalog.getVersion(DATASET, 1);
  if (!v) throw new Error('no v1');
  await p.deps.catalog.updateVersion(
    { ...v.value, state: 'withdrawn', withdrawn: { reason: 'Wrong units', at: new Date().toISOString(), by: 'admin' } },
    v.revision,
  );
}

describe('webhooks', () => {
  it('needs an API key; admins list all on the admin route', async () => {
    expect((await call(p.url, '/v1/webhooks', { body: { url: 'http://127.0.0.1:9/x' } })).status).toBe(401);
    const bad = await call(p.url, '/v1/webhooks', { apiKey: key, body: { url: 'http://example.com/x' } });
    expect(bad.status).toBe(400);
    expect((await call(p.url, '/v1/admin/webhooks', { token: 'admin' })).status).toBe(200);
    expect((await call(p.url, '/v1/admin/webhooks', { token: 'bob' })).status).toBe(403);
  });

  it('delivers signed payloads, retries with backoff, disables after repeated failures; log and status visible', async () => {
    const ok = await receiver([500, 503]);
    const broken = await receiver([500, 500, 500, 500, 500, 500, 500]);
    try {
      const a = await call(p.url, '/v1/webhooks', { apiKey: key, body: { url: ok.url, datasets: [DATASET] } });
      expect(a.status).toBe(201);
      const secret = a.body.secret as string;
      expect(secret).toMatch(/^whsec_/);
      const b = await call(p.url, '/v1/webhooks', { apiKey: key, body: { url: broken.url } });
      const okId = a.body.webhook.id as string;
      const brokenId = b.body.webhook.id as string;
      // Another key cannot see them.
      expect((await call(p.url, `/v1/webhooks/${okId}`, { apiKey: other })).status).toBe(404);
      expect((await call(p.url, '/v1/webhooks', { apiKey: other })).body.webhooks).toEqual([]);

      // v1 was published before the webhooks existed: nothing is sent for it.
      await runWebhooks(fast());
      expect(ok.received).toHaveLength(0);

      await withdrawV1();
      for (let i = 0; i < 40 && (ok.received.length < 3 || broken.received.length < 4); i++) {
        await runWebhooks(fast());
        await sleep(50);
      }
      await runWebhooks(fast());

      // Retried twice, then delivered; every attempt signed, verifiable with the documented check.
      expect(ok.received.map((r) => r.status)).toEqual([500, 503, 200]);
      for (const r of ok.received) {
        expect(verify(secret, r.body, r.headers['x-opendata-signature'] as string, Math.floor(Date.now() / 1000))).toBe(
          true,
        );
        expect(
          verify('whsec_wrong', r.body, r.headers['x-opendata-signature'] as string, Math.floor(Date.now() / 1000)),
        ).toBe(false);
        expect(r.headers['x-opendata-event']).toBe('version.withdrawn');
      }
      const payload = JSON.parse(ok.received[0]?.body ?? '{}');
      expect(payload).toMatchObject({
        event: 'version.withdrawn',
        dataset: { id: DATASET, version: 1, note: 'Wrong units' },
      });
      const times = ok.received.map((r) => Number(/t=(\d+)/.exec(r.headers['x-opendata-signature'] as string)?.[1]));
      expect(times.every((t) => Number.isInteger(t))).toBe(true);

      const log = await call(p.url, `/v1/webhooks/${okId}/deliveries`, { apiKey: key });
      expect(log.body.deliveries[0]).toMatchObject({ state: 'delivered', eventType: 'version.withdrawn' });
      expect(log.body.deliveries[0].attempts.map((x: { status: number }) => x.status)).toEqual([500, 503, 200]);
      const okView = await call(p.url, `/v1/webhooks/${okId}`, { apiKey: key });
      expect(okView.body).toMatchObject({ status: 'active', consecutiveFailures: 0 });
      expect(okView.body.secret).toBeUndefined();

      // The broken receiver: 4 failures in a row disable the webhook; its status says why.
      expect(broken.received).toHaveLength(4);
      const brokenView = await call(p.url, `/v1/webhooks/${brokenId}`, { apiKey: key });
      expect(brokenView.body).toMatchObject({ status: 'disabled', consecutiveFailures: 4 });
      expect(brokenView.body.disabledReason).toContain('failed delivery attempts');
      const brokenLog = await call(p.url, `/v1/webhooks/${brokenId}/deliveries`, { apiKey: key });
      expect(brokenLog.body.deliveries[0].state).toBe('failed');
      expect(brokenLog.body.deliveries[0].attempts).toHaveLength(4);

      // Backoff: each retry waited at least base × 2^(n−1) (40, 80, 160 ms here).
      const at = brokenLog.body.deliveries[0].attempts.map((x: { at: string }) => Date.parse(x.at));
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(40);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(80);
      expect(at[3] - at[2]).toBeGreaterThanOrEqual(160);

      // The owner re-enables it.
      const en = await call(p.url, `/v1/webhooks/${brokenId}/enable`, { apiKey: key, method: 'POST' });
      expect(en.body).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    } finally {
      await ok.close();
      await broken.close();
    }
  });
});
