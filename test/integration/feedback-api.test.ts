import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DATASET, startCommunityPlatform } from './feedback-support.ts';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
beforeAll(async () => {
  p = await startCommunityPlatform();
});
afterAll(async () => p?.cleanup());

const post = (body: unknown) => call(p.url, `/v1/datasets/${DATASET}/feedback`, { body });

describe('feedback API', () => {
  it('accepts a rating without moderation and counts it at once', async () => {
    const r = await post({ kind: 'rating', rating: 4 });
    expect(r.status).toBe(201);
    expect(r.body.moderation).toBe('approved');
    const list = await call(p.url, `/v1/datasets/${DATASET}/feedback`);
    expect(list.body.summary).toMatchObject({ ratingCount: 1, ratingAverage: 4 });
  });

  it('validates input as problem+json with field errors', async () => {
    const r = await post({ kind: 'rating', rating: 9 });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors[0].where).toBe('body.rating');
    const unknown = await call(p.url, '/v1/datasets/no-such-dataset/feedback', { body: { kind: 'rating', rating: 3 } });
    expect(unknown.status).toBe(404);
    const long = await post({ kind: 'comment', text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    const bot = await post({ kind: 'comment', text: 'buy cheap things', website: 'http://spam.example' });
    expect(bot.status).toBe(400);
  });

  it('strips HTML and hides comments until moderated; only the department or an admin moderates', async () => {
    const r = await post({ kind: 'comment', text: '<script>alert(1)</script><b>Great</b> data, thanks!' });
    expect(r.status).toBe(201);
    expect(r.body.moderation).toBe('pending');
    const id = r.body.id as string;
    let pub = await call(p.url, `/v1/datasets/${DATASET}/feedback`);
    expect(pub.body.items.find((i: { id: string }) => i.id === id)).toBeUndefined();

    expect(
      (await call(p.url, `/v1/feedback/${encodeURIComponent(id)}/moderation`, { body: { action: 'approve' } })).status,
    ).toBe(401);
    const carol = await call(p.url, `/v1/feedback/${encodeURIComponent(id)}/moderation`, {
      token: 'carol',
      body: { action: 'approve' },
    });
    expect(carol.status).toBe(403);
    const queue = await call(p.url, '/v1/feedback?department=demo-meteorology&moderation=pending', { token: 'bob' });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await call(p.url, '/v1/feedback', { token: 'bob' })).status).toBe(403);
    expect((await call(p.url, '/v1/feedback', { token: 'admin' })).status).toBe(200);

    const bob = await call(p.url, `/v1/feedback/${encodeURIComponent(id)}/moderation`, {
      token: 'bob',
      body: { action: 'approve' },
    });
    expect(bob.status).toBe(200);
    pub = await call(p.url, `/v1/datasets/${DATASET}/feedback`);
    const item = pub.body.items.find((i: { id: string }) => i.id === id);
    expect(item.text).toBe('alert(1)Great data, thanks!');
    expect(JSON.stringify(pub.body)).not.toMatch(/<|127\.0\.0\.1|::1/);
  });

  it('lets the department reply publicly and resolve a problem report', async () => {
    const r = await post({ kind: 'problem', problemType: 'broken-download', text: 'The CSV link answers 404.' });
    const id = encodeURIComponent(r.body.id);
    expect((await call(p.url, `/v1/feedback/${id}/replies`, { token: 'carol', body: { text: 'Fixed' } })).status).toBe(
      403,
    );
    const reply = await call(p.url, `/v1/feedback/${id}/replies`, {
      token: 'bob',
      body: { text: 'Fixed, thank you — the file is back.', resolve: true },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'resolved', moderation: 'approved' });
    expect(reply.body.firstResponseAt).toBeTruthy();
    const pub = await call(p.url, `/v1/datasets/${DATASET}/feedback`);
    const item = pub.body.items.find((i: { id: string }) => i.id === r.body.id);
    // The party, never a member of staff: no principal id in the public answer.
    expect(item.replies[0]).toEqual({
      text: 'Fixed, thank you — the file is back.',
      department: 'demo-meteorology',
      at: expect.any(String),
    });
    expect(JSON.stringify(pub.body)).not.toMatch(/"bob"|"by"/);
    // An admin's reply is the platform's.
    const admin = await call(p.url, `/v1/feedback/${id}/replies`, {
      token: 'admin',
      body: { text: 'Checked by the platform team.' },
    });
    expect(admin.status).toBe(201);
    const again = (await call(p.url, `/v1/datasets/${DATASET}/feedback`)).body.items.find(
      (i: { id: string }) => i.id === r.body.id,
    );
    expect(again.replies.map((x: { department: string }) => x.department)).toEqual(['demo-meteorology', 'platform']);
    expect(JSON.stringify(again)).not.toMatch(/"admin"|"by"/);
  });

  it('alerts the department and admins at once on a privacy concern, and never shows it publicly', async () => {
    const r = await post({
      kind: 'problem',
      problemType: 'privacy-concern',
      text: 'Row 12 seems to contain a phone number.',
    });
    expect(r.status).toBe(201);
    const outbox = readFileSync(join(p.dataDir, 'outbox', 'alerts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const alert = outbox.find((a) => a.link.endsWith(encodeURIComponent(r.body.id)));
    expect(alert).toMatchObject({ kind: 'privacy-concern', department: 'demo-meteorology', datasetId: DATASET });
    // The link, never the reporter's unmoderated text (no phishing or personal data through the alert channel).
    expect(JSON.stringify(alert)).not.toContain('Row 12');
    await call(p.url, `/v1/feedback/${encodeURIComponent(r.body.id)}/moderation`, {
      token: 'admin',
      body: { action: 'approve' },
    });
    const pub = await call(p.url, `/v1/datasets/${DATASET}/feedback`);
    expect(pub.body.items.find((i: { id: string }) => i.id === r.body.id)).toBeUndefined();
  });

  it('works as a plain HTML form POST (303 back to the page, same-site only)', async () => {
    const r = await call(p.url, `/v1/datasets/${DATASET}/feedback`, {
      form: { kind: 'rating', rating: '5', returnTo: `/en/datasets/${DATASET}/#feedback` },
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/en/datasets/${DATASET}/?sent=feedback#feedback-sent`);
    const evil = await call(p.url, `/v1/datasets/${DATASET}/feedback`, {
      form: { kind: 'rating', rating: '5', returnTo: '//evil.example/' },
    });
    expect(evil.headers.get('location')).toBe(`/datasets/${DATASET}/?sent=feedback#feedback-sent`);
  });

  it('sends a refused plain HTML form POST back to the page with the problem (not a problem+json page)', async () => {
    const r = await call(p.url, `/v1/datasets/${DATASET}/feedback`, {
      form: { kind: 'comment', text: 'x', returnTo: `/en/datasets/${DATASET}/#feedback` },
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/en/datasets/${DATASET}/?error=bad-request&field=text#feedback-error`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    // The same refusal to a JSON client stays problem+json.
    expect(
      (await call(p.url, `/v1/datasets/${DATASET}/feedback`, { body: { kind: 'comment', text: 'x' } })).status,
    ).toBe(400);
  });

  it('rate-limits submissions per client and dataset (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post({ kind: 'rating', rating: 3 })).status);
    expect(statuses).toContain(429);
    const r = await post({ kind: 'rating', rating: 3 });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
