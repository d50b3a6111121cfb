import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebhooks } from '../../functions/usecases/webhooks-dispatch.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureBody } from '../support/release-fixtures.ts';
import { fastWebhooks, receiver } from '../support/webhook-receiver.ts';
import { call, issueKey } from './feedback-support.ts';

/**
 * Feeds and webhooks say no more of a withdrawn version than the catalogue does (docs/releases.md,
 * Withdrawal): the breaking-change note of a version withdrawn for it leaves the live Atom feeds and the
 * webhook retries, and a dataset whose every version is withdrawn has no feed (410, as its record) and
 * no title in its department's feed. The reviewer's steps, through the real server and handlers.
 */
const DATASET = 'feeds-withdrawn';
const DEPARTMENT = 'demo-ecology-environment';
const TITLE = 'Test air quality';
const NOTE = 'Column pm25 removed after complaint by resident Wang Xiaoming of 12 Elm Road about his readings';
const REASON = 'The breaking note named a resident; withdrawn for privacy';

let p: Awaited<ReturnType<typeof startTestPlatform>>;
let hook: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
  hook = await receiver([500]);
}, 120_000);
afterAll(async () => {
  await hook?.close();
  await p?.cleanup();
});

const fast = () => fastWebhooks(p.deps, { baseMs: 20, maxDelayMs: 100, maxAttempts: 6, disableAfter: 6 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function publish(releaseId: string, options: Parameters<typeof fixtureBody>[0]) {
  const c = await api(p.url, 'POST', '/v1/releases', {
    token: 'carol',
    body: fixtureBody({ id: DATASET, releaseId, ...options }),
  });
  expect(c.body.state, JSON.stringify(c.body.checks?.issues)).toBe('checks-passed');
  const a = await api(p.url, 'POST', `/v1/releases/${c.body.id}/approve`, { token: 'dave' });
  expect(a.status).toBe(200);
  return a.body.version as number;
}

const feed = (path: string) => call(p.url, path);

describe('feeds and webhooks after a withdrawal', () => {
  it('drop a withdrawn version’s breaking-change note, from the feeds and from a webhook retry', async () => {
    expect(await publish('feeds-withdrawn-r1', {})).toBe(1);
    const key = await issueKey(p.deps, 'Feed reader');
    const created = await call(p.url, '/v1/webhooks', { apiKey: key, body: { url: hook.url, datasets: [DATASET] } });
    expect(created.status).toBe(201);
    await sleep(5); // the webhook predates the next version

    expect(await publish('feeds-withdrawn-r2', { withoutPm25: true, breakingNote: NOTE })).toBe(2);
    // While v2 is published its note is news, in the feed and in the webhook's first (failed) attempt.
    expect((await feed(`/v1/feeds/datasets/${DATASET}`)).text).toContain('Wang Xiaoming');
    await runWebhooks(fast());
    expect(hook.received.map((r) => r.status)).toEqual([500]);
    expect(JSON.parse(hook.received[0]?.body ?? '{}')).toMatchObject({
      event: 'version.breaking',
      dataset: { version: 2, note: NOTE },
    });

    const w = await api(p.url, 'POST', `/v1/datasets/${DATASET}/versions/2/withdraw`, {
      token: 'dave',
      body: { reason: REASON },
    });
    expect(w.status).toBe(200);
    // The API already hid it; the feeds now do too, keeping the withdrawal with its public reason.
    const diff = await api(p.url, 'GET', `/v1/datasets/${DATASET}/versions/2/diff`);
    expect(diff.body.diff.breakingNote).toBeUndefined();
    for (const path of [`/v1/feeds/datasets/${DATASET}`, `/v1/feeds/departments/${DEPARTMENT}`]) {
      const r = await feed(path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toContain('Wang');
      expect(r.text, path).toContain(`Withdrawn: ${REASON}`);
      expect(r.text, path).toContain('term="version.breaking"'); // that v2 was breaking stays public
      expect(r.text, path).toContain(TITLE); // v1 is still published
    }

    // The retry of the delivery made before the withdrawal, and the withdrawal's own event.
    for (let i = 0; i < 40 && hook.received.filter((r) => r.status === 200).length < 2; i++) {
      await runWebhooks(fast());
      await sleep(30);
    }
    const after = hook.received.slice(1).map((r) => JSON.parse(r.body));
    expect(after.map((b) => [b.event, b.dataset.version, b.dataset.note])).toEqual(
      expect.arrayContaining([
        ['version.breaking', 2, undefined],
        ['version.withdrawn', 2, REASON],
      ]),
    );
    expect(
      hook.received
        .slice(1)
        .map((r) => r.body)
        .join('\n'),
    ).not.toContain('Wang');
    // The delivery log keeps what was sent last.
    const log = await call(p.url, `/v1/webhooks/${created.body.webhook.id}/deliveries`, { apiKey: key });
    const breaking = log.body.deliveries.find((d: { eventType: string }) => d.eventType === 'version.breaking');
    expect(breaking).toMatchObject({ state: 'delivered' });
    expect(breaking.body).not.toContain('Wang');
  });

  it('answers 410 for the feed of a dataset whose every version is withdrawn, and leaves its title out of the department feed', async () => {
    const w = await api(p.url, 'POST', `/v1/datasets/${DATASET}/versions/1/withdraw`, {
      token: 'dave',
      body: { reason: 'superseded by another dataset' },
    });
    expect(w.status).toBe(200);
    const record = await call(p.url, `/v1/datasets/${DATASET}`);
    const own = await feed(`/v1/feeds/datasets/${DATASET}`);
    expect([record.status, own.status]).toEqual([410, 410]);
    expect(own.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(own.body).toMatchObject({ type: '/problems/gone', reason: 'superseded by another dataset' });
    expect({ ...own.body, instance: undefined }).toEqual({ ...record.body, instance: undefined });
    expect(own.text).not.toContain(TITLE);

    // The department's feed keeps the withdrawals (news), without the words of the withdrawn versions.
    const dept = await feed(`/v1/feeds/departments/${DEPARTMENT}`);
    expect(dept.status).toBe(200);
    expect(dept.text).not.toContain(TITLE);
    expect(dept.text).not.toContain('Wang');
    expect(dept.text).toContain('Withdrawn: superseded by another dataset');
    expect(dept.text).toContain(`${DATASET} / ${DATASET} — v1`);

    // And the webhook's news of the last withdrawal has no title either.
    for (let i = 0; i < 40 && !hook.received.some((r) => r.body.includes('"version":1')); i++) {
      await runWebhooks(fast());
      await sleep(30);
    }
    const last = hook.received.map((r) => JSON.parse(r.body)).find((b) => b.dataset.version === 1);
    expect(last).toMatchObject({
      event: 'version.withdrawn',
      dataset: { title: {}, note: 'superseded by another dataset' },
    });
    expect((await feed('/v1/feeds/datasets/no-such-dataset')).status).toBe(404);
  });
});
