import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Release } from '../../functions/core/release/release.ts';
import { RELEASE_KIND } from '../../functions/usecases/release/release-store.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureBody, fixtureCsv, fixtureManifest } from '../support/release-fixtures.ts';

/**
 * `POST /v1/releases/{id}/submit` is authorized like `GET /v1/releases/{id}`, in every state: a release
 * is unpublished department data (manifest, check report, who rejected it and why), so a principal of
 * another department gets the same 403 and no check runs on its behalf. Releases of demo-stats: alice
 * publishes, bob approves; carol and dave have roles in demo-ecology-environment only.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
const ids: Record<string, string> = {};
const DEPARTMENT = 'demo-stats';
const CONFIDENTIAL = 'CONFIDENTIAL: wait for the Q3 close, minister not yet briefed';

beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
  const create = async (name: string, body: Record<string, unknown>) => {
    const r = await api(p.url, 'POST', '/v1/releases', { token: 'alice', body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[name] = r.body.id;
    return r.body;
  };
  // draft: files announced, not uploaded
  const manifest = fixtureManifest({ id: 'submit-access-draft', publisher: DEPARTMENT });
  const csv = Buffer.from(fixtureCsv());
  await create('draft', {
    releaseId: 'submit-access-draft-r1',
    manifest,
    files: [{ name: 'data.csv', bytes: csv.length, sha256: createHash('sha256').update(csv).digest('hex') }],
  });
  for (const name of ['checks-passed', 'submitted', 'rejected', 'published']) {
    await create(name, fixtureBody({ id: `submit-access-${name}`, publisher: DEPARTMENT }));
  }
  // checks-failed: a duplicate primary key
  await create(
    'checks-failed',
    fixtureBody({
      id: 'submit-access-failed',
      publisher: DEPARTMENT,
      rows: [
        ['north', 1],
        ['north', 2],
      ],
    }),
  );
  const rejected = await api(p.url, 'POST', `/v1/releases/${ids.rejected}/reject`, {
    token: 'bob',
    body: { reason: CONFIDENTIAL },
  });
  expect(rejected.status).toBe(200);
  expect((await api(p.url, 'POST', `/v1/releases/${ids.published}/approve`, { token: 'bob' })).status).toBe(200);
  await markSubmitted(ids.submitted as string);
}, 120_000);

/** Checks that broke off leave a release `submitted` (the next submit runs them again): as they would. */
async function markSubmitted(id: string) {
  const doc = await p.deps.catalog.getDoc<unknown>(RELEASE_KIND, id);
  const { checks: _c, diff: _d, breaking: _b, ...rest } = Release.parse(doc?.value);
  await p.deps.catalog.putDoc(
    RELEASE_KIND,
    rest.id,
    { ...rest, state: 'submitted', history: rest.history.filter((h) => h.state !== 'checks-passed') },
    doc?.revision ?? 0,
  );
}
afterAll(async () => {
  await p?.cleanup();
});

const STATES = ['draft', 'submitted', 'checks-passed', 'checks-failed', 'rejected', 'published'] as const;
const stateOf = async (name: string) =>
  Release.parse((await p.deps.catalog.getDoc<unknown>(RELEASE_KIND, ids[name] as string))?.value).state;

describe('POST /v1/releases/{id}/submit', () => {
  it('has the releases in the states under test', async () => {
    expect(await Promise.all(STATES.map(stateOf))).toEqual(STATES);
  });

  it.each(STATES)(
    "answers another department's principal 403 like GET for a %s release, and changes nothing",
    async (state) => {
      const id = ids[state] as string;
      const before = await p.deps.catalog.getDoc<unknown>(RELEASE_KIND, id);
      for (const token of ['carol', 'dave'] as const) {
        const read = await api(p.url, 'GET', `/v1/releases/${id}`, { token });
        const submit = await api(p.url, 'POST', `/v1/releases/${id}/submit`, { token });
        expect(read.status).toBe(403);
        expect(submit.status).toBe(403);
        // The same problem as GET's (only `instance`, the path asked, differs).
        expect({ ...submit.body, instance: undefined }).toEqual({ ...read.body, instance: undefined });
        expect(submit.body.detail).toContain(`belongs to department "${DEPARTMENT}", where you have no role`);
        const text = JSON.stringify(submit.body);
        for (const secret of [CONFIDENTIAL, 'alice', 'bob', '"manifest"', '"checks"', '"history"'])
          expect(text).not.toContain(secret);
      }
      // No check ran and no state moved on the stranger's behalf.
      expect((await p.deps.catalog.getDoc<unknown>(RELEASE_KIND, id))?.revision).toBe(before?.revision);
    },
  );

  it('needs a token', async () => {
    expect((await api(p.url, 'POST', `/v1/releases/${ids.published}/submit`)).status).toBe(401);
  });

  it("lets the department's approvers and admins read a release past submission, as GET does, but not run checks", async () => {
    for (const state of ['checks-failed', 'rejected', 'published'] as const) {
      for (const token of ['bob', 'admin'] as const) {
        const read = await api(p.url, 'GET', `/v1/releases/${ids[state]}`, { token });
        const submit = await api(p.url, 'POST', `/v1/releases/${ids[state]}/submit`, { token });
        expect([read.status, submit.status]).toEqual([200, 200]);
        expect(submit.body).toEqual(read.body);
      }
    }
    const bySubmitter = await api(p.url, 'POST', `/v1/releases/${ids.rejected}/submit`, { token: 'alice' });
    expect(bySubmitter.body.rejection.reason).toBe(CONFIDENTIAL);
    // Only a publisher (or the platform) submits a draft or runs the checks again; an approver neither.
    for (const [state, token, hint] of [
      ['draft', 'bob', 'ask a publisher of that department'],
      ['draft', 'admin', 'ask a publisher of that department'],
      ['submitted', 'bob', 'ask a publisher of that department or a platform admin'],
    ] as const) {
      const r = await api(p.url, 'POST', `/v1/releases/${ids[state]}/submit`, { token });
      expect(r.status, `${token} on ${state}`).toBe(403);
      expect(r.body.hint).toBe(hint);
      expect(await stateOf(state)).toBe(state);
    }
  });

  it("lets the department's own publisher run the checks of a submitted release again", async () => {
    const r = await api(p.url, 'POST', `/v1/releases/${ids.submitted}/submit`, { token: 'alice' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids.submitted, state: 'checks-passed', department: DEPARTMENT });
    expect(r.body.checks.valid).toBe(true);
    // A draft whose files are missing: the publisher is told which one (409), not refused.
    const draft = await api(p.url, 'POST', `/v1/releases/${ids.draft}/submit`, { token: 'alice' });
    expect(draft.status).toBe(409);
    expect(draft.body.detail).toContain('"data.csv"');
  });

  it('reads the release once to authorize and submit it', async () => {
    const getDoc = vi.spyOn(p.deps.catalog, 'getDoc');
    try {
      const draft = await api(p.url, 'POST', `/v1/releases/${ids.draft}/submit`, { token: 'alice' });
      expect(draft.status).toBe(409);
      expect(getDoc.mock.calls.filter(([kind, id]) => kind === RELEASE_KIND && id === ids.draft)).toHaveLength(1);
    } finally {
      getDoc.mockRestore();
    }
  });

  it('lets a platform admin run the checks of a submitted release again (the checks-error notice asks the platform team to)', async () => {
    await markSubmitted(ids.submitted as string);
    expect(await stateOf('submitted')).toBe('submitted');
    const r = await api(p.url, 'POST', `/v1/releases/${ids.submitted}/submit`, { token: 'admin' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids.submitted, state: 'checks-passed', department: DEPARTMENT });
  });

  it('answers a published release whose version was withdrawn since as GET does, with versionWithdrawn', async () => {
    const w = await api(p.url, 'POST', '/v1/datasets/submit-access-published/versions/1/withdraw', {
      token: 'bob',
      body: { reason: 'units were wrong in every row' },
    });
    expect(w.status).toBe(200);
    const read = await api(p.url, 'GET', `/v1/releases/${ids.published}`, { token: 'alice' });
    const submit = await api(p.url, 'POST', `/v1/releases/${ids.published}/submit`, { token: 'alice' });
    expect(submit.status).toBe(200);
    expect(submit.body.versionWithdrawn).toMatchObject({ reason: 'units were wrong in every row', by: DEPARTMENT });
    expect(submit.body).toEqual(read.body);
  });
});
