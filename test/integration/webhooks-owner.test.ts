import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/http/observability.ts';
import { WEBHOOK_KIND } from '../../functions/usecases/webhooks.ts';
import { runWebhooks } from '../../functions/usecases/webhooks-dispatch.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureBody } from '../support/release-fixtures.ts';
import { fastWebhooks, receiver } from '../support/webhook-receiver.ts';
import { call } from './feedback-support.ts';

/**
 * Who can stop a webhook (docs/webhooks.md, When its API key is revoked or expires; Disabling): a revoked
 * or expired key's webhooks get no more deliveries and show `key revoked` / `key expired` to admins, a
 * new key for the same holder revives none of them, and an admin disables (and re-enables) any webhook.
 * The reviewer's steps: revoke the key, publish a version, look at the receiver and the admin listing.
 */
const DATASET = 'webhooks-owner';

let p: Awaited<ReturnType<typeof startTestPlatform>>;
const receivers: Array<Awaited<ReturnType<typeof receiver>>> = [];
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
}, 120_000);
afterAll(async () => {
  for (const r of receivers) await r.close();
  await p?.cleanup();
});

const fast = () => fastWebhooks(p.deps, { baseMs: 20, maxDelayMs: 100, maxAttempts: 6, disableAfter: 6 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Several sweeps, past every retry delay: whatever would be sent is sent. */
async function sweep() {
  for (let i = 0; i < 6; i++) {
    await runWebhooks(fast());
    await sleep(60);
  }
}

let releases = 0;
/** Publishes the next version of DATASET through the release lifecycle (submit, checks, approval). */
async function publish(): Promise<number> {
  releases++;
  const c = await api(p.url, 'POST', '/v1/releases', {
    token: 'carol',
    body: fixtureBody({ id: DATASET, releaseId: `owner-r${releases}`, rows: [['north', releases]] }),
  });
  expect(c.body.state, JSON.stringify(c.body)).toBe('checks-passed');
  const a = await api(p.url, 'POST', `/v1/releases/${c.body.id}/approve`, { token: 'dave' });
  expect(a.status).toBe(200);
  return a.body.version as number;
}

const adminToken = () => ({ authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' });
async function issueKey(name: string): Promise<{ key: string; id: string }> {
  const r = await fetch(`${p.url}/v1/keys`, {
    method: 'POST',
    headers: adminToken(),
    body: JSON.stringify({ name, scopes: ['query'] }),
  });
  expect(r.status).toBe(201);
  const body = (await r.json()) as { key: string; record: { id: string } };
  return { key: body.key, id: body.record.id };
}
/** Expires a key now, as its `expiresAt` passing would (the record is otherwise unchanged). */
async function expire(id: string) {
  const doc = await p.deps.catalog.getDoc<Record<string, unknown>>('apikey', id);
  if (!doc) throw new Error(`no key ${id}`);
  const expiresAt = new Date(Date.now() - 1_000).toISOString();
  await p.deps.catalog.putDoc('apikey', id, { ...doc.value, expiresAt }, doc.revision);
  return expiresAt;
}
async function register(key: string, script: number[] = []) {
  const rec = await receiver(script);
  receivers.push(rec);
  const created = await call(p.url, '/v1/webhooks', { apiKey: key, body: { url: rec.url, datasets: [DATASET] } });
  expect(created.status).toBe(201);
  return { id: created.body.webhook.id as string, rec };
}
const asAdmin = (path: string, method = 'GET') => call(p.url, path, { token: 'admin', method });
const stored = async (id: string) => (await p.deps.catalog.getDoc<{ status: string }>(WEBHOOK_KIND, id))?.value;

describe('webhooks and their API key', () => {
  it('a revoked or expired key’s webhooks get nothing more, show why to admins, and a new key revives none', async () => {
    const holder = await issueKey('Enterprise R');
    const other = await issueKey('Enterprise E');
    // `retried` answers 500 once: its delivery is still pending (to be retried) when the key goes.
    const retried = await register(holder.key, [500]);
    const plain = await register(holder.key);
    const expiring = await register(other.key);
    await sleep(5); // the webhooks predate the first version

    const v1 = await publish();
    await runWebhooks(fast());
    const first = [`${DATASET}/v${v1}/version.published`];
    expect(plain.rec.events()).toEqual(first);
    expect(expiring.rec.events()).toEqual(first);
    expect(retried.rec.received.map((r) => r.status)).toEqual([500]);

    // The holder's key is revoked: admins see its webhooks disabled at once, before any sweep.
    const revoked = await fetch(`${p.url}/v1/keys/${holder.id}`, { method: 'DELETE', headers: adminToken() });
    expect(revoked.status).toBe(200);
    const revokedAt = ((await revoked.json()) as { revokedAt: string }).revokedAt;
    const seen = await asAdmin(`/v1/admin/webhooks/${plain.id}`);
    expect(seen.body).toMatchObject({ status: 'disabled', disabledReason: 'key revoked', disabledAt: revokedAt });

    // The other key expires. Another version is published: nothing is sent, nothing is retried.
    const expiredAt = await expire(other.id);
    const v2 = await publish();
    await sweep();
    expect(plain.rec.events()).toEqual(first);
    expect(expiring.rec.events()).toEqual(first);
    // The delivery left pending when the key was revoked is not retried: it failed, with its one attempt.
    expect(retried.rec.received).toHaveLength(1);
    const log = await asAdmin(`/v1/admin/webhooks/${retried.id}/deliveries`);
    expect(log.body.deliveries).toHaveLength(1);
    expect(log.body.deliveries[0]).toMatchObject({ state: 'failed', eventId: `${DATASET}/v${v1}/version.published` });
    expect(log.body.deliveries[0].attempts.map((a: { status?: number }) => a.status)).toEqual([500]);
    expect((await asAdmin(`/v1/admin/webhooks/${plain.id}/deliveries`)).body.deliveries).toHaveLength(1);
    expect(v2).toBe(v1 + 1);

    // Recorded, not only shown: the stored webhooks are disabled, with the reason admins see.
    const all = (await asAdmin('/v1/admin/webhooks')).body.webhooks as Array<Record<string, string>>;
    const byId = (id: string) => all.find((w) => w.id === id);
    for (const id of [retried.id, plain.id]) {
      expect(byId(id)).toMatchObject({ status: 'disabled', disabledReason: 'key revoked' });
      expect((await stored(id))?.status).toBe('disabled');
    }
    expect(byId(expiring.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'key expired',
      disabledAt: expiredAt,
    });
    expect((await stored(expiring.id))?.status).toBe('disabled');

    // A new key for the same holder sees none of them, and re-enabling is refused while the key is revoked.
    const successor = await issueKey('Enterprise R');
    expect((await call(p.url, '/v1/webhooks', { apiKey: successor.key })).body.webhooks).toEqual([]);
    const en = await asAdmin(`/v1/admin/webhooks/${plain.id}/enable`, 'POST');
    expect(en.status).toBe(409);
    expect(en.body.detail).toMatch(/revoked/);
    expect(en.body.hint).toMatch(/register/);
    expect((await stored(plain.id))?.status).toBe('disabled');
  }, 120_000);

  it('an admin disables a webhook: nothing is delivered, the change is recorded, only an admin re-enables it', async () => {
    const holder = await issueKey('Enterprise D');
    const hook = await register(holder.key);
    await sleep(5);
    const path = `/v1/admin/webhooks/${hook.id}/disable`;

    // Admins only: a department member is refused, an API key cannot use the admin route.
    expect((await call(p.url, path, { token: 'bob', method: 'POST' })).status).toBe(403);
    expect((await call(p.url, path, { apiKey: holder.key, method: 'POST' })).status).toBe(401);
    expect((await call(p.url, path, { method: 'POST' })).status).toBe(401);
    expect((await asAdmin('/v1/admin/webhooks/wh_nosuchhook/disable', 'POST')).status).toBe(404);

    const info = vi.spyOn(logger, 'info');
    try {
      const off = await asAdmin(path, 'POST');
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: hook.id, status: 'disabled' });
      expect(off.body.disabledReason).toBe('disabled by an admin (admin)');
      expect(Date.parse(off.body.disabledAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(off.body.secret).toBeUndefined();
      // The trail: who disabled which webhook of which key.
      expect(info).toHaveBeenCalledWith('webhook disabled by an admin', {
        webhookId: hook.id,
        keyId: holder.id,
        admin: 'admin',
      });
    } finally {
      info.mockRestore();
    }
    // The owner sees why, and cannot undo it.
    const mine = await call(p.url, `/v1/webhooks/${hook.id}`, { apiKey: holder.key });
    expect(mine.body).toMatchObject({ status: 'disabled', disabledReason: 'disabled by an admin (admin)' });
    const ownerEnable = await call(p.url, `/v1/webhooks/${hook.id}/enable`, { apiKey: holder.key, method: 'POST' });
    expect(ownerEnable.status).toBe(409);
    expect(ownerEnable.body.hint).toMatch(/admins/);
    // Disabling it again first does not unlock it either.
    await call(p.url, `/v1/webhooks/${hook.id}/disable`, { apiKey: holder.key, method: 'POST' });
    expect((await call(p.url, `/v1/webhooks/${hook.id}/enable`, { apiKey: holder.key, method: 'POST' })).status).toBe(
      409,
    );

    const v3 = await publish();
    await sweep();
    expect(hook.rec.events()).toEqual([]);
    expect((await asAdmin(`/v1/admin/webhooks/${hook.id}/deliveries`)).body.deliveries).toEqual([]);

    // An admin enables it again: the next version is delivered.
    const info2 = vi.spyOn(logger, 'info');
    try {
      const on = await asAdmin(`/v1/admin/webhooks/${hook.id}/enable`, 'POST');
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ status: 'active', consecutiveFailures: 0 });
      expect(on.body.disabledReason).toBeUndefined();
      expect(info2).toHaveBeenCalledWith('webhook enabled by an admin', {
        webhookId: hook.id,
        keyId: holder.id,
        admin: 'admin',
      });
    } finally {
      info2.mockRestore();
    }
    const v4 = await publish();
    await sweep();
    expect(hook.rec.events()).toEqual([`${DATASET}/v${v4}/version.published`]);
    expect(v4).toBe(v3 + 1);
  }, 120_000);
});
