/**
 * Rows taken out by k-anonymity suppression are shown wherever a person decides on a release (M1): the
 * CLI's report (validate, preview, release, status), the release list, and the notice that tells an
 * approver a release awaits approval. Written from the report's facts (`suppressed`), never a note.
 */
import { describe, expect, it } from 'vitest';
import { formatRelease } from '../../../functions/cli/release-format.ts';
import { formatReport } from '../../../functions/cli/report-format.ts';
import {
  percentOf,
  type RowSuppression,
  suppressionSentence,
} from '../../../functions/core/protection/deidentification-finding.ts';
import { CheckReport, type Release, type ReleaseView } from '../../../functions/core/release/release.ts';
import { ValidationReport } from '../../../functions/core/validation/report.ts';
import { releaseNotice } from '../../../functions/usecases/release/notices.ts';
import { sampleRelease } from '../../support/release-samples.ts';

const AT = '2026-11-22T00:00:00.000Z';
const SUPPRESSED: RowSuppression = { rows: 18, of: 60, k: 5, quasiIdentifiers: ['区县', '行业'] };
const SENTENCE = '18 of 60 rows (30 %) will not be published: k-anonymity suppression on 区县+行业 (k=5)';

const report = (suppressed?: RowSuppression) =>
  ValidationReport.parse({
    valid: true,
    rowsRead: 60,
    issues: [],
    counts: {},
    total: 0,
    cap: 1000,
    ...(suppressed ? { suppressed } : {}),
  });

function release(state: Release['state'], suppressed?: RowSuppression): ReleaseView {
  const { cap: _cap, ...checks } = report(suppressed);
  return sampleRelease({
    id: 'blr-1',
    datasetId: 'business-licence-register',
    department: 'demo-market',
    state,
    createdAt: AT,
    checks: CheckReport.parse({ ...checks, checkedAt: AT }),
    ...(state === 'published' ? { version: 1 } : {}),
  });
}

describe('the suppression sentence', () => {
  it('says how many of how many rows, the share, the quasi-identifiers and k', () => {
    expect(suppressionSentence(SUPPRESSED)).toBe(SENTENCE);
    expect(suppressionSentence(SUPPRESSED, true)).toBe(
      '18 of 60 rows (30 %) were not published: k-anonymity suppression on 区县+行业 (k=5)',
    );
  });

  it('never rounds some rows to 0 % nor fewer than all to 100 %', () => {
    expect(percentOf(1, 100_000)).toBe('< 0.1');
    expect(percentOf(1, 30)).toBe('3.3');
    expect(percentOf(999, 1000)).toBe('99');
    expect(percentOf(60, 60)).toBe('100');
  });
});

describe('the CLI shows the suppression under the verdict', () => {
  it('in a local report (validate, preview) and a release checked by the platform', () => {
    const lines = formatReport('business-licence-register', report(SUPPRESSED)).split('\n');
    expect(lines[0]).toBe('✓ business-licence-register: valid (60 rows checked)');
    expect(lines[1]).toBe(`  ! ${SENTENCE}`);
    expect(lines[2]).toContain('generalize');
    expect(formatReport('x', report())).toBe('✓ x: valid (60 rows checked)');
  });

  it('in `status` and `release` (formatRelease): "will not be" before publication, "were not" after', () => {
    expect(formatRelease(release('checks-passed', SUPPRESSED))).toContain(`! ${SENTENCE}`);
    expect(formatRelease(release('published', SUPPRESSED))).toContain('18 of 60 rows (30 %) were not published');
    expect(formatRelease(release('checks-passed'))).not.toContain('k-anonymity');
  });
});

describe('the awaiting-approval notice', () => {
  it('puts the suppression in the subject and first in the message', () => {
    const n = releaseNotice(release('checks-passed', SUPPRESSED), 'https://data.example.gov', AT);
    expect(n?.kind).toBe('release-awaiting-approval');
    expect(n?.subject).toBe('Release blr-1 awaits approval (18 of 60 rows suppressed)');
    expect(n?.message).toContain(`passed its checks (60 rows). ${SENTENCE}. `);
  });

  it('says nothing of it when no row was suppressed', () => {
    const n = releaseNotice(release('checks-passed'), 'https://data.example.gov', AT);
    expect(n?.subject).toBe('Release blr-1 awaits approval');
    expect(n?.message).not.toContain('k-anonymity');
  });
});
