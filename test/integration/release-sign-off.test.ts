/**
 * The platform sign-off of identity exceptions, through the release API and the CLI against the local
 * platform: a release whose piiExceptions let resident ID numbers through cannot be approved by the
 * department alone; a platform admin (not the submitter) signs it off with the same approve call,
 * which is audited and shown in the release's status; then a department approver publishes it. An
 * exception that excepted nothing needs no sign-off and is reported as a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../functions/usecases/release/audit-ledger.ts';
import { publicLedgerExport } from '../support/ledger-export.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, cli, releaseBody } from '../support/release-fixtures.ts';
import { makeResidentId } from '../unit/protection/generators.ts';

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
});
afterAll(async () => {
  await p?.cleanup();
});

const JUSTIFICATION = 'the registry of licensed notaries publishes their ID numbers by law';

/** A release of demo-ecology-environment whose `id_no` column holds resident IDs (or none). */
function body(releaseId: string, ids: readonly string[]) {
  const manifest = `id: notaries-${releaseId}
title: Licensed notaries
description: The notaries licensed in the city, a fixture for the platform sign-off.
publisher: demo-ecology-environment
contact: { name: Licensing section, email: opendata@sthj.demo-city.example }
themes: [environment]
license: CC-BY-4.0
updateFrequency: daily
source:
  files: [{ path: data.csv }]
  format: csv
  encoding: utf-8
primaryKey: [office]
fields:
  - name: office
    type: string
  - name: id_no
    type: string
  - name: hotline
    type: string
piiExceptions:
  - { field: id_no, detector: resident-id, justification: '${JUSTIFICATION}' }
  - { field: hotline, detector: mobile-cn, justification: '${JUSTIFICATION}' }
`;
  return releaseBody(releaseId, manifest, [
    'office,id_no,hotline',
    ...ids.map((id, i) => `office-${i},${id},010-1234567${i}`),
  ]);
}

describe('identity exceptions need a platform sign-off', () => {
  it('refuses the department approver alone, takes an admin sign-off, then the department publishes', async () => {
    const ids = [makeResidentId(), makeResidentId(), makeResidentId()];
    const created = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: body('ids-1', ids) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'checks-passed',
      checks: {
        valid: true,
        piiExceptions: [
          { field: 'id_no', detector: 'resident-id', values: 3 },
          { field: 'hotline', detector: 'mobile-cn', values: 0 },
        ],
        // The hotline exception excepted nothing: a warning, not a refusal.
        warnings: [{ type: 'pii/unused-exception', field: 'hotline' }],
      },
    });
    expect(created.body.platformSignOff).toBeUndefined();

    // The department's own approver cannot approve alone: what, why and how.
    const alone = await api(p.url, 'POST', '/v1/releases/ids-1/approve', { token: 'dave' });
    expect(alone.status).toBe(403);
    expect(alone.body.detail).toMatch(/identity numbers under piiExceptions \(3 resident-id value\(s\) in "id_no"\)/);
    expect(alone.body.detail).toMatch(/needs a platform sign-off/);
    expect(alone.body.hint).toContain('opendata approve ids-1');
    expect(alone.body.platformSignOff).toBe('required');
    expect((await api(p.url, 'GET', '/v1/releases/ids-1', { token: 'carol' })).body.state).toBe('checks-passed');

    // A platform admin's approval is the sign-off: recorded, the release still awaits the department.
    const signed = await api(p.url, 'POST', '/v1/releases/ids-1/approve', { token: 'admin' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ state: 'checks-passed', platformSignOff: { by: 'admin' } });
    expect(Object.keys(signed.body.platformSignOff).sort()).toEqual(['at', 'by']);
    expect(signed.body.approvedBy).toBeUndefined();
    const again = await api(p.url, 'POST', '/v1/releases/ids-1/approve', { token: 'admin' });
    expect(again.body.platformSignOff).toEqual(signed.body.platformSignOff);
    // Four eyes still hold: the submitter cannot approve after the sign-off either.
    expect((await api(p.url, 'POST', '/v1/releases/ids-1/approve', { token: 'carol' })).body.detail).toMatch(
      /four eyes/,
    );

    const published = await api(p.url, 'POST', '/v1/releases/ids-1/approve', { token: 'dave' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'published', approvedBy: 'dave', platformSignOff: { by: 'admin' } });

    // The ledger records who signed off, and the approval names them.
    const verify = await api(p.url, 'GET', '/v1/audit/verify');
    expect(verify.body.valid).toBe(true);
    type Entry = { actor?: string; action: string; subject?: string; details: Record<string, unknown> };
    const stored = ((await readLedger(p.deps)) as Entry[]).filter((e) => e.subject === 'release/ids-1');
    expect(stored.map((e) => e.action)).toEqual(expect.arrayContaining(['release.signed-off', 'release.approved']));
    expect(stored.find((e) => e.action === 'release.signed-off')).toMatchObject({
      actor: 'admin',
      details: { submittedBy: 'carol', exceptions: [{ field: 'id_no', detector: 'resident-id', values: 3 }] },
    });
    expect(stored.find((e) => e.action === 'release.approved')).toMatchObject({
      actor: 'dave',
      details: { signedOffBy: 'admin' },
    });
    // The public export shows the published release's sign-off and its exceptions, never who.
    const exported = (await publicLedgerExport(p.url)).entries as Entry[];
    const signedOff = exported.find((e) => e.subject === 'release/ids-1' && e.action === 'release.signed-off');
    expect(signedOff?.details).toEqual({
      dataset: 'notaries-ids-1',
      exceptions: [{ field: 'id_no', detector: 'resident-id', values: 3 }],
    });
    expect(signedOff).not.toHaveProperty('actor');
    // The published validation report carries the warning too.
    const report = await fetch(`${p.url}/files/notaries-ids-1/v000001/validation-report.json`);
    expect(report.status).toBe(200);
    expect((await report.json()).warnings).toMatchObject([{ type: 'pii/unused-exception', field: 'hotline' }]);
  });

  it('needs no sign-off when the identity exception excepted nothing (and warns about it)', async () => {
    const created = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: body('ids-none', ['none']) });
    expect(created.body.state).toBe('checks-passed');
    expect(created.body.platformSignOff).toBeUndefined();
    expect(created.body.checks.warnings.map((w: { field: string }) => w.field).sort()).toEqual(['hotline', 'id_no']);
    // An admin has nothing to sign off: the department approves alone.
    const admin = await api(p.url, 'POST', '/v1/releases/ids-none/approve', { token: 'admin' });
    expect(admin.status).toBe(403);
    expect(admin.body.hint).toMatch(/needs no platform sign-off/);
    expect((await api(p.url, 'POST', '/v1/releases/ids-none/approve', { token: 'dave' })).body.state).toBe('published');
  });

  it('works the same through the CLI: status says what is awaited, the admin signs off with approve', async () => {
    const created = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: body('ids-cli', [makeResidentId()]),
    });
    expect(created.body.state).toBe('checks-passed');

    const status = await cli(p.url, ['status', 'ids-cli'], 'dave');
    expect(status.out).toMatch(
      /platform sign-off: needed \(identity numbers under piiExceptions: 1 resident-id value\(s\) in "id_no"\)/,
    );
    expect(status.out).toContain('a platform admin runs: opendata approve ids-cli');
    expect(status.out).toMatch(/! \[pii\/unused-exception\] field "hotline"/);
    expect((await cli(p.url, ['status'], 'admin')).out).toMatch(/ids-cli .*\(awaits platform sign-off\)/);

    const alone = await cli(p.url, ['approve', 'ids-cli'], 'dave');
    expect(alone.code).toBe(1);
    expect(`${alone.out}\n${alone.err}`).toMatch(/needs a platform sign-off/);
    expect(`${alone.out}\n${alone.err}`).toContain('opendata approve ids-cli');

    const signed = await cli(p.url, ['approve', 'ids-cli'], 'admin');
    expect(signed.code).toBe(0);
    expect(signed.out).toMatch(
      /signed off for the platform by admin: an approver of demo-ecology-environment other than carol approves it next/,
    );
    expect((await cli(p.url, ['status', 'ids-cli'], 'dave')).out).toMatch(/platform sign-off: by admin /);

    const approved = await cli(p.url, ['approve', 'ids-cli'], 'dave');
    expect(approved.code).toBe(0);
    expect(approved.out).toMatch(/published notaries-ids-cli version 1/);
  });
});
