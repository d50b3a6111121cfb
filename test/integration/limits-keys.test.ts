import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { flushUsage, usageOfDay } from '../../functions/usecases/access/record-usage.ts';
import { startTestPlatform } from '../support/platform.ts';
import { awaitFreshMinute } from '../support/rate-window.ts';

type Problem = { type: string; status: number; detail: string };

/** API keys over HTTP: admin issuance/revocation (API and CLI), scopes, expiry, per-key rate, daily quota, metering. */
describe('access tiers: API keys', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  const admin = () => ({ authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' });
  const issue = async (body: Record<string, unknown>) => {
    const r = await fetch(`${p.url}/v1/keys`, { method: 'POST', headers: admin(), body: JSON.stringify(body) });
    expect(r.status).toBe(201);
    const issued = (await r.json()) as { key: string; record: { id: string; status: string; scopes: string[] } };
    // The created key's resource (DELETE it to revoke the key).
    expect(r.headers.get('location')).toBe(`/v1/keys/${issued.record.id}`);
    return issued;
  };
  const query = (key?: string, header: 'bearer' | 'x-api-key' = 'bearer', qs = '$limit=1') =>
    fetch(`${p.url}/v1/datasets/seattle-weather/query?${qs}`, {
      headers: key ? (header === 'bearer' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key }) : {},
    });

  beforeAll(async () => {
    p = await startTestPlatform({ only: ['seattle-weather'] });
    await awaitFreshMinute(20);
  }, 180_000);
  afterAll(() => p?.cleanup());

  it('refuses key management without the admin token or with a wrong one (401)', async () => {
    const none = await fetch(`${p.url}/v1/keys`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/problem\+json/);
    const wrong = await fetch(`${p.url}/v1/keys`, { headers: { authorization: 'Bearer not-the-admin-token' } });
    expect(wrong.status).toBe(401);
    const bad = await fetch(`${p.url}/v1/keys`, {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ name: 'x', scopes: ['root'] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ where: string }> }).errors[0]?.where).toMatch(/^body\.scopes/);
  });

  it('issues a key shown once and stored only as a hash; it works as Bearer and as X-API-Key with its own limits', async () => {
    const { key, record } = await issue({
      name: 'Acme Analytics',
      scopes: ['query'],
      ratePerMinute: 50,
      dailyQuota: 1000,
    });
    expect(key).toMatch(/^odk_[a-z0-9]{12}_/);
    expect(record.status).toBe('active');
    const stored = await p.deps.catalog.getDoc<Record<string, unknown>>('apikey', record.id);
    expect(JSON.stringify(stored?.value)).not.toContain(key);
    expect(stored?.value.sha256).toMatch(/^[0-9a-f]{64}$/);

    const a = await query(key, 'bearer');
    expect(a.status).toBe(200);
    expect(a.headers.get('x-ratelimit-limit')).toBe('50');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('49');
    expect(a.headers.get('x-quota-limit')).toBe('1000');
    const b = await query(key, 'x-api-key');
    expect(b.status).toBe(200);
    expect(b.headers.get('x-ratelimit-remaining')).toBe('48');

    const list = (await (await fetch(`${p.url}/v1/keys`, { headers: admin() })).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    const listed = list.keys.find((k) => k.id === record.id);
    expect(listed?.name).toBe('Acme Analytics');
    expect(listed).not.toHaveProperty('sha256');
  });

  it('enforces scopes: a download-only key gets 403 problem+json on the query API', async () => {
    const { key } = await issue({ name: 'Downloads only', scopes: ['download'] });
    const q = await query(key);
    expect(q.status).toBe(403);
    const problem = (await q.json()) as Problem & { hint: string };
    expect(problem.detail).toMatch(/"query" scope/);
    expect(problem.hint).toMatch(/its scopes are: download; .*without a key \(anonymous limits\)/);
    const d = await fetch(`${p.url}/v1/datasets/seattle-weather/versions/1/datapackage.json`, {
      headers: { 'x-api-key': key },
      redirect: 'manual',
    });
    expect([200, 302]).toContain(d.status);
  });

  it('answers 401 problem+json for revoked, expired and unknown keys', async () => {
    const { key, record } = await issue({ name: 'Soon revoked', scopes: ['query'] });
    expect((await query(key)).status).toBe(200);
    const rev = await fetch(`${p.url}/v1/keys/${record.id}`, { method: 'DELETE', headers: admin() });
    expect(rev.status).toBe(200);
    expect(((await rev.json()) as { status: string }).status).toBe('revoked');
    // Both events are in the audit ledger, with the admin as actor and without the key.
    const audit = (await p.deps.catalog.listDocs<{ action: string; subject: string; actor: string }>('audit')).map(
      (d) => d.value,
    );
    const mine = audit.filter((e) => e.subject === `api-key/${record.id}`);
    expect(mine.map((e) => e.action)).toEqual(['api-key.issued', 'api-key.revoked']);
    expect(mine.every((e) => e.actor === 'local-admin')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(key);
    const after = await query(key);
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await after.json()) as Problem).detail).toMatch(/revoked/);

    const soon = await issue({
      name: 'Short-lived',
      scopes: ['query'],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await query(soon.key)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    const expired = await query(soon.key);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as Problem).detail).toMatch(/expired/);

    const forged = `${soon.key.slice(0, -4)}AAAA`;
    const f = await query(forged);
    expect(f.status).toBe(401);
    expect(((await f.json()) as Problem).detail).toBe('the API key is not valid');
    expect(f.headers.get('x-ratelimit-limit')).toBeTruthy();
  });

  it('limits a key per minute: 429 with Retry-After after its rate', async () => {
    const { key } = await issue({ name: 'Slow partner', scopes: ['query'], ratePerMinute: 3 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await query(key);
      statuses.push(last.status);
      await last.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last?.headers.get('x-ratelimit-remaining')).toBe('0');
    // A key holder gets its quota headers on a per-minute refusal too (read, not used: 3 of the day's requests).
    expect(last?.headers.get('x-quota-limit')).toBe('100000');
    expect(last?.headers.get('x-quota-remaining')).toBe('99997');
    expect(Number(last?.headers.get('x-quota-reset'))).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 problem+json when X-API-Key and Authorization: Bearer carry different keys', async () => {
    const { key } = await issue({ name: 'Two headers', scopes: ['query'] });
    const other = (await issue({ name: 'Other key', scopes: ['query'] })).key;
    const both = await fetch(`${p.url}/v1/datasets/seattle-weather/query?$limit=1`, {
      headers: { 'x-api-key': key, authorization: `Bearer ${other}` },
    });
    expect(both.status).toBe(400);
    expect(both.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await both.json()) as Problem).detail).toMatch(/^conflicting credentials/);
    // The same key in both headers is not a conflict.
    const same = await fetch(`${p.url}/v1/datasets/seattle-weather/query?$limit=1`, {
      headers: { 'x-api-key': key, authorization: `Bearer ${key}` },
    });
    expect(same.status).toBe(200);
  });

  it('enforces the daily quota: 429 until the UTC day ends', async () => {
    const { key } = await issue({ name: 'Tiny quota', scopes: ['query'], ratePerMinute: 100, dailyQuota: 2 });
    const rs = [];
    for (let i = 0; i < 3; i++) rs.push(await query(key));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(rs[1]?.headers.get('x-quota-remaining')).toBe('0');
    const denied = rs[2] as Response;
    const retryAfter = Number(denied.headers.get('retry-after'));
    const toMidnight = Math.ceil((86_400_000 - (Date.now() % 86_400_000)) / 1000);
    expect(Math.abs(retryAfter - toMidnight)).toBeLessThan(5);
    expect(((await denied.json()) as Problem).detail).toMatch(/daily quota/);
    // The X-RateLimit-* headers of the refusal all describe the policy that refused: limit, remaining
    // and reset of the day's quota, not the minute's limit with the day's reset.
    expect(denied.headers.get('x-ratelimit-limit')).toBe('2');
    expect(denied.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(denied.headers.get('x-ratelimit-reset')).toBe(String(retryAfter));
  });

  it('meters queries and downloads per dataset, version, format, day and key (anonymous included)', async () => {
    const { key, record } = await issue({ name: 'Metered', scopes: ['query', 'download', 'sql'] });
    for (let i = 0; i < 3; i++) await (await query(key, 'bearer', `$limit=${i + 1}`)).arrayBuffer();
    await (await query(key, 'bearer', '$limit=1&format=csv')).arrayBuffer();
    await (await query(undefined, 'bearer', '$limit=2')).arrayBuffer();
    const dl = await fetch(`${p.url}/v1/datasets/seattle-weather/versions/latest/data.csv`, {
      headers: { 'x-api-key': key },
      redirect: 'manual',
    });
    expect(dl.status).toBe(302);
    // Not downloads of the dataset: a HEAD, a range further in (resumed download, Parquet reader), metadata files.
    for (const [file, init] of [
      ['data.csv', { method: 'HEAD' }],
      ['data.csv', { headers: { range: 'bytes=100-' } }],
      ['SHA256SUMS', {}],
      ['datapackage.json', {}],
    ] as const) {
      const r = await fetch(`${p.url}/v1/datasets/seattle-weather/versions/latest/${file}`, {
        ...init,
        headers: { 'x-api-key': key, ...('headers' in init ? init.headers : {}) },
        redirect: 'manual',
      });
      expect(r.status, file).toBe(302);
    }
    const sql = await fetch(`${p.url}/v1/sql`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM "seattle-weather"' }),
    });
    expect(sql.status).toBe(200);
    await flushUsage(p.deps);
    const day = new Date().toISOString().slice(0, 10);
    const counts = await usageOfDay(p.deps, day);
    const of = (k: string, kind: string, format: string) =>
      counts.find(
        (c) =>
          c.key === k && c.kind === kind && c.format === format && c.dataset === 'seattle-weather' && c.version === 1,
      )?.count;
    expect(of(record.id, 'query', 'json')).toBe(3);
    expect(of(record.id, 'query', 'csv')).toBe(1);
    expect(of(record.id, 'download', 'csv')).toBe(1);
    expect(counts.filter((c) => c.key === record.id && c.kind === 'download').map((c) => c.format)).toEqual(['csv']);
    expect(of(record.id, 'sql', 'json')).toBe(1);
    expect(of('anonymous', 'query', 'json')).toBeGreaterThanOrEqual(1);
  });

  it('manages keys from the CLI: opendata keys issue | list | revoke', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, cwd: p.dataDir };
    const conn = ['--url', p.url, '--token', p.adminToken];
    expect(
      await main(
        ['keys', 'issue', '--name', 'CLI partner', '--scopes', 'query,sql', '--rate', '120', '--days', '30', ...conn],
        io,
      ),
    ).toBe(0);
    const key = out.join('\n').match(/odk_[a-z0-9]{12}_\S+/)?.[0];
    const id = key?.slice(4, 16) ?? '';
    expect(key).toBeTruthy();
    expect((await query(key)).status).toBe(200);
    out.length = 0;
    // Without --token the CLI reads <data-dir>/secrets/admin.token (cwd is the platform's data dir here).
    expect(await main(['keys', 'list', '--url', p.url, '--data-dir', '.'], io)).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`${id}\\s+active\\s+CLI partner\\s+query,sql\\s+120/min`));
    // The environment every other command reads: OPENDATA_API, and OPENDATA_DATA_DIR as `npm start` takes it.
    out.length = 0;
    const envIo = { ...io, env: { OPENDATA_API: p.url, OPENDATA_DATA_DIR: p.dataDir }, cwd: '/' };
    expect(await main(['keys', 'list'], envIo)).toBe(0);
    expect(out.join('\n')).toContain(id);
    expect(await main(['keys', 'revoke', id, ...conn], io)).toBe(0);
    expect((await query(key)).status).toBe(401);
    expect(await main(['keys', 'revoke', 'nosuchkey000', ...conn], io)).toBe(1);
    expect(err.join('\n')).toMatch(/404 no API key/);
    expect(await main(['keys', 'frobnicate'], io)).toBe(2);
  });
});
