import { describe, expect, it } from 'vitest';
import { RELEASE_STATES, type Release } from '../../../functions/core/release/release.ts';
import type { Alert } from '../../../functions/ports/notifier.ts';
import type { ReleaseDeps } from '../../../functions/usecases/release/deps.ts';
import { announceRelease, releaseNotice } from '../../../functions/usecases/release/notices.ts';
import { sampleRelease } from '../../support/release-samples.ts';

const AT = '2026-11-22T00:00:00.000Z';
const BASE = 'https://data.example.gov';

function release(patch: Partial<Release>): Release {
  return sampleRelease({
    id: 'air-2026q3',
    datasetId: 'air-quality',
    department: 'demo-ecology-environment',
    createdAt: AT,
    ...patch,
  });
}

const checks = (valid: boolean): NonNullable<Release['checks']> => ({
  valid,
  rowsRead: 3,
  total: valid ? 0 : 2,
  counts: valid ? {} : ({ 'pii/residual': 1, 'cell/type': 1 } as Record<string, number>),
  // A masked personal value in an issue must never reach a notice.
  issues: valid
    ? []
    : [{ type: 'pii/residual' as const, field: 'remarks', value: '13*******78', message: 'x 13*******78', hint: 'h' }],
  checkedAt: AT,
});

describe('release notices', () => {
  it('tells the department a checked release awaits approval, with the command and a link', () => {
    const n = releaseNotice(release({ state: 'checks-passed', checks: checks(true) }), BASE, AT);
    expect(n).toMatchObject({
      kind: 'release-awaiting-approval',
      urgency: 'notice',
      department: 'demo-ecology-environment',
      datasetId: 'air-quality',
      link: `${BASE}/v1/releases/air-2026q3`,
    });
    expect(n?.message).toContain('opendata approve air-2026q3');
    expect(n?.message).toContain('other than the submitter');
  });

  it('says what failed by counts only, never a value from the report', () => {
    const n = releaseNotice(release({ state: 'checks-failed', checks: checks(false) }), BASE, AT);
    expect(n?.kind).toBe('release-checks-failed');
    expect(n?.message).toContain('1 × pii/residual, 1 × cell/type');
    expect(JSON.stringify(n)).not.toContain('13*');
  });

  it('passes on why an approved release was not published', () => {
    const failure = { status: 410, type: 'gone', detail: 'the raw file is gone', hint: 'submit a new release', at: AT };
    const n = releaseNotice(
      release({ state: 'publication-failed', approvedBy: 'dave', publicationFailure: failure }),
      BASE,
      AT,
    );
    expect(n?.kind).toBe('release-publication-failed');
    expect(n?.message).toContain('approved by dave, was not published: the raw file is gone. submit a new release');
  });

  it('sends nothing for the other states', () => {
    const quiet = RELEASE_STATES.filter((s) => !['checks-passed', 'checks-failed', 'publication-failed'].includes(s));
    for (const state of quiet) expect(releaseNotice(release({ state }), BASE, AT), state).toBeUndefined();
  });

  it('is best effort: a notifier that fails does not fail the caller', async () => {
    const sent: Alert[] = [];
    const deps = (alert: (a: Alert) => Promise<void>) =>
      ({ publicBaseUrl: BASE, clock: { now: () => new Date(AT) }, notifier: { alert } }) as unknown as ReleaseDeps;
    const r = release({ state: 'checks-passed', checks: checks(true) });
    expect(
      await announceRelease(
        deps(async (a) => void sent.push(a)),
        r,
      ),
    ).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(
      await announceRelease(
        deps(() => Promise.reject(new Error('SNS down'))),
        r,
      ),
    ).toBe('failed');
    expect(
      await announceRelease(
        deps(async () => {}),
        { ...r, state: 'published' },
      ),
    ).toBe('none');
  });
});
