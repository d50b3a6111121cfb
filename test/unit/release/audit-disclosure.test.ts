import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../functions/core/release/audit-chain.ts';
import { disclosure, type PublicFacts, publicFacts } from '../../../functions/core/release/audit-disclosure.ts';
import { type AuditEntry, seal } from '../../../functions/core/release/audit-entry.ts';

const facts: PublicFacts = {
  releases: new Set(['r-pub']),
  versions: new Set(['dataset/pub/v1', 'dataset/platform-scorecards/v3']),
};

type Row = [
  what: string,
  entry: { action: string; actor: string; subject: string; details: Record<string, unknown> },
  expected: { actor: boolean; subject: boolean; details: string[] },
];

const publishedDetails = {
  release: 'r-pub',
  dataset: 'pub',
  version: 1,
  approvedBy: 'bob',
  submittedBy: 'alice',
  breaking: false,
};

const ROWS: Row[] = [
  [
    'a staff actor is never disclosed, a published release is',
    {
      action: 'release.created',
      actor: 'alice',
      subject: 'release/r-pub',
      details: { dataset: 'pub', department: 'd', manifestSha256: 'm', dataSha256: 'h' },
    },
    { actor: false, subject: true, details: ['dataset', 'department', 'manifestSha256', 'dataSha256'] },
  ],
  [
    'a release never published stays private, dataset id included',
    { action: 'release.created', actor: 'alice', subject: 'release/r-secret', details: { dataset: 'secret' } },
    { actor: false, subject: false, details: [] },
  ],
  [
    'a rejected release stays private',
    {
      action: 'release.rejected',
      actor: 'bob',
      subject: 'release/r-secret',
      details: { dataset: 'secret', reason: 'x' },
    },
    { actor: false, subject: false, details: [] },
  ],
  [
    'the platform actor is disclosed even when the subject is not',
    {
      action: 'release.checks-failed',
      actor: 'system:pipeline',
      subject: 'release/r-secret',
      details: { valid: false },
    },
    { actor: true, subject: false, details: [] },
  ],
  [
    'an approval discloses its dataset, never who submitted or signed off',
    {
      action: 'release.approved',
      actor: 'bob',
      subject: 'release/r-pub',
      details: { dataset: 'pub', submittedBy: 'alice', signedOffBy: 'admin' },
    },
    { actor: false, subject: true, details: ['dataset'] },
  ],
  [
    'a sign-off discloses its exceptions, not the submitter',
    {
      action: 'release.signed-off',
      actor: 'admin',
      subject: 'release/r-pub',
      details: { dataset: 'pub', submittedBy: 'alice', exceptions: [] },
    },
    { actor: false, subject: true, details: ['dataset', 'exceptions'] },
  ],
  [
    'a publication: the version and release, not the approver or submitter',
    { action: 'release.published', actor: 'system:pipeline', subject: 'dataset/pub/v1', details: publishedDetails },
    { actor: true, subject: true, details: ['release', 'dataset', 'version', 'breaking'] },
  ],
  [
    'a withdrawal is public, its reason too; the withdrawer is not',
    {
      action: 'version.withdrawn',
      actor: 'bob',
      subject: 'dataset/pub/v1',
      details: { reason: 'privacy incident', release: 'r-pub' },
    },
    { actor: false, subject: true, details: ['release', 'reason'] },
  ],
  [
    'a version not known as published stays private',
    { action: 'version.withdrawn', actor: 'bob', subject: 'dataset/other/v1', details: { reason: 'x' } },
    { actor: false, subject: false, details: [] },
  ],
  [
    'the scorecards dataset is public in full',
    {
      action: 'scorecards.published',
      actor: 'system:pipeline',
      subject: 'dataset/platform-scorecards/v3',
      details: { dataset: 'platform-scorecards', version: 3, date: '2026-11-01', trigger: 't' },
    },
    { actor: true, subject: true, details: ['dataset', 'version', 'date', 'trigger'] },
  ],
  [
    'role changes: that they happened, not the staff list',
    {
      action: 'roles.changed',
      actor: 'system:configuration',
      subject: 'principals',
      details: { added: [{ id: 'alice' }], removed: [], changed: [] },
    },
    { actor: true, subject: true, details: [] },
  ],
  [
    'API keys: nothing',
    { action: 'api-key.issued', actor: 'admin', subject: 'api-key/k1', details: { name: 'ACME', scopes: [] } },
    { actor: false, subject: false, details: [] },
  ],
  [
    'feedback: nothing (moderation can hide it again)',
    {
      action: 'feedback.moderated',
      actor: 'bob',
      subject: 'feedback/f1',
      details: { dataset: 'pub', decision: 'approved' },
    },
    { actor: false, subject: false, details: [] },
  ],
  [
    'a data request: what its public page shows, not who changed it',
    {
      action: 'request.status-changed',
      actor: 'bob',
      subject: 'datarequest/q1',
      details: { from: 'open', to: 'planned', department: 'd', tookOver: true },
    },
    { actor: false, subject: true, details: ['from', 'to', 'department', 'tookOver'] },
  ],
  [
    'an action without a rule discloses nothing but a system actor',
    { action: 'something.new', actor: 'system:pipeline', subject: 'release/r-pub', details: { dataset: 'pub' } },
    { actor: true, subject: false, details: [] },
  ],
];

describe('audit disclosure rule', () => {
  it.each(ROWS)('%s', (_what, entry, expected) => {
    expect(disclosure(entry, facts)).toEqual(expected);
  });

  it('learns what is public from the platform’s publication entries only', () => {
    let n = 0;
    const salt = () => (++n).toString(16).padStart(32, '0');
    const entry = (action: string, actor: string, subject: string, details: Record<string, unknown>): AuditEntry =>
      seal({ seq: 1, time: 't', actor, action, subject, details, prevHash: GENESIS_HASH }, salt);
    const f = publicFacts([
      entry('release.published', 'system:pipeline', 'dataset/pub/v1', publishedDetails),
      entry('scorecards.published', 'system:pipeline', 'dataset/platform-scorecards/v3', {}),
      entry('release.published', 'mallory', 'dataset/forged/v1', { release: 'r-forged' }),
      entry('release.created', 'alice', 'release/r-secret', { dataset: 'secret' }),
    ]);
    expect([...f.releases]).toEqual(['r-pub']);
    expect([...f.versions]).toEqual(['dataset/pub/v1', 'dataset/platform-scorecards/v3']);
  });
});
