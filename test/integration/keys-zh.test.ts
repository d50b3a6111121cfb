/**
 * API keys in Chinese: the refusals of the keys API and of a key's use (a bad request, an unknown,
 * revoked or expired key, a missing scope, a used-up quota, a missing admin token, two different keys)
 * carry their Chinese (`zh` of the problem, and of each field error) with the ids and numbers of the
 * English; `opendata --lang zh keys issue|list|revoke` says what it did, and prints refusals, in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CJK } from '../support/chinese-text.ts';
import { startTestPlatform } from '../support/platform.ts';
import { cli } from '../support/release-fixtures.ts';

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
});
afterAll(async () => {
  await p?.cleanup();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON answers
type Answer = { status: number; body: any };

const call = async (path: string, init: RequestInit = {}): Promise<Answer> => {
  const res = await fetch(`${p.url}${path}`, init);
  return { status: res.status, body: await res.json() };
};
const admin = (method: string, path: string, body?: unknown) =>
  call(path, {
    method,
    headers: { authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const issue = async (body: Record<string, unknown>) => {
  const r = await admin('POST', '/v1/keys', body);
  expect(r.status).toBe(201);
  return r.body as { key: string; record: { id: string; expiresAt: string } };
};
/** A data route with a key: the access check answers before any dataset is looked up. */
const query = (key: string) => call('/v1/datasets/any-dataset/query?$limit=1', { headers: { 'x-api-key': key } });

/** What a reader checks in either language: key ids, numbers, dates, the names quoted. */
const facts = (en: string) => [
  ...(en.match(/[a-z0-9]*\d[a-z0-9:.-]*/g) ?? []).map((t) => t.replace(/[.:]$/, '')),
  ...[...en.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string),
];

/** The problem has its Chinese, written in Chinese, with the facts of the English; so has each field error. */
function expectChinese(a: Answer, status: number): void {
  const b = a.body;
  expect(a.status, b.detail).toBe(status);
  expect(b.zh?.detail, b.detail).toMatch(CJK);
  for (const f of facts(b.detail)) expect(b.zh.detail, f).toContain(f);
  if (b.hint) expect(b.zh.hint, b.hint).toMatch(CJK);
  for (const e of b.errors ?? []) {
    expect(e.zh?.message, e.message).toMatch(CJK);
    for (const n of e.message.match(/\d+/g) ?? []) expect(e.zh.message, `${e.where}: ${n}`).toContain(n);
  }
}

describe('API keys in Chinese', () => {
  it('refuses a bad key request, naming each member in Chinese with its bounds', async () => {
    const bad = await admin('POST', '/v1/keys', {
      name: 'x',
      scopes: ['query', 'root'],
      ratePerMinute: 0,
      dailyQuota: 10_000_000_000_000,
      colour: 'red',
    });
    expectChinese(bad, 400);
    expect(bad.body.zh.detail).toBe('签发 API 密钥的请求无效');
    const byWhere = Object.fromEntries(
      bad.body.errors.map((e: { where: string; zh: { message: string } }) => [e.where, e.zh.message]),
    );
    expect(byWhere).toEqual({
      body: '不认识的成员“colour”；可用的成员是“name”、“scopes”、“ratePerMinute”、“dailyQuota”、“expiresAt”、“expiresInDays”',
      'body.scopes.1': 'scopes 中的“root”不是可用的权限范围：可用的是 query、download、sql',
      'body.ratePerMinute': 'ratePerMinute（每分钟最多请求数）必须是 1 到 1000000000 之间的整数',
      'body.dailyQuota': 'dailyQuota（每个 UTC 日的请求配额）必须是 1 到 1000000000000 之间的整数',
    });
    // The English says what was given and what is taken, as every request body does.
    expect(bad.body.errors.find((e: { where: string }) => e.where === 'body.scopes.1')?.message).toBe(
      'the text "root" is not one of: query, download, sql',
    );
    const near = await admin('POST', '/v1/keys', { name: 'x', scopes: ['qury'] });
    expect(near.body.errors[0]).toEqual({
      where: 'body.scopes.0',
      message: 'the text "qury" is not one of: query, download, sql (did you mean `query`?)',
      zh: { message: 'scopes 中的“qury”不是可用的权限范围（是不是要写“query”？）：可用的是 query、download、sql' },
    });
    expectChinese(await admin('POST', '/v1/keys', { name: 'x', expiresAt: '2020-01-01T00:00:00Z' }), 400);
  });

  it('refuses an unknown key id and key management without the admin token', async () => {
    const unknown = await admin('DELETE', '/v1/keys/nosuchkey000');
    expectChinese(unknown, 404);
    expect(unknown.body.zh.detail).toBe('没有 API 密钥“nosuchkey000”');
    expectChinese(await call('/v1/keys'), 401);
    expectChinese(await call('/v1/keys', { headers: { authorization: 'Bearer not-the-admin-token' } }), 401);
  });

  it('refuses a key that is unknown, revoked, expired, without the scope or out of quota', async () => {
    const { key, record } = await issue({ name: 'Downloads only', scopes: ['download'], dailyQuota: 1 });
    const scope = await query(key);
    expectChinese(scope, 403);
    expect(scope.body.zh).toEqual({
      detail: '这个 API 密钥没有“query”权限范围',
      hint: '它的权限范围是：download；请向平台团队申请带“query”的密钥，或者不带密钥发送这个请求（按匿名限额）',
    });
    // The refused request read the quota without using it: the first download-scoped request uses it up.
    await call('/v1/datasets/any-dataset/versions/1/data.csv', { headers: { 'x-api-key': key }, redirect: 'manual' });
    const quota = await call('/v1/datasets/any-dataset/versions/1/data.csv', { headers: { 'x-api-key': key } });
    expectChinese(quota, 429);
    expect(quota.body.zh.detail).toMatch(/^这个 API 密钥今天的配额已用完（上限 1）；请 \d+ 秒后再试$/);

    expect((await admin('DELETE', `/v1/keys/${record.id}`)).status).toBe(200);
    const revoked = await query(key);
    expectChinese(revoked, 401);
    expect(revoked.body.zh.detail).toBe(`API 密钥 ${record.id} 已被吊销`);
    const forged = await query(`${key.slice(0, -4)}AAAA`);
    expectChinese(forged, 401);

    const soon = await issue({ name: 'Short-lived', expiresAt: new Date(Date.now() + 1000).toISOString() });
    await new Promise((r) => setTimeout(r, 1200));
    const expired = await query(soon.key);
    expectChinese(expired, 401);
    expect(expired.body.zh.detail).toBe(`API 密钥 ${soon.record.id} 已于 ${soon.record.expiresAt} 过期`);

    const other = (await issue({ name: 'Other' })).key;
    const both = await call('/v1/datasets/any-dataset/query', {
      headers: { 'x-api-key': other, authorization: `Bearer ${soon.key}` },
    });
    expectChinese(both, 400);
  });

  it('issues, lists and revokes keys from the CLI in Chinese, and prints its refusals in Chinese', async () => {
    const conn = ['--token', p.adminToken];
    const issued = await cli(p.url, [
      '--lang',
      'zh',
      'keys',
      'issue',
      '--name',
      '数据公司',
      '--scopes',
      'query,sql',
      '--rate',
      '120',
      ...conn,
    ]);
    expect(issued.code).toBe(0);
    const id = issued.out.match(/签发密钥 ([a-z0-9]{12})/)?.[1] as string;
    expect(issued.out).toMatch(
      new RegExp(
        `^已为 数据公司 签发密钥 ${id}\\n {2}权限范围 query、sql；每分钟 120 次，每天 100000 次；\\S+ 到期\\n`,
      ),
    );
    expect(issued.out).toMatch(/\n {2}odk_[a-z0-9]{12}_\S+\n\n密钥只显示这一次：平台只保存它的哈希。$/);

    const list = await cli(p.url, ['--lang', 'zh', 'keys', 'list', ...conn]);
    expect(list.code).toBe(0);
    const [head, ...rows] = list.out.split('\n');
    expect(head).toMatch(/^编号 +状态 +名称 +权限范围 +每分钟 +每天 +到期$/);
    const row = rows.find((r) => r.startsWith(id)) as string;
    expect(row).toMatch(/^[a-z0-9]{12} +有效 +数据公司 +query,sql +120 次 +100000 次 +\d{4}-\d\d-\d\d$/);
    // The columns line up in a terminal, where a Chinese character takes two columns.
    const columnOf = (line: string, text: string) =>
      [...line.slice(0, line.indexOf(text))].reduce((n, c) => n + (CJK.test(c) ? 2 : 1), 0);
    expect(columnOf(row, 'query,sql')).toBe(columnOf(head as string, '权限范围'));
    expect(list.out).toMatch(/已吊销/);

    const revoked = await cli(p.url, ['--lang', 'zh', 'keys', 'revoke', id, ...conn]);
    expect(revoked).toMatchObject({
      code: 0,
      out: expect.stringMatching(new RegExp(`^密钥 ${id}（数据公司）已于 \\S+ 吊销$`)),
    });

    const unknown = await cli(p.url, ['--lang', 'zh', 'keys', 'revoke', 'nosuchkey000', ...conn]);
    expect(unknown).toMatchObject({
      code: 1,
      err: '404 没有 API 密钥“nosuchkey000”\n提示：用 `opendata keys list`（GET /v1/keys）列出密钥',
    });
    const bad = await cli(p.url, ['--lang', 'zh', 'keys', 'issue', '--name', 'x', '--scopes', 'root', ...conn]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      '400 签发 API 密钥的请求无效\n  body.scopes.0: scopes 中的“root”不是可用的权限范围：可用的是 query、download、sql\n' +
        '提示：请发送这样的 JSON：{"name": "...", "scopes": ["query"], "ratePerMinute": 600, "dailyQuota": 100000, "expiresInDays": 365}',
    );
    // In English as before.
    expect((await cli(p.url, ['--lang', 'en', 'keys', 'revoke', 'nosuchkey000', ...conn])).err).toMatch(
      /^404 no API key "nosuchkey000"\nhint: /,
    );
  });
});
