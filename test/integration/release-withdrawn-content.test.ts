import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../functions/usecases/release/audit-ledger.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, cli, fixtureBody, fixtureCsv, fixtureManifest } from '../support/release-fixtures.ts';

/**
 * What a department meets around withdrawal, through the real local server, handlers and CLI: the
 * reason is public for good (personal data in it is refused), content whose version was withdrawn can be
 * released again (and is not "already published"), and the release API's small promises — a file that is
 * not base64 creates nothing, a first version's entry is not updated before it was created, the CLI's
 * hints name CLI commands.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
let dir: string;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
  dir = await mkdtemp(join(tmpdir(), 'withdrawn-content-'));
}, 120_000);
afterAll(async () => {
  await p?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A release folder of the fixture dataset `id` (ecology department: carol releases, dave approves). */
async function folder(id: string): Promise<string> {
  const d = join(dir, id);
  await mkdir(d, { recursive: true });
  await writeFile(join(d, 'dataset.yaml'), fixtureManifest({ id }));
  await writeFile(join(d, 'data.csv'), fixtureCsv());
  return d;
}

const releaseIdOf = (out: string) => /^release (\S+)$/m.exec(out)?.[1] as string;
const actions = async () => (await readLedger(p.deps)) as Array<{ action: string; subject: string }>;

describe('a withdrawal reason is public for good', () => {
  const personal = '隐私事件：第1行张伟（身份证110101199003074514，电话13812345678）可被重新识别，撤回';

  it('is refused (422) when it holds personal data, and nothing is withdrawn', async () => {
    const c = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: fixtureBody({ id: 'reason-pii' }) });
    expect((await api(p.url, 'POST', `/v1/releases/${c.body.id}/approve`, { token: 'dave' })).status).toBe(200);
    const before = (await actions()).length;

    const refused = await api(p.url, 'POST', '/v1/datasets/reason-pii/versions/1/withdraw', {
      token: 'dave',
      body: { reason: personal },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('/problems/unprocessable');
    expect(refused.body.detail).toMatch(/body\.reason looks like a resident identity card number and a mobile number/);
    expect(refused.body.hint).toMatch(/describe the problem without personal data/);
    expect(refused.body.personalData).toEqual([{ field: 'reason', kinds: ['resident-id', 'mobile-cn'] }]);
    expect(JSON.stringify(refused.body)).not.toMatch(/110101199003074514|13812345678/);
    // Nothing happened: the version is published, its files are served, the ledger has no withdrawal.
    expect((await api(p.url, 'GET', '/v1/datasets/reason-pii/versions/1')).body.state).toBe('published');
    expect((await api(p.url, 'GET', '/v1/datasets/reason-pii')).status).toBe(200);
    expect(
      (await fetch(`${p.url}/v1/datasets/reason-pii/versions/1/data.csv`, { redirect: 'manual' })).status,
    ).toBeLessThan(400);
    expect((await actions()).length).toBe(before);

    // An admin is refused the same way (the platform's reasons are as public as a department's).
    const byAdmin = await api(p.url, 'POST', '/v1/datasets/reason-pii/versions/1/withdraw', {
      token: 'admin',
      body: { reason: personal },
    });
    expect(byAdmin.status).toBe(422);
  });

  it('the CLI warns in its help and prints the refusal; the problem described without the person is accepted', async () => {
    const help = await cli(p.url, ['withdraw', '--help']);
    expect(help.out).toMatch(/PUBLIC FOR GOOD/);
    expect(help.out).toMatch(/without personal data/);

    // `latest` would withdraw whatever is newest when the request lands: the platform asks for a number.
    const latest = await cli(p.url, ['withdraw', 'reason-pii', 'latest', '--reason', 'superseded'], 'bob');
    expect(latest.code).toBe(1);
    expect(latest.err).toMatch(/"latest" is not a version number/);
    expect(latest.err).toMatch(/hint: withdraw a numbered version, e\.g\. 2/);

    const refused = await cli(p.url, ['withdraw', 'reason-pii', '1', '--reason', personal], 'bob');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /seems to contain personal data: body\.reason looks like a resident identity card number/,
    );
    expect(refused.err).toMatch(/hint: describe the problem without personal data/);
    expect(refused.err).not.toMatch(/110101199003074514/);

    const ok = await cli(
      p.url,
      ['withdraw', 'reason-pii', '1', '--reason', '第1行的记录可被重新识别：撤回，待重新脱敏'],
      'bob',
    );
    expect(ok.code).toBe(0);
    const gone = await api(p.url, 'GET', '/v1/datasets/reason-pii');
    expect(gone.status).toBe(410);
    expect(gone.body.reason).toBe('第1行的记录可被重新识别：撤回，待重新脱敏');
  });
});

describe('content whose version was withdrawn', () => {
  it('is not "already published": the CLI says it was withdrawn, why, and --resubmit brings the dataset back', async () => {
    const d = await folder('withdrawn-again');
    const first = await cli(p.url, ['release', d], 'carol');
    expect(first.code).toBe(0);
    const r1 = releaseIdOf(first.out);
    expect((await cli(p.url, ['approve', r1], 'dave')).out).toMatch(/published withdrawn-again version 1/);
    expect(
      (await cli(p.url, ['withdraw', 'withdrawn-again', '1', '--reason', 'wrong station codes in this series'], 'dave'))
        .code,
    ).toBe(0);
    expect((await api(p.url, 'GET', '/v1/datasets/withdrawn-again')).status).toBe(410);

    // The API answers the same release (the id is the idempotency key), saying its version was withdrawn.
    const read = await api(p.url, 'GET', `/v1/releases/${r1}`, { token: 'carol' });
    expect(read.body).toMatchObject({
      state: 'published',
      version: 1,
      versionWithdrawn: { reason: 'wrong station codes in this series', by: 'demo-ecology-environment' },
    });
    const listed = await api(p.url, 'GET', '/v1/releases?dataset=withdrawn-again', { token: 'carol' });
    expect(listed.body.releases[0].versionWithdrawn.reason).toBe('wrong station codes in this series');

    // opendata status <id> says so.
    const status = await cli(p.url, ['status', r1], 'carol');
    expect(status.out).toMatch(/state {3}published → version 1 \(withdrawn\)/);
    expect(status.out).toMatch(/version 1 withdrawn \S+ by demo-ecology-environment: wrong station codes/);

    // Approving it again (the approver resumes a published release) answers the same view, and
    // opendata approve says the version was withdrawn instead of a bare "published … version 1".
    const reapproved = await api(p.url, 'POST', `/v1/releases/${r1}/approve`, { token: 'dave' });
    expect(reapproved.status).toBe(200);
    expect(reapproved.body).toMatchObject({
      state: 'published',
      version: 1,
      versionWithdrawn: { reason: 'wrong station codes in this series', by: 'demo-ecology-environment' },
    });
    const approveAgain = await cli(p.url, ['approve', r1], 'dave');
    expect(approveAgain.out).toMatch(
      /^✗ .* published withdrawn-again version 1 \(withdrawn \S+ by demo-ecology-environment: wrong station codes in this series\); .*--resubmit$/,
    );
    // The version it names is not available: exit 1, as `opendata release` for the same state.
    expect(approveAgain.code).toBe(1);
    expect((await api(p.url, 'GET', '/v1/datasets/withdrawn-again')).status).toBe(410);

    // Re-running: not "nothing to do" (exit 0) while the dataset answers 410.
    const again = await cli(p.url, ['release', d], 'carol');
    expect(again.code).toBe(1);
    expect(again.out).not.toMatch(/already published/);
    expect(again.out).toMatch(
      /✗ published as version 1 of withdrawn-again, then withdrawn \S+ by demo-ecology-environment: wrong station codes in this series\./,
    );
    expect(again.out).toContain(`opendata release ${d} --resubmit`);

    // --resubmit opens a new release of the same content; approved, it is version 2 and the dataset is back.
    const resubmitted = await cli(p.url, ['release', d, '--resubmit'], 'carol');
    expect(resubmitted.code).toBe(0);
    const r2 = releaseIdOf(resubmitted.out);
    expect(r2).not.toBe(r1);
    expect(resubmitted.out).toContain(
      `release ${r1} was published as version 1 of withdrawn-again, withdrawn since (wrong station codes in this series): releasing the same content as ${r2}`,
    );
    expect(resubmitted.out).toMatch(/checks-passed/);
    expect((await cli(p.url, ['approve', r2], 'dave')).out).toMatch(/published withdrawn-again version 2/);
    const back = await api(p.url, 'GET', '/v1/datasets/withdrawn-again');
    expect(back.status).toBe(200);
    expect(back.body.latestVersion).toBe(2);
    const published = await cli(p.url, ['release', d], 'carol');
    expect(published.code).toBe(0);
    expect(published.out).toMatch(new RegExp(`^release ${r2}$`, 'm'));
    expect(published.out).toMatch(/already published as version 2 of withdrawn-again: nothing to do/);

    // Both versions withdrawn: a plain re-run follows to the newest release and says it was withdrawn;
    // --resubmit opens a third, published as version 3.
    expect(
      (await cli(p.url, ['withdraw', 'withdrawn-again', '2', '--reason', 'still the wrong codes'], 'dave')).code,
    ).toBe(0);
    const twice = await cli(p.url, ['release', d], 'carol');
    expect(twice.code).toBe(1);
    expect(twice.out).toMatch(new RegExp(`^release ${r2}$`, 'm'));
    expect(twice.out).toMatch(/published as version 2 of withdrawn-again, then withdrawn .*: still the wrong codes/);
    const third = await cli(p.url, ['release', d, '--resubmit'], 'carol');
    const r3 = releaseIdOf(third.out);
    expect([r1, r2]).not.toContain(r3);
    expect((await cli(p.url, ['approve', r3], 'dave')).out).toMatch(/published withdrawn-again version 3/);
    const list = await cli(p.url, ['status', '--dataset', 'withdrawn-again'], 'carol');
    expect(list.out.split('\n').map((l) => / v\d( \(withdrawn\))? /.exec(l)?.[0].trim())).toEqual([
      'v3',
      'v2 (withdrawn)',
      'v1 (withdrawn)',
    ]);
  });
});

describe('the release API', () => {
  it('refuses a file that is not base64 (400 naming it) and creates no release', async () => {
    const body = fixtureBody({ id: 'not-base64', releaseId: 'not-base64-r1' });
    const res = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: { ...body, files: [{ name: 'data.csv', contentBase64: '!!!notbase64@@' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/file "data\.csv" is not valid base64/);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ where: 'body.files.0.contentBase64', message: 'file "data.csv": not valid base64' }),
    ]);
    expect((await api(p.url, 'GET', '/v1/releases/not-base64-r1', { token: 'carol' })).status).toBe(404);
    expect((await api(p.url, 'GET', '/v1/releases?dataset=not-base64', { token: 'carol' })).body.releases).toEqual([]);
    expect((await actions()).filter((e) => e.subject === 'release/not-base64-r1')).toEqual([]);
    // Base64 as encoders write it — wrapped at 76 characters, or without padding — is read as such.
    const csv = Buffer.from(fixtureCsv({ rows: Array.from({ length: 20 }, (_, i) => [`station-${i}`, i]) }));
    const wrapped = csv.toString('base64').replace(/.{76}/g, '$&\n');
    const ok = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: { ...body, files: [{ name: 'data.csv', contentBase64: wrapped }] },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.checks).toMatchObject({ valid: true, rowsRead: 20 });
  });

  it("a first version's catalogue entry is not updated before it was created", async () => {
    const c = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: fixtureBody({ id: 'entry-times' }) });
    expect((await api(p.url, 'POST', `/v1/releases/${c.body.id}/approve`, { token: 'dave' })).status).toBe(200);
    const entry = (await api(p.url, 'GET', '/v1/datasets/entry-times')).body;
    const v1 = (await api(p.url, 'GET', '/v1/datasets/entry-times/versions/1')).body;
    expect(entry.createdAt).toBe(v1.publishedAt);
    expect(entry.updatedAt).toBe(v1.publishedAt);
  });

  it('the CLI prints its own command where a hint names a release route', async () => {
    const c = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ id: 'hint-cli' }),
    });
    const rejected = await cli(p.url, ['reject', c.body.id, '--reason', 'wrong units in pm25'], 'dave');
    expect(rejected.code).toBe(0);
    const refused = await cli(p.url, ['approve', c.body.id], 'dave');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/it cannot be approved \(HTTP 409\)/);
    expect(refused.err).toContain(`see \`opendata status ${c.body.id}\``);
    expect(refused.err).not.toMatch(/GET \/v1\/releases/);
    // --json keeps the API's problem as it is, for scripts.
    const json = await cli(p.url, ['approve', c.body.id, '--json'], 'dave');
    expect(JSON.parse(json.out).hint).toContain(`GET /v1/releases/${c.body.id}`);
    expect((await cli(p.url, ['status', 'no-such-release'], 'dave')).err).toMatch(
      /list releases with `opendata status`/,
    );
  });
});
