import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicLedgerExport } from '../support/ledger-export.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, cli, fixtureBody, fixtureManifest, TOKENS } from '../support/release-fixtures.ts';

/** The release lifecycle over HTTP against the local platform (one platform for the whole file). */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['mauna-loa-co2'] });
});
afterAll(async () => {
  await p?.cleanup();
});

describe('npm start demo', () => {
  it('published the two mauna-loa-co2 versions through the lifecycle, with a diff', async () => {
    expect(p.seeded.map((s) => [s.status, s.version])).toEqual([
      ['published', 1],
      ['published', 2],
    ]);
    const releases = await api(p.url, 'GET', '/v1/releases?dataset=mauna-loa-co2', { token: 'bob' });
    expect(
      releases.body.releases.map((r: { state: string; submittedBy: string; approvedBy: string }) => [
        r.state,
        r.submittedBy,
        r.approvedBy,
      ]),
    ).toEqual([
      ['published', 'alice', 'bob'],
      ['published', 'alice', 'bob'],
    ]);
    const diff = await api(p.url, 'GET', '/v1/datasets/mauna-loa-co2/versions/2/diff');
    expect(diff.body.diff).toMatchObject({
      fromVersion: 1,
      fieldsAdded: ['adjusted CO2'],
      rowsAdded: 232,
      rowsRemoved: 0,
      breaking: false,
    });
    const schemaOnly = await api(p.url, 'GET', '/v1/datasets/mauna-loa-co2/versions/2/diff?from=2');
    expect(schemaOnly.status).toBe(400);
  });

  it('is idempotent: starting again publishes nothing new', async () => {
    const again = await p.republish();
    expect(again.map((s) => s.status)).toEqual(['unchanged', 'unchanged']);
  });
});

describe('release API', () => {
  it('needs a valid bearer token', async () => {
    expect((await api(p.url, 'POST', '/v1/releases', { body: fixtureBody() })).status).toBe(401);
    const bad = await fetch(`${p.url}/v1/releases`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
  });

  it('answers 415 naming application/json to a body declared as another type, and creates nothing', async () => {
    const body = fixtureBody({ id: 'text-plain-body', releaseId: 'text-plain-body-r1' });
    const r = await fetch(`${p.url}/v1/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.carol}`, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(415);
    const problem = (await r.json()) as { detail: string; hint: string };
    expect(problem.detail).toMatch(/text\/plain; this route reads application\/json/);
    expect(problem.hint).toMatch(/Content-Type: application\/json/);
    expect((await api(p.url, 'GET', '/v1/releases/text-plain-body-r1', { token: 'carol' })).status).toBe(404);
  });

  it("lets only the release's department (and admins) read a release and its check report", async () => {
    const created = await api(p.url, 'POST', '/v1/releases', {
      token: 'alice',
      body: fixtureBody({ id: 'test-stats-private', publisher: 'demo-stats' }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // dave approves for ecology only: demo-stats' unpublished release is not his to read.
    const other = await api(p.url, 'GET', `/v1/releases/${id}`, { token: 'dave' });
    expect(other.status).toBe(403);
    expect(other.body.detail).toMatch(/department "demo-stats"/);
    const listed = await api(p.url, 'GET', '/v1/releases?dataset=test-stats-private', { token: 'dave' });
    expect(listed.body.releases).toEqual([]);
    for (const token of ['alice', 'bob', 'admin'] as const) {
      expect((await api(p.url, 'GET', `/v1/releases/${id}`, { token })).status, token).toBe(200);
      const mine = await api(p.url, 'GET', '/v1/releases?dataset=test-stats-private', { token });
      expect(
        mine.body.releases.map((r: { id: string }) => r.id),
        token,
      ).toEqual([id]);
    }
  });

  it('lets a department release only datasets whose manifest names it', async () => {
    const r = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ id: 'test-stats-thing', publisher: 'demo-stats' }),
    });
    expect(r.status).toBe(403);
    expect(r.body.type).toBe('/problems/forbidden');
  });

  it("refuses a release that would replace another department's dataset, when opened and when published", async () => {
    // mauna-loa-co2 is published by demo-ecology-environment; alice also publishes for demo-stats.
    const foreign = await api(p.url, 'POST', '/v1/releases', {
      token: 'alice',
      body: fixtureBody({ id: 'mauna-loa-co2', publisher: 'demo-stats' }),
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.detail).toMatch(/"mauna-loa-co2" is published by department "demo-ecology-environment"/);
    expect((await api(p.url, 'GET', '/v1/datasets/mauna-loa-co2')).body.publisher.id).toBe('demo-ecology-environment');

    // Two departments racing for a new id: the first publication takes it, the second is refused.
    const first = await api(p.url, 'POST', '/v1/releases', {
      token: 'alice',
      body: fixtureBody({ id: 'contested-id', publisher: 'demo-ecology-environment' }),
    });
    const second = await api(p.url, 'POST', '/v1/releases', {
      token: 'alice',
      body: fixtureBody({ id: 'contested-id', publisher: 'demo-stats', rows: [['west', 1]] }),
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await api(p.url, 'POST', `/v1/releases/${first.body.id}/approve`, { token: 'bob' })).status).toBe(200);
    const refused = await api(p.url, 'POST', `/v1/releases/${second.body.id}/approve`, { token: 'bob' });
    expect(refused.status).toBe(403);
    const after = await api(p.url, 'GET', `/v1/releases/${second.body.id}`, { token: 'alice' });
    expect(after.body.state).toBe('publication-failed');
    expect((await api(p.url, 'GET', '/v1/datasets/contested-id')).body.publisher.id).toBe('demo-ecology-environment');
  });

  it("shows no sample key of a withdrawn version: neither in its own diff nor as 'removed' in a later one", async () => {
    const publish = async (rows: Array<[string, number]>) => {
      const c = await api(p.url, 'POST', '/v1/releases', {
        token: 'carol',
        body: fixtureBody({ id: 'leaky-keys', rows }),
      });
      expect(c.status).toBe(201);
      expect((await api(p.url, 'POST', `/v1/releases/${c.body.id}/approve`, { token: 'dave' })).status).toBe(200);
    };
    await publish([
      ['north', 1],
      ['south', 2],
    ]);
    await publish([
      ['north', 1],
      ['south', 2],
      ['Alice Secretperson', 3],
    ]); // v2: a name as a key, by mistake
    await publish([
      ['north', 1],
      ['south', 5],
    ]); // v3, from v2: removes that key, changes south
    const withdraw = await api(p.url, 'POST', '/v1/datasets/leaky-keys/versions/2/withdraw', {
      token: 'dave',
      body: { reason: 'a person was named in a key' },
    });
    expect(withdraw.status).toBe(200);
    const seen = [
      await api(p.url, 'GET', '/v1/datasets/leaky-keys/versions'),
      await api(p.url, 'GET', '/v1/datasets/leaky-keys/versions/2'),
      await api(p.url, 'GET', '/v1/datasets/leaky-keys/versions/2/diff'),
      await api(p.url, 'GET', '/v1/datasets/leaky-keys/versions/3'),
      await api(p.url, 'GET', '/v1/datasets/leaky-keys/versions/3/diff'),
    ];
    for (const r of seen) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain('Secretperson');
    }
    // Nor in the catalogue snapshot the site is built from (rewritten by the withdrawal).
    const snapshot = Buffer.from((await p.deps.blobs.readBytes('catalog/snapshot.json')) ?? new Uint8Array());
    expect(snapshot.toString('utf8')).toContain('leaky-keys');
    expect(snapshot.toString('utf8')).not.toContain('Secretperson');
    // The newer version's own keys stay: only what the withdrawn version alone held is gone.
    expect(seen[4]?.body.diff).toMatchObject({ fromVersion: 2, rowsRemoved: 1, sampleKeys: { changed: ['south'] } });
  });

  it('submit → checks → four-eyes approval → published; exactly once', async () => {
    const created = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ releaseId: 'air-r1', label: '2026-Q3' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'air-r1',
      state: 'checks-passed',
      submittedBy: 'carol',
      checks: { valid: true, rowsRead: 3 },
    });
    // Same id and content again: the same release, not a second one.
    const retried = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ releaseId: 'air-r1', label: '2026-Q3' }),
    });
    expect(retried.status).toBe(200);
    expect(
      (await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: fixtureBody({ releaseId: 'air-r1' }) })).status,
    ).toBe(409);

    const own = await api(p.url, 'POST', '/v1/releases/air-r1/approve', { token: 'carol' });
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/four eyes/);
    expect((await api(p.url, 'POST', '/v1/releases/air-r1/approve', { token: 'alice' })).status).toBe(403);

    const approved = await api(p.url, 'POST', '/v1/releases/air-r1/approve', { token: 'dave' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'published', version: 1, approvedBy: 'dave' });
    const again = await api(p.url, 'POST', '/v1/releases/air-r1/approve', { token: 'dave' });
    expect(again.body).toMatchObject({ state: 'published', version: 1 });
    expect(
      (await api(p.url, 'POST', '/v1/releases/air-r1/reject', { token: 'dave', body: { reason: 'too late now' } }))
        .status,
    ).toBe(409);

    const versions = await api(p.url, 'GET', '/v1/datasets/test-air-quality/versions');
    expect(versions.body.versions).toHaveLength(1);
    expect(versions.body.versions[0]).toMatchObject({ version: 1, label: '2026-Q3', state: 'published' });
    expect(
      (await fetch(`${p.url}/v1/datasets/test-air-quality/versions/1/data.csv`, { redirect: 'manual' })).status,
    ).toBeLessThan(400);
  });

  it('a publication refused for good answers the approver at once and leaves the release publication-failed', async () => {
    const created = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ releaseId: 'air-gone' }),
    });
    expect(created.body.state).toBe('checks-passed');
    // The raw upload is gone (the retention sweep, say) before anyone approves.
    await rm(join(p.dataDir, 'raw', 'uploads', created.body.department, 'air-gone'), { recursive: true });
    const approved = await api(p.url, 'POST', '/v1/releases/air-gone/approve', { token: 'dave' });
    expect(approved.status).toBe(410);
    expect(approved.body.detail).toMatch(/no longer in the raw store/);
    const seen = await cli(p.url, ['status', 'air-gone'], 'carol');
    expect(seen.out).toMatch(/state {3}publication-failed/);
    expect(seen.out).toMatch(/not published \(410 gone\): the raw file "data.csv"/);
    expect((await api(p.url, 'POST', '/v1/releases/air-gone/approve', { token: 'dave' })).status).toBe(409);
  });

  it('refuses an undeclared breaking change at the checks, accepts a declared one and flags it', async () => {
    const retyped = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ pm25Type: 'string' }),
    });
    expect(retyped.body.state).toBe('checks-failed');
    expect(retyped.body.checks.issues[0]).toMatchObject({ type: 'schema/breaking-change' });
    expect(retyped.body.checks.issues[0].zh.message).toMatch(
      /^与第 \d+ 版相比有破坏性变更：字段“pm25”的类型由数值（number）改为文本（string）$/,
    );
    const rejected = await api(p.url, 'POST', `/v1/releases/${retyped.body.id}/reject`, {
      token: 'dave',
      body: { reason: 'breaking' },
    });
    expect(rejected.body.state).toBe('rejected');

    const declared = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ withoutPm25: true, breakingNote: 'pm25 moves to its own dataset' }),
    });
    expect(declared.body.state).toBe('checks-passed');
    const done = await api(p.url, 'POST', `/v1/releases/${declared.body.id}/approve`, { token: 'dave' });
    expect(done.body.version).toBe(2);
    const v2 = await api(p.url, 'GET', '/v1/datasets/test-air-quality/versions/2');
    expect(v2.body).toMatchObject({
      breaking: true,
      diff: { fieldsRemoved: ['pm25'], breaking: true, breakingNote: 'pm25 moves to its own dataset' },
    });
  });

  it('refuses at publication a release that breaks a version published after its checks (two releases waiting at once)', async () => {
    const id = 'test-air-two-waiting';
    const release = async (o: Parameters<typeof fixtureBody>[0]) =>
      (await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: fixtureBody({ id, ...o }) })).body;
    const first = await release({ withoutPm25: true });
    expect((await api(p.url, 'POST', `/v1/releases/${first.id}/approve`, { token: 'dave' })).body.version).toBe(1);
    // Both checked against v1: one adds pm25 (not breaking), the other keeps station only (no change).
    const adds = await release({});
    const keeps = await release({ withoutPm25: true, rows: [['west', 0]] });
    expect([adds.state, keeps.state]).toEqual(['checks-passed', 'checks-passed']);
    expect((await api(p.url, 'POST', `/v1/releases/${adds.id}/approve`, { token: 'dave' })).body.version).toBe(2);
    // Published now, `keeps` would drop pm25 from v2 without a declared breaking note.
    const refused = await api(p.url, 'POST', `/v1/releases/${keeps.id}/approve`, { token: 'dave' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/checked against an older version; breaking change against version 2/);
    const failed = await api(p.url, 'GET', `/v1/releases/${keeps.id}`, { token: 'carol' });
    expect(failed.body.state).toBe('publication-failed');
    expect(failed.body.publicationFailure.issues).toEqual([
      expect.objectContaining({ type: 'schema/breaking-change' }),
    ]);
    const versions = await api(p.url, 'GET', `/v1/datasets/${id}/versions`);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('withdraws a version with a reason: downloads and queries answer 410, metadata stays, latest moves back', async () => {
    expect(
      (
        await api(p.url, 'POST', '/v1/datasets/test-air-quality/versions/2/withdraw', {
          token: 'alice',
          body: { reason: 'publisher only' },
        })
      ).status,
    ).toBe(403);
    const w = await api(p.url, 'POST', '/v1/datasets/test-air-quality/versions/2/withdraw', {
      token: 'dave',
      body: { reason: 'wrong station codes' },
    });
    // The department that withdrew it, never the person (the audit ledger keeps dave).
    expect(w.body).toMatchObject({
      state: 'withdrawn',
      withdrawn: { reason: 'wrong station codes', by: 'demo-ecology-environment' },
    });
    const dl = await fetch(`${p.url}/v1/datasets/test-air-quality/versions/2/data.csv`, { redirect: 'manual' });
    expect(dl.status).toBe(410);
    expect(((await dl.json()) as { reason: string }).reason).toBe('wrong station codes');
    expect((await api(p.url, 'GET', '/v1/datasets/test-air-quality/versions/2')).body.state).toBe('withdrawn');
    expect((await api(p.url, 'GET', '/v1/datasets/test-air-quality/query?version=2')).status).toBe(410);
    expect((await api(p.url, 'GET', '/v1/datasets/test-air-quality')).body.latestVersion).toBe(1);
    // The release stays published (what happened to it); the status list says its version was withdrawn.
    const listed = (await cli(p.url, ['status', '--dataset', 'test-air-quality'], 'carol')).out.split('\n');
    expect(listed.find((l) => / v2 /.test(l))).toMatch(/^published .* v2 \(withdrawn\) /);
    expect(listed.find((l) => / v1 /.test(l))).not.toMatch(/withdrawn/);
  });

  it('the CLI uploads only regular files inside the release folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-release-'));
    try {
      const manifest = fixtureManifest({ id: 'test-air-quality' });
      for (const [name, path] of [
        ['absolute', '/etc/passwd'],
        ['parent', '../../etc/passwd'],
      ] as const) {
        await writeFile(join(dir, 'dataset.yaml'), manifest.replace('path: data.csv', `path: ${path}`));
        const r = await cli(p.url, ['release', dir], 'carol');
        expect(r.code, name).toBe(1);
        expect(`${r.out}\n${r.err}`, name).toMatch(/outside the dataset folder/);
      }
      await symlink('/etc/passwd', join(dir, 'data.csv'));
      await writeFile(join(dir, 'dataset.yaml'), manifest);
      const linked = await cli(p.url, ['release', dir], 'carol');
      expect(linked.code).toBe(1);
      expect(`${linked.out}\n${linked.err}`).toMatch(/not a regular file inside the dataset folder/);
      expect(`${linked.out}\n${linked.err}`).not.toMatch(/uploading/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the CLI drives the same API with exit codes 0/1/2', async () => {
    const dir = `${process.cwd()}/datasets/mauna-loa-co2/releases/02-1958-2020`;
    const rel = await cli(p.url, ['release', dir], 'alice');
    expect(rel.code).toBe(0); // already published content: same version data, new release id
    const id = /release (\S+)/.exec(rel.out)?.[1] as string;
    expect(rel.out).toMatch(/checks-passed/);
    // As in AWS: files announced, PUT to presigned URLs, checked when the last one lands.
    expect(rel.out).toMatch(/uploading \S+\.csv \([\d,]+ bytes\)/);
    expect((await cli(p.url, ['status', id], 'bob')).out).toMatch(/checks-passed/);
    expect((await cli(p.url, ['status'], 'bob')).code).toBe(0);
    // --json: a refusal is machine-readable too (the problem on stdout, with its status).
    const missing = await cli(p.url, ['status', 'no-such-release', '--json'], 'bob');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out)).toMatchObject({ status: 404, detail: expect.stringMatching(/no release/) });
    expect((await cli(p.url, ['reject', id], 'bob')).code).toBe(2);
    expect((await cli(p.url, ['approve', id], 'alice')).code).toBe(1);
    const ok = await cli(p.url, ['reject', id, '--reason', 'duplicate of version 2'], 'bob');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/rejected by bob: duplicate of version 2/);
    // Releasing the same content again answers the rejected release as rejected, with who, why and what to do.
    const again = await cli(p.url, ['release', dir], 'alice');
    expect(again.code).toBe(1);
    expect(again.out).toMatch(new RegExp(`release ${id}\\b`));
    expect(again.out).toMatch(/✗ rejected by bob \(.+\): duplicate of version 2\./);
    expect(again.out).toContain(`opendata release ${dir} --resubmit`);
    expect(again.out).not.toMatch(/checks failed/);
    // --resubmit opens a new release of the same content; retried, it is the same release again.
    const resubmitted = await cli(p.url, ['release', dir, '--resubmit'], 'alice');
    expect(resubmitted.code).toBe(0);
    const newId = /^release (\S+)$/m.exec(resubmitted.out)?.[1] as string;
    expect(resubmitted.out).toContain(`release ${id} is rejected: releasing the same content as ${newId}`);
    expect(newId).not.toBe(id);
    expect(resubmitted.out).toMatch(/checks-passed/);
    expect((await cli(p.url, ['release', dir, '--resubmit'], 'alice')).out).toMatch(
      new RegExp(`^release ${newId}$`, 'm'),
    );
    // A plain re-run follows the resubmission; once published it says so and succeeds.
    expect((await cli(p.url, ['approve', newId], 'bob')).code).toBe(0);
    const published = await cli(p.url, ['release', dir], 'alice');
    expect(published.code).toBe(0);
    expect(published.out).toMatch(new RegExp(`^release ${newId}$`, 'm'));
    expect(published.out).toMatch(/already published as version 3 of mauna-loa-co2: nothing to do/);
    expect(published.out).not.toMatch(/checks failed/);
    expect((await cli(p.url, ['withdraw', 'mauna-loa-co2', '1'], 'bob')).code).toBe(2);
    expect((await cli(p.url, ['audit', 'verify'])).out).toMatch(/intact/);
    expect((await cli(p.url, ['audit', 'verify'], undefined)).code).toBe(0);
  });

  it('keeps a verifiable audit ledger of every transition and exports it publicly', async () => {
    const v = await api(p.url, 'GET', '/v1/audit/verify');
    expect(v.status).toBe(200);
    // Public and unauthenticated: cached briefly at the edge (it reads the whole ledger).
    expect((await fetch(`${p.url}/v1/audit/verify`)).headers.get('cache-control')).toMatch(/max-age=60\b/);
    expect(v.body).toMatchObject({ valid: true, headConsistent: true });
    expect(v.body.entries).toBeGreaterThan(15);
    const latest = (v.body as { latestExport: { head: string } | null }).latestExport;
    expect(latest?.head).toMatch(/^\/files\/_audit\/head-\d{10}\.json$/);
    const exported = await publicLedgerExport(p.url);
    expect(exported.head.seq).toBeGreaterThan(0);
    const actions = exported.entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'release.created',
        'release.submitted',
        'release.checks-passed',
        'release.approved',
        'release.published',
        'release.rejected',
        'version.withdrawn',
      ]),
    );
  });
});
