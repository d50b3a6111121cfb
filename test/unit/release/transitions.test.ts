import { describe, expect, it } from 'vitest';
import type { VersionRecord } from '../../../functions/core/catalog/schema.ts';
import { AppError } from '../../../functions/core/errors.ts';
import { type Principal, SYSTEM_PRINCIPAL } from '../../../functions/core/release/principal.ts';
import { RELEASE_STATES, Release, type ReleaseState } from '../../../functions/core/release/release.ts';
import { approvalIsSignOff, awaitsSignOff, signOffReasons } from '../../../functions/core/release/sign-off.ts';
import * as t from '../../../functions/core/release/transitions.ts';
import { expectChineseProblem } from '../../support/chinese-text.ts';

const DEPT = 'demo-ecology-environment';
const AT = '2026-11-01T00:00:00.000Z';
const principal = (id: string, grants: Principal['grants'], admin = false): Principal => ({ id, admin, grants });
const publisher = principal('pat', [{ role: 'publisher', department: DEPT }]);
const publisherApprover = principal('pam', [
  { role: 'publisher', department: DEPT },
  { role: 'approver', department: DEPT },
]);
const approver = principal('ann', [{ role: 'approver', department: DEPT }]);
const otherApprover = principal('oto', [{ role: 'approver', department: 'demo-stats' }]);
const admin = principal('root', [], true);

const report = (valid: boolean) => ({
  valid,
  rowsRead: 3,
  total: valid ? 0 : 1,
  counts: {},
  issues: [],
  checkedAt: AT,
});

const FAILURE = { status: 422, type: 'release-refused', detail: 'no longer passes its checks', at: AT };

function draft(by: Principal = publisher): Release {
  return t.createDraft(
    by,
    {
      id: 'rel-1',
      datasetId: 'air',
      department: DEPT,
      manifest: {},
      manifestSha256: 'm',
      dataSha256: 'd',
      files: [],
    },
    AT,
  );
}
const inState = (state: ReleaseState, submitter: Principal = publisher): Release => ({
  ...draft(submitter),
  state,
  submittedBy: submitter.id,
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    // Every refusal of the state machine says the same in Chinese for a department's officer (the CLI's
    // --lang zh): what, with the release or version, and what to do.
    if (err.status === 403 || err.status === 409 || err.status === 400) {
      expect(err.hint, err.detail).toBeDefined();
      expectChineseProblem(err, { also: /rel-\d+|\bv\d+\b/ });
    }
    return err;
  }
  throw new Error('expected a refusal');
}

/** Every transition, each attempted by a principal who would be allowed in the right state. */
const TRANSITIONS: Record<string, { from: readonly ReleaseState[]; run: (r: Release) => Release }> = {
  submit: { from: ['draft'], run: (r) => t.submit(r, publisher, AT) },
  recordChecks: {
    from: ['submitted'],
    run: (r) => t.recordChecks(r, SYSTEM_PRINCIPAL, { report: report(true), breaking: false }, AT),
  },
  approve: { from: ['checks-passed'], run: (r) => t.approve(r, approver, AT) },
  reject: {
    from: ['submitted', 'checks-passed', 'checks-failed'],
    run: (r) => t.reject(r, approver, 'not good enough', AT),
  },
  markPublished: { from: ['approved'], run: (r) => t.markPublished(r, SYSTEM_PRINCIPAL, 1, AT) },
  markPublicationFailed: { from: ['approved'], run: (r) => t.markPublicationFailed(r, SYSTEM_PRINCIPAL, FAILURE) },
};

describe('release state machine', () => {
  it('walks the happy path draft → submitted → checks-passed → approved → published', () => {
    let r = draft();
    r = t.submit(r, publisher, AT);
    r = t.recordChecks(r, SYSTEM_PRINCIPAL, { report: report(true), breaking: false }, AT);
    expect(r.state).toBe('checks-passed');
    r = t.approve(r, approver, AT);
    r = t.markPublished(r, SYSTEM_PRINCIPAL, 3, AT);
    expect(r).toMatchObject({ state: 'published', version: 3, approvedBy: 'ann', submittedBy: 'pat' });
    expect(r.history.map((h) => h.state)).toEqual(['draft', 'submitted', 'checks-passed', 'approved', 'published']);
  });

  it('failed checks lead to checks-failed, which can only be rejected', () => {
    const r = t.recordChecks(inState('submitted'), SYSTEM_PRINCIPAL, { report: report(false), breaking: false }, AT);
    expect(r.state).toBe('checks-failed');
    expect(refusal(() => t.approve(r, approver, AT)).status).toBe(409);
    expect(t.reject(r, approver, 'data is broken', AT).state).toBe('rejected');
  });

  for (const [name, tr] of Object.entries(TRANSITIONS)) {
    for (const state of RELEASE_STATES.filter((s) => !tr.from.includes(s))) {
      it(`refuses ${name} from ${state} with 409`, () => {
        const e = refusal(() => tr.run(inState(state)));
        expect(e.status).toBe(409);
        expect(e.extensions.state).toBe(state);
      });
    }
  }

  it('does not mutate its input', () => {
    const r = inState('checks-passed');
    const copy = structuredClone(r);
    t.approve(r, approver, AT);
    expect(r).toEqual(copy);
  });
});

describe('authorization', () => {
  it('only a publisher of the manifest department opens a release', () => {
    expect(refusal(() => draft(approver)).status).toBe(403);
    expect(refusal(() => draft(otherApprover)).status).toBe(403);
    expect(refusal(() => draft(admin)).status).toBe(403);
    expect(refusal(() => t.submit(draft(), approver, AT)).status).toBe(403);
  });

  it('four eyes: the submitter cannot approve, even holding the approver role', () => {
    const r = inState('checks-passed', publisherApprover);
    const e = refusal(() => t.approve(r, publisherApprover, AT));
    expect(e.status).toBe(403);
    expect(e.detail).toMatch(/four eyes/);
    expect(t.approve(r, approver, AT).approvedBy).toBe('ann');
  });

  it('approval needs the approver role of that department; publishers and admins cannot approve', () => {
    const r = inState('checks-passed');
    for (const p of [publisher, otherApprover, admin, principal('pat2', [{ role: 'publisher', department: DEPT }])]) {
      expect(refusal(() => t.approve(r, p, AT)).status).toBe(403);
    }
  });

  it('only the platform records checks and marks releases published', () => {
    expect(
      refusal(() => t.recordChecks(inState('submitted'), admin, { report: report(true), breaking: false }, AT)).status,
    ).toBe(403);
    expect(refusal(() => t.markPublished(inState('approved'), approver, 1, AT)).status).toBe(403);
    expect(refusal(() => t.markPublicationFailed(inState('approved'), admin, FAILURE)).status).toBe(403);
  });

  it('a refused publication is final: the release keeps the reason and can no longer be approved', () => {
    const r = t.markPublicationFailed(t.approve(inState('checks-passed'), approver, AT), SYSTEM_PRINCIPAL, FAILURE);
    expect(r).toMatchObject({ state: 'publication-failed', publicationFailure: FAILURE, approvedBy: 'ann' });
    expect(r.history.at(-1)).toEqual({ state: 'publication-failed', at: AT, by: SYSTEM_PRINCIPAL.id });
    expect(refusal(() => t.approve(r, approver, AT)).status).toBe(409);
    expect(refusal(() => t.reject(r, approver, 'too late now', AT)).status).toBe(409);
  });

  it('reject needs an approver of the department or an admin, and a reason', () => {
    const r = inState('checks-passed');
    expect(refusal(() => t.reject(r, publisher, 'no thanks', AT)).status).toBe(403);
    expect(refusal(() => t.reject(r, otherApprover, 'no thanks', AT)).status).toBe(403);
    expect(refusal(() => t.reject(r, approver, ' ', AT)).status).toBe(400);
    expect(t.reject(r, admin, 'wrong licence', AT).rejection).toEqual({ reason: 'wrong licence', by: 'root', at: AT });
  });
});

describe('a reason’s minimum fits the script, as a data request title’s does', () => {
  const v = { datasetId: 'air', version: 2, state: 'published' } as VersionRecord;
  it('accepts four Chinese characters and refuses two, naming the rule', () => {
    expect(t.reject(inState('checks-passed'), approver, '数据错误', AT).rejection?.reason).toBe('数据错误');
    expect(t.withdrawVersion(v, DEPT, approver, '数据错误', AT).withdrawn?.reason).toBe('数据错误');
    for (const e of [
      refusal(() => t.reject(inState('checks-passed'), approver, '错误', AT)),
      refusal(() => t.withdrawVersion(v, DEPT, approver, ' 错误 ', AT)),
      refusal(() => t.withdrawVersion(v, DEPT, approver, 'typo', AT)),
    ]) {
      expect(e.status).toBe(400);
      expect(e.errors).toEqual([
        {
          where: 'body.reason',
          message: 'at least 5 characters (a Chinese, Japanese or Korean character counts as 2)',
          zh: { message: '至少 5 个字符（一个中文、日文或韩文字符算 2 个）' },
        },
      ]);
    }
  });
});

describe('withdrawal', () => {
  const v = { datasetId: 'air', version: 2, state: 'published' } as VersionRecord;
  it('an approver of the department or an admin withdraws a published version, with a reason', () => {
    expect(t.withdrawVersion(v, DEPT, approver, 'contains an error', AT)).toMatchObject({
      state: 'withdrawn',
      // The party that withdrew it, never the person (public): the department, or the platform.
      withdrawn: { reason: 'contains an error', by: DEPT, at: AT },
    });
    expect(t.withdrawVersion(v, DEPT, admin, 'privacy complaint', AT)).toMatchObject({
      state: 'withdrawn',
      withdrawn: { by: 'platform' },
    });
  });
  it('refuses publishers, other departments, missing reasons and non-published versions', () => {
    expect(refusal(() => t.withdrawVersion(v, DEPT, publisher, 'oops oops', AT)).status).toBe(403);
    expect(refusal(() => t.withdrawVersion(v, DEPT, otherApprover, 'oops oops', AT)).status).toBe(403);
    expect(refusal(() => t.withdrawVersion(v, DEPT, approver, '', AT)).status).toBe(400);
    for (const state of ['pending', 'withdrawn'] as const) {
      expect(refusal(() => t.withdrawVersion({ ...v, state }, DEPT, approver, 'again again', AT)).status).toBe(409);
    }
  });
  it('refuses a reason holding personal data (it is public for good), naming the kind, never the value', () => {
    const quoting = '隐私事件：第1行张伟（身份证110101199003074514，电话13812345678）可被重新识别，撤回';
    for (const who of [approver, admin]) {
      const e = refusal(() => t.withdrawVersion(v, DEPT, who, quoting, AT));
      expect(e.status).toBe(422);
      expect(e.detail).toMatch(/body\.reason looks like a resident identity card number and a mobile number/);
      expect(e.hint).toMatch(/without personal data.*public for good.*audit ledger/);
      expect(e.extensions.personalData).toEqual([{ field: 'reason', kinds: ['resident-id', 'mobile-cn'] }]);
      expect(JSON.stringify(e.toJSON())).not.toMatch(/110101199003074514|13812345678/);
    }
    // Written out in Chinese numerals or full-width digits, as people type them, it is found too.
    for (const written of ['联系人电话一三八一二三四五六七八', '联系人电话１３８１２３４５６７８']) {
      expect(refusal(() => t.withdrawVersion(v, DEPT, approver, written, AT)).status, written).toBe(422);
    }
    // The same problem described without the person: accepted.
    expect(t.withdrawVersion(v, DEPT, approver, '第1行的记录可被重新识别：撤回，待重新脱敏', AT).state).toBe(
      'withdrawn',
    );
  });
});

describe('platform sign-off of identity exceptions', () => {
  const ids = { field: 'id_no', detector: 'resident-id', values: 3 };
  const hotline = { field: 'hotline', detector: 'mobile-cn', values: 5 };
  const checked = (uses: { field: string; detector: string; values: number }[], submitter: Principal = publisher) =>
    t.recordChecks(
      { ...draft(submitter), state: 'submitted', submittedBy: submitter.id },
      SYSTEM_PRINCIPAL,
      { report: { ...report(true), piiExceptions: uses }, breaking: false },
      AT,
    );
  const adminApprover = principal('dpo', [{ role: 'approver', department: DEPT }], true);
  const adminPublisher = principal('ops', [{ role: 'publisher', department: DEPT }], true);

  it('is needed only when an identity exception excepted values (not mobile numbers, not unused ones)', () => {
    // Why follows from the checks; nothing about it is stored besides them.
    expect(signOffReasons(checked([ids, hotline]))).toEqual([ids]);
    expect(checked([ids, hotline]).platformSignOff).toBeUndefined();
    expect(awaitsSignOff(checked([ids, hotline]))).toBe(true);
    expect(awaitsSignOff(checked([hotline, { ...ids, values: 0 }]))).toBe(false);
    for (const detector of ['bank-card', 'passport-cn']) {
      expect(awaitsSignOff(checked([{ field: 'x', detector, values: 1 }]))).toBe(true);
    }
    expect(t.approve(checked([hotline]), approver, AT).state).toBe('approved');
  });

  it('the department approver alone is refused, saying what is needed, why, and how', () => {
    const e = refusal(() => t.approve(checked([ids]), approver, AT));
    expect(e.status).toBe(403);
    expect(e.detail).toMatch(/3 resident-id value\(s\) in "id_no".*needs a platform sign-off/);
    expect(e.hint).toContain('opendata approve rel-1');
    expect(e.extensions).toMatchObject({ platformSignOff: 'required' });
  });

  it('an admin signs off (not the submitter, not twice by two admins); then a department approver approves', () => {
    const r = checked([ids]);
    expect(refusal(() => t.signOff(r, approver, AT)).status).toBe(403);
    const own = checked([ids], adminPublisher);
    expect(refusal(() => t.signOff(own, adminPublisher, AT)).detail).toMatch(/four eyes/);
    const signed = t.signOff(r, admin, AT);
    expect(signed).toMatchObject({
      state: 'checks-passed',
    });
    expect(signed.platformSignOff).toEqual({ by: 'root', at: AT });
    expect(signed.history).toEqual(r.history);
    expect(t.signOff(signed, admin, AT)).toBe(signed);
    expect(refusal(() => t.signOff(signed, adminApprover, AT)).status).toBe(409);
    expect(t.approve(signed, approver, AT)).toMatchObject({ state: 'approved', approvedBy: 'ann' });
  });

  it('the admin who signed off cannot also approve for the department', () => {
    const signed = t.signOff(checked([ids]), adminApprover, AT);
    expect(refusal(() => t.approve(signed, adminApprover, AT)).detail).toMatch(/signed release rel-1 off/);
    expect(approvalIsSignOff(signed, adminApprover)).toBe(true); // a retry: the same sign-off again
    expect(approvalIsSignOff(signed, approver)).toBe(false);
    expect(approvalIsSignOff(checked([hotline]), adminApprover)).toBe(false); // nothing to sign off: approves
  });

  it('a release needing none cannot be signed off, nor one whose checks did not pass', () => {
    expect(refusal(() => t.signOff(checked([hotline]), admin, AT)).status).toBe(409);
    expect(refusal(() => t.signOff({ ...checked([ids]), state: 'checks-failed' }, admin, AT)).status).toBe(409);
  });

  it('checks run again need a new sign-off', () => {
    const signed = t.signOff(checked([ids]), admin, AT);
    const again = t.recordChecks(
      { ...signed, state: 'submitted' },
      SYSTEM_PRINCIPAL,
      { report: { ...report(true), piiExceptions: [ids] }, breaking: false },
      AT,
    );
    expect(again.platformSignOff).toBeUndefined();
    expect(awaitsSignOff(again)).toBe(true);
  });

  it('reads releases stored with the sign-off that copied its reasons', () => {
    const r = checked([ids]);
    const stored = (platformSignOff: unknown) => Release.parse(JSON.parse(JSON.stringify({ ...r, platformSignOff })));
    // Awaiting one: that was no sign-off, and reads as none.
    const awaiting = stored({ exceptions: [ids] });
    expect(awaiting.platformSignOff).toBeUndefined();
    expect(awaitsSignOff(awaiting)).toBe(true);
    expect(refusal(() => t.approve(awaiting, approver, AT)).status).toBe(403);
    // Given: who and when count; the copied reasons are ignored.
    const given = stored({ exceptions: [], by: 'root', at: AT });
    expect(awaitsSignOff(given)).toBe(false);
    expect(signOffReasons(given)).toEqual([ids]);
    expect(t.approve(given, approver, AT).state).toBe('approved');
  });

  it('a release checked before exceptions were counted needs one when its manifest declares an identity exception', () => {
    const old = {
      ...inState('checks-passed'),
      checks: report(true),
      manifest: { piiExceptions: [{ field: 'card', detector: 'bank-card', justification: 'x' }] },
    };
    expect(awaitsSignOff(old)).toBe(true);
    expect(refusal(() => t.approve(old, approver, AT)).detail).toMatch(/an exception for bank-card in "card"/);
    expect(t.approve(t.signOff(old, admin, AT), approver, AT).state).toBe('approved');
  });
});
