import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../support/release-fixtures.ts';
import { call, DATASET, issueKey, startCommunityPlatform } from './feedback-support.ts';

/**
 * The department's and key holders' write routes that no page's form posts to read JSON only: a body
 * declared as text/plain or as a form is a 415 naming application/json, and changes nothing (they
 * used to parse text/plain as JSON and a form as fields, unlike every other JSON route).
 */
let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
beforeAll(async () => {
  p = await startCommunityPlatform();
});
afterAll(async () => p?.cleanup());

async function send(path: string, method: string, auth: Record<string, string>, type: string, body: string) {
  const r = await fetch(`${p.url}${path}`, { method, headers: { ...auth, 'content-type': type }, body });
  return { status: r.status, problem: (await r.json()) as { detail: string; hint: string } };
}

const BODIES: [string, (json: Record<string, unknown>) => string][] = [
  ['text/plain;charset=UTF-8', (json) => JSON.stringify(json)],
  [
    'application/x-www-form-urlencoded',
    (json) => new URLSearchParams(Object.entries(json).map(([k, v]) => [k, String(v)])).toString(),
  ],
];

describe('JSON-only write routes', () => {
  it('answer 415 to a text or form body on moderation, replies, request status and webhook registration', async () => {
    const bob = { authorization: `Bearer ${TOKENS.bob}` };
    const comment = await call(p.url, `/v1/datasets/${DATASET}/feedback`, {
      body: { kind: 'comment', text: 'Could the station list say which stations moved?' },
    });
    expect(comment.status).toBe(201);
    const fid = encodeURIComponent(comment.body.id as string);
    const request = await call(p.url, '/v1/requests', {
      body: { title: 'Rain gauges by district', description: 'Daily rainfall per gauge, with coordinates.' },
    });
    expect(request.status).toBe(201);
    const key = await issueKey(p.deps, 'Enterprise J');

    const cases: [string, string, Record<string, string>, Record<string, unknown>][] = [
      [`/v1/feedback/${fid}/moderation`, 'POST', bob, { action: 'approve' }],
      [`/v1/feedback/${fid}/replies`, 'POST', bob, { text: 'Thanks, the list now says so.', resolve: true }],
      [`/v1/requests/${request.body.id}/status`, 'PUT', bob, { status: 'planned' }],
      ['/v1/webhooks', 'POST', { 'x-api-key': key }, { url: 'https://example.org/hook' }],
    ];
    for (const [path, method, auth, json] of cases) {
      for (const [type, encode] of BODIES) {
        const r = await send(path, method, auth, type, encode(json));
        expect(r.status, `${method} ${path} as ${type}`).toBe(415);
        expect(r.problem.detail).toContain(`${type.split(';')[0]}; this route reads application/json`);
        expect(r.problem.hint).toMatch(/Content-Type: application\/json/);
      }
    }

    // Nothing changed: the comment is still pending without a reply, the request open, no webhook.
    const item = await call(p.url, `/v1/feedback/${fid}`, { token: 'bob' });
    expect(item.body).toMatchObject({ moderation: 'pending' });
    expect(item.body.replies ?? []).toEqual([]);
    expect((await call(p.url, `/v1/requests/${request.body.id}`)).body.status).toBe('open');
    expect((await call(p.url, '/v1/webhooks', { apiKey: key })).body.webhooks).toEqual([]);

    // The same bodies as JSON are accepted.
    const moderated = await call(p.url, `/v1/feedback/${fid}/moderation`, {
      token: 'bob',
      body: { action: 'approve' },
    });
    expect(moderated.status).toBe(200);
  });
});
