/**
 * The release-flow lines around a report (`opendata release`, `approve`, `status`) in both languages:
 * every state gets a line in each, the Chinese one written in Chinese and carrying the same ids,
 * commands and numbers as the English one (a clerk copies the command from either).
 */
import { describe, expect, it } from 'vitest';
import { formatRelease } from '../../../functions/cli/release-format.ts';
import { releaseLines } from '../../../functions/cli/release-lines.ts';
import { RELEASE_STATES, type ReleaseView } from '../../../functions/core/release/release.ts';
import { CJK } from '../../support/chinese-text.ts';

const base = {
  id: 'licences-7f3a',
  datasetId: 'business-licences',
  department: 'demo-market',
  createdBy: 'carol',
  submittedBy: 'carol',
  version: 3,
  manifest: {},
  history: [],
} as const;
const view = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as unknown as ReleaseView;
const withdrawn = { reason: 'a column held phone numbers', at: '2026-11-23T02:00:00.000Z', by: 'admin' };
const signOffNeeded = { checks: { piiExceptions: [{ field: 'id_no', detector: 'resident-id', values: 2 }] } };

const RESUBMIT = 'opendata release datasets/business-licences --resubmit';
const cases: [string, ReleaseView][] = [
  ['checks-passed', view({ state: 'checks-passed' })],
  ['checks-passed, awaiting a sign-off', view({ state: 'checks-passed', ...signOffNeeded })],
  ['approved', view({ state: 'approved', approvedBy: 'dave' })],
  ['published', view({ state: 'published' })],
  ['published, withdrawn since', view({ state: 'published', versionWithdrawn: withdrawn })],
  [
    'rejected',
    view({
      state: 'rejected',
      rejection: { by: 'dave', at: '2026-11-23T03:00:00.000Z', reason: 'the totals use another basis' },
    }),
  ],
  ['checks-failed', view({ state: 'checks-failed' })],
  ['publication-failed', view({ state: 'publication-failed' })],
  ['still submitted', view({ state: 'submitted' })],
];

/** The tokens a reader copies or checks: commands, ids, numbers, names. */
const tokens = (s: string) => s.match(/opendata [a-z]+ [^\s，。：；（）(),]+|[a-z0-9][a-z0-9-]*[0-9a-z]|\d+/g) ?? [];

describe('the release-flow lines', () => {
  it.each(cases)('says what comes next for a release %s, in Chinese with the same ids and commands', (_, r) => {
    const en = releaseLines('en').next(r, RESUBMIT);
    const zh = releaseLines('zh-CN').next(r, RESUBMIT);
    expect(zh).toMatch(CJK);
    expect(en).not.toMatch(CJK);
    for (const t of tokens(en).filter((t) => /\d|opendata|-/.test(t))) expect(zh, t).toContain(t);
  });

  it('names the sign-off and the next approver, and marks a list entry, in each language', () => {
    const r = view({ state: 'checks-passed', platformSignOff: { by: 'admin', at: '2026-11-23T01:00:00.000Z' } });
    expect(releaseLines('en').signedOff(r)).toBe(
      '✓ licences-7f3a signed off for the platform by admin: an approver of demo-market other than carol approves it next: opendata approve licences-7f3a',
    );
    expect(releaseLines('zh-CN').signedOff(r)).toBe(
      '✓ licences-7f3a 已由 admin 完成平台签核：接下来由 demo-market 中 carol 以外的审批人审批：opendata approve licences-7f3a',
    );
    expect(releaseLines('zh-CN').next(view({ state: 'checks-passed', ...signOffNeeded }), RESUBMIT)).toContain(
      '按 piiExceptions 发布身份号码，因此先由平台管理员签核',
    );
    const s = { rows: 18, of: 60, k: 5, quasiIdentifiers: ['district'] };
    expect(releaseLines('en').suppressedMark(s)).toBe(' (18 of 60 rows suppressed)');
    expect(releaseLines('zh-CN').suppressedMark(s)).toBe('（为满足 k-匿名删除了 60 行中的 18 行）');
    expect(releaseLines('zh-CN').uploading('data.csv', 1234567)).toBe('正在上传 data.csv（1,234,567 字节）');
  });

  it('words every approve outcome in both languages', () => {
    const r = view({ state: 'published', approvedBy: 'dave', versionWithdrawn: withdrawn });
    const outcomes = [
      'approvedWaiting',
      'approvedPublished',
      'approvedWithdrawn',
      'approvedNotPublished',
      'approvedQueued',
      'stillQueued',
    ] as const;
    for (const o of outcomes) {
      const en = releaseLines('en')[o](r);
      const zh = releaseLines('zh-CN')[o](r);
      expect(zh, o).toMatch(CJK);
      expect(zh, o).toContain('licences-7f3a');
      expect(en, o).toContain('licences-7f3a');
    }
    expect(releaseLines('zh-CN').approvedWithdrawn(r)).toContain('撤回：a column held phone numbers');
    const rejected = view({
      state: 'rejected',
      rejection: { by: 'dave', at: '2026-11-23T03:00:00.000Z', reason: '口径不对' },
    });
    expect(releaseLines('en').rejected(rejected)).toBe('✓ licences-7f3a rejected by dave: 口径不对');
    expect(releaseLines('zh-CN').rejected(rejected)).toBe('✓ licences-7f3a 已由 dave 驳回：口径不对');
    const version = {
      datasetId: 'business-licences',
      version: 3,
      withdrawn: { by: 'demo-market', reason: '含有个人信息' },
    };
    expect(releaseLines('zh-CN').withdrawn(version)).toBe(
      '✓ business-licences 第 3 版已由 demo-market 撤回：含有个人信息',
    );
    expect(releaseLines('en').withdrawn(version)).toBe(
      '✓ business-licences version 3 withdrawn by demo-market: 含有个人信息',
    );
  });

  it('names every state in the status list in either language, and each step of a release in Chinese', () => {
    for (const s of RELEASE_STATES) {
      expect(releaseLines('en').stateCell(s)).toBe(s);
      expect(releaseLines('zh-CN').stateCell(s)).toMatch(CJK);
    }
    const history = [
      { state: 'draft', by: 'carol', at: '2026-11-23T01:00:00.000Z' },
      { state: 'submitted', by: 'carol', at: '2026-11-23T01:00:01.000Z' },
      { state: 'checks-failed', by: 'system:pipeline', at: '2026-11-23T01:00:02.000Z' },
    ];
    const r = view({ state: 'checks-failed', history, checks: { valid: false, rowsRead: 0, issues: [], counts: {} } });
    const zh = formatRelease(r, 'zh-CN').split('\n');
    // The steps line up under the first, after the two-character label.
    expect(zh.slice(3, 6)).toEqual([
      '  经办 起草：carol 2026-11-23T01:00:00.000Z',
      '       提交：carol 2026-11-23T01:00:01.000Z',
      '       检查未通过：system:pipeline 2026-11-23T01:00:02.000Z',
    ]);
    expect(formatRelease(r, 'en').split('\n').slice(3, 6)).toEqual([
      '  by      draft: carol 2026-11-23T01:00:00.000Z',
      '          submitted: carol 2026-11-23T01:00:01.000Z',
      '          checks-failed: system:pipeline 2026-11-23T01:00:02.000Z',
    ]);
  });
});
