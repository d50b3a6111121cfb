import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { verifyExport } from '../../functions/core/release/audit-export.ts';
import { readLedger, verifyLedger } from '../../functions/usecases/release/audit-ledger.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureBody } from '../support/release-fixtures.ts';

/**
 * The public export of the audit ledger discloses only what is public (docs/releases.md "Audit
 * ledger"): no staff ids, no staff list, nothing of a release never published, no API key; and an
 * outsider still verifies the whole chain from the export alone.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
type Line = Record<string, unknown> & { seq: number; action: string; subject?: string; details: object };
let text: string;
let lines: Line[];

beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
  // A release rejected by the department's approver: its dataset id must stay private.
  const secret = fixtureBody({ id: 'secret-air-quality', releaseId: 'audit-export-rejected' });
  const r1 = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: secret });
  expect(r1.body.state).toBe('checks-passed');
  const rej = await api(p.url, 'POST', `/v1/releases/${r1.body.id}/reject`, {
    token: 'dave',
    body: { reason: 'Not ready: wait for the March figures' },
  });
  expect(rej.body.state).toBe('rejected');
  // An API key for a named client.
  const key = await fetch(`${p.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme Analytics', scopes: ['query'] }),
  });
  expect(key.status).toBe(201);
  // A release published (which exports the ledger).
  const r2 = await api(p.url, 'POST', '/v1/releases', {
    token: 'carol',
    body: fixtureBody({ releaseId: 'audit-export-published' }),
  });
  expect((await api(p.url, 'POST', `/v1/releases/${r2.body.id}/approve`, { token: 'dave' })).body.state).toBe(
    'published',
  );
  const verify = await api(p.url, 'GET', '/v1/audit/verify');
  const head = (await (await fetch(`${p.url}${verify.body.latestExport.head}`)).json()) as { ledger: string };
  text = await (await fetch(`${p.url}${head.ledger}`)).text();
  lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}, 120_000);
afterAll(async () => {
  await p?.cleanup();
});

describe('public audit ledger export', () => {
  it('holds every entry, and discloses no staff id, staff list, unpublished release or API key', async () => {
    const stored = (await readLedger(p.deps)) as Array<{ actor: string; action: string }>;
    expect(lines.map((l) => l.action)).toEqual(stored.map((e) => e.action));
    expect(stored.map((e) => e.actor)).toEqual(expect.arrayContaining(['carol', 'dave', 'local-admin']));
    for (const secret of [
      /"(alice|bob|carol|dave|admin|local-admin)"/,
      /secret-air-quality/,
      /audit-export-rejected/,
      /March figures/,
      /Acme/,
      /api-key\//,
    ]) {
      expect(text).not.toMatch(secret);
    }
    const roles = lines.find((l) => l.action === 'roles.changed');
    expect(roles).toMatchObject({ actor: 'system:configuration', subject: 'principals', details: {} });
    expect(lines.find((l) => l.action === 'release.rejected')).not.toHaveProperty('subject');
  });

  it('discloses the published release, its version and the platform’s own actions', () => {
    const created = lines.find((l) => l.action === 'release.created' && l.subject);
    expect(created).toMatchObject({
      subject: 'release/audit-export-published',
      details: { dataset: 'test-air-quality' },
    });
    expect(created).not.toHaveProperty('actor');
    expect(lines.find((l) => l.action === 'release.published')).toMatchObject({
      actor: 'system:pipeline',
      subject: 'dataset/test-air-quality/v1',
      details: { release: 'audit-export-published', dataset: 'test-air-quality', version: 1 },
    });
  });

  it('verifies from the export alone, internally too, and through the CLI', async () => {
    expect(verifyExport(lines)).toMatchObject({ valid: true, entries: lines.length });
    expect((await verifyLedger(p.deps)).valid).toBe(true);
    const run = async (source: string) => {
      const out: string[] = [];
      const code = await main(['audit', 'verify', '--export', source], {
        out: (s) => out.push(s),
        err: (s) => out.push(s),
        env: {},
        cwd: p.dataDir,
      });
      return { code, out: out.join('\n') };
    };
    const verify = await api(p.url, 'GET', '/v1/audit/verify');
    const head = (await (await fetch(`${p.url}${verify.body.latestExport.head}`)).json()) as { ledger: string };
    expect(await run(`${p.url}${head.ledger}`)).toMatchObject({ code: 0, out: expect.stringMatching(/intact/) });

    // A disclosed value changed in a copy of the file: the CLI names the entry.
    const published = lines.findIndex((l) => l.action === 'release.published');
    const forged = lines.map((l, i) => (i === published ? { ...l, details: { ...l.details, version: 2 } } : l));
    await writeFile(join(p.dataDir, 'forged.ndjson'), forged.map((l) => JSON.stringify(l)).join('\n'));
    expect(await run('forged.ndjson')).toMatchObject({
      code: 1,
      out: expect.stringMatching(new RegExp(`broken at entry #${published + 1}: the disclosed details.version`)),
    });
  });
});
