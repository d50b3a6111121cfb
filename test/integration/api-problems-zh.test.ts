/**
 * Every problem a developer meets on the public API says it in simplified Chinese too (`zh.detail`,
 * `zh.hint`, `errors[].zh.message`), naming the same ids, numbers and values as the English: the
 * catalogue, downloads and files, queries, the request readers (JSON, forms, inline files), sign-in
 * and rights, unknown routes and methods, oversized requests, metrics, scorecards, feeds, feedback,
 * data requests and webhooks, against the real local platform and its handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectChineseProblem } from '../support/chinese-text.ts';
import { rawHttp } from '../support/raw-http.ts';
import { api, fixtureBody } from '../support/release-fixtures.ts';
import { type CallOptions, call, DATASET, issueKey, startCommunityPlatform } from './feedback-support.ts';

const WITHDRAWN = 'test-air-quality';
const REASON = 'calibration error found on 2024-05-01';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
let key: string;
beforeAll(async () => {
  p = await startCommunityPlatform();
  key = await issueKey(p.deps, 'Enterprise zh');
  // Two versions of a small dataset, the first withdrawn.
  for (const [releaseId, pm25] of [
    ['zh-api-1', 12.5],
    ['zh-api-2', 13.5],
  ] as const) {
    const body = fixtureBody({ releaseId, rows: [['north', pm25]] });
    expect((await api(p.url, 'POST', '/v1/releases', { token: 'carol', body })).status).toBe(201);
    expect((await api(p.url, 'POST', `/v1/releases/${releaseId}/approve`, { token: 'dave' })).body.state).toBe(
      'published',
    );
  }
  const withdrawn = await api(p.url, 'POST', `/v1/datasets/${WITHDRAWN}/versions/1/withdraw`, {
    token: 'dave',
    body: { reason: REASON },
  });
  expect(withdrawn.status).toBe(200);
}, 180_000);
afterAll(async () => {
  await p?.cleanup();
});

/** Also kept by the Chinese, besides quoted values and numbers: API paths, methods and `$` parameters. */
const NAMES = /\/v1\/[\w/{}.$-]*|\b(?:GET|POST|PUT|DELETE)\b|\$\w+/;

async function expectProblemZh(path: string, status: number, options: CallOptions = {}) {
  const r = await call(p.url, path, options);
  expect(r.status, `${path}: ${r.text.slice(0, 300)}`).toBe(status);
  expect(r.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
  expectChineseProblem(r.body, { also: NAMES });
  return r.body;
}

const sql = (body: string, contentType = 'application/json'): CallOptions => ({
  method: 'POST',
  text: body,
  headers: { 'content-type': contentType },
});

describe('catalogue, versions and downloads', () => {
  it.each([
    ['/v1/datasets?sort=bad', 400],
    ['/v1/datasets?limit=100000', 400],
    ['/v1/datasets?publsher=x', 400],
    ['/v1/datasets?page=2&limit=10', 400],
    [`/v1/datasets?q=${encodeURIComponent(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '))}`, 400],
    ['/v1/datasets/nope', 404],
    [`/v1/datasets/${DATASET}/versions/9`, 404],
    [`/v1/datasets/${DATASET}/versions/abc`, 400],
    [`/v1/datasets/${DATASET}/versions/1/data.xml`, 404],
    [`/v1/datasets/${WITHDRAWN}/versions/1/data.csv`, 410],
    [`/v1/datasets/${WITHDRAWN}/versions/1/diff?from=2`, 400],
    [`/v1/datasets/${DATASET}/versions/1/diff?from=x`, 400],
    [`/v1/datasets/${DATASET}/versions/1/diff?from=9`, 404],
  ])('%s answers %i in Chinese too', async (path, status) => {
    await expectProblemZh(path, status);
  });

  it('says what a parameter takes in Chinese, with the values as the English names them', async () => {
    const sort = await expectProblemZh('/v1/datasets?sort=bad', 400);
    expect(sort.zh.detail).toMatch(/^搜索参数无效：query\.sort: 文本“bad”不在允许的取值中：relevance、updated、title/);
    expect(sort.errors[0]).toMatchObject({
      where: 'query.sort',
      zh: { message: expect.stringContaining('relevance、updated、title') },
    });
    const limit = await expectProblemZh('/v1/datasets?limit=100000', 400);
    expect(limit.errors[0]).toMatchObject({ where: 'query.limit', zh: { message: expect.stringContaining('100') } });
  });

  it('a withdrawn version says why, as written, in both languages', async () => {
    const gone = await expectProblemZh(`/v1/datasets/${WITHDRAWN}/versions/1/data.csv`, 410);
    expect(gone.reason).toBe(REASON);
    expect(gone.zh.detail).toBe(`数据集“${WITHDRAWN}”的第 1 版已撤回：${REASON}`);
  });
});

describe('files', () => {
  it.each([
    ['/files/nope.txt', 404, {}],
    [`/files/${DATASET}/v000009/data.csv`, 404, {}],
    [`/files/${WITHDRAWN}/v000001/data.csv`, 410, {}],
    [`/files/${DATASET}/v000001/data.csv`, 412, { headers: { 'if-match': '"nope"' } }],
    [`/files/${DATASET}/v000001/data.csv`, 416, { headers: { range: 'bytes=999999999-' } }],
  ] as const)('%s answers %i in Chinese too', async (path, status, options) => {
    await expectProblemZh(path, status, options);
  });
});

describe('queries and request bodies', () => {
  it.each([
    [`/v1/datasets/${DATASET}/query?format=xml`, 400, {}],
    [`/v1/datasets/${DATASET}/query?$limit=1&$limit=2`, 400, {}],
    [`/v1/datasets/${DATASET}/query`, 415, sql('$limit=1', 'text/plain')],
    [`/v1/datasets/${DATASET}/query`, 400, sql('{"$limit": ')],
    ['/v1/query-jobs/nope', 404, {}],
    ['/query-results/nope.json', 404, {}],
    ['/v1/sql', 413, sql(`{"sql": "${'x'.repeat(7 * 1024 * 1024)}"}`)],
  ] as const)('%s answers %i in Chinese too', async (path, status, options) => {
    await expectProblemZh(path, status, options);
  });
});

describe('routes, sign-in and rights', () => {
  it.each([
    ['/v1/nope', 404, {}],
    ['/v1/datasets', 405, { method: 'DELETE' }],
    ['/v1/releases', 401, {}],
    ['/v1/releases', 401, { headers: { authorization: 'Bearer not-a-token' } }],
    ['/v1/feedback', 401, {}],
    ['/v1/feedback?department=demo-stats', 403, { token: 'carol' }],
    ['/v1/webhooks', 401, {}],
    ['/v1/datasets', 400, { headers: { 'x-api-key': 'odk_a', authorization: 'Bearer odk_b' } }],
  ] as const)('%s answers %i in Chinese too', async (path, status, options) => {
    await expectProblemZh(path, status, options);
  });

  it('the release API reads its body and inline files with Chinese problems', async () => {
    const base64 = await expectProblemZh('/v1/releases', 400, {
      token: 'carol',
      body: { ...fixtureBody({ releaseId: 'zh-api-bad' }), files: [{ name: 'data.csv', contentBase64: '!!!' }] },
    });
    expect(base64.zh.detail).toContain('data.csv');
    const shape = await expectProblemZh('/v1/releases', 400, { token: 'carol', body: { manifest: 5 } });
    expect(shape.errors.map((e: { where: string }) => e.where)).toContain('body.manifest');
    await expectProblemZh(`/v1/datasets/${WITHDRAWN}/versions/abc/withdraw`, 400, {
      token: 'dave',
      body: { reason: REASON },
    });
  });

  it('what Node refuses before any route (raw Chinese in the URL, oversized headers)', async () => {
    for (const [request, status] of [
      ['GET /v1/datasets?q=机场 HTTP/1.1\r\nHost: localhost\r\n\r\n', 400],
      [`GET /v1/datasets HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`, 431],
    ] as const) {
      const { head, body } = await rawHttp(p.url, request);
      expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expectChineseProblem(JSON.parse(body));
    }
  });
});

describe('metrics, scorecards and feeds', () => {
  it.each([
    ['/v1/metrics/usage?from=bad', 400],
    ['/v1/metrics/usage?from=2026-02-01&to=2026-01-01', 400],
    ['/v1/metrics/usage?from=2025-01-01&to=2026-12-31', 400],
    ['/v1/metrics/usage?groupBy=colour', 400],
    ['/v1/metrics/usage?key=someone-else', 403],
    ['/v1/scorecards/nope', 404],
    ['/v1/feeds/departments/nope', 404],
    ['/v1/feeds/datasets/nope', 404],
  ])('%s answers %i in Chinese too', async (path, status) => {
    await expectProblemZh(path, status, { apiKey: key });
  });
});

describe('feedback, data requests and webhooks', () => {
  const feedback = `/v1/datasets/${DATASET}/feedback`;
  it.each([
    [feedback, 400, { body: { kind: 'rating' } }],
    [feedback, 400, { body: { kind: 'comment', text: 'x'.repeat(3000) } }],
    [feedback, 400, sql('{"kind": ')],
    [feedback, 400, { body: { kind: 'comment', text: 'x'.repeat(70_000) } }],
    [feedback, 400, { body: { kind: 'comment', text: 'good data', website: 'spam.example' } }],
    [feedback, 422, { body: { kind: 'comment', text: 'call me on 13912345678' } }],
    [`/v1/datasets/${WITHDRAWN}x/feedback`, 404, { body: { kind: 'comment', text: 'good data' } }],
    ['/v1/feedback/nope', 404, { token: 'bob' }],
    ['/v1/feedback/nope/moderation', 400, { token: 'bob', body: { action: 'hide' } }],
    ['/v1/requests', 400, { body: { title: 'x' } }],
    ['/v1/requests', 400, { body: { title: 'Bus arrivals', description: 'Real-time arrivals.', department: 'dem' } }],
    ['/v1/requests/nope', 404, {}],
    ['/v1/webhooks', 400, { body: { url: 'ftp://example.com/x' } }],
    ['/v1/webhooks', 400, { body: { url: 'https://metadata.internal/x' } }],
    ['/v1/webhooks/wh_nope', 404, {}],
  ] as const)('%s answers %i in Chinese too', async (path, status, options) => {
    await expectProblemZh(path, status, { apiKey: key, ...options });
  });

  it('too many submissions: 429 in Chinese too', async () => {
    let last = await call(p.url, feedback, { body: { kind: 'comment', text: 'useful, thanks' } });
    for (let i = 0; i < 12 && last.status !== 429; i++) {
      last = await call(p.url, feedback, { body: { kind: 'comment', text: `useful, thanks ${i}` } });
    }
    expect(last.status).toBe(429);
    expectChineseProblem(last.body);
  });
});

describe('a dataset whose every version is withdrawn', () => {
  it('answers 410 in Chinese too, and feedback on it 404', async () => {
    const w = await api(p.url, 'POST', `/v1/datasets/${WITHDRAWN}/versions/2/withdraw`, {
      token: 'dave',
      body: { reason: REASON },
    });
    expect(w.status).toBe(200);
    await expectProblemZh(`/v1/datasets/${WITHDRAWN}`, 410);
    await expectProblemZh(`/v1/datasets/${WITHDRAWN}/versions/latest`, 410);
    await expectProblemZh(`/v1/datasets/${WITHDRAWN}/feedback`, 404, {
      body: { kind: 'comment', text: 'good data' },
    });
  });
});

describe('the OpenAPI document', () => {
  it('describes the zh member of a problem and of its field errors', async () => {
    const doc = (await call(p.url, '/v1/openapi.json')).body;
    const problem = doc.components.schemas.Problem;
    expect(Object.keys(problem.properties.zh.properties)).toEqual(['detail', 'hint']);
    expect(Object.keys(problem.properties.errors.items.properties.zh.properties)).toEqual(['message', 'hint']);
    expect(problem.properties.zh.description).toMatch(/every problem/i);
  });
});
