/**
 * Every reason the audit chain and its export give for a break, in Chinese beside the English: written
 * in Chinese, carrying the seqs, hashes, paths, field and action names of the English, and given by the
 * checks themselves (firstBroken.kind and firstBroken.zh) without touching what they check.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GENESIS_HASH, verifyChain } from '../../../functions/core/release/audit-chain.ts';
import { type AuditEntryV2, seal, UNPAIRED_SALTS } from '../../../functions/core/release/audit-entry.ts';
import {
  ALTERED,
  altered,
  BREAK_KINDS,
  type BreakReason,
  brokenAt,
  disclosedUncommitted,
  disclosedWithoutSalt,
  disclosureMismatch,
  formatRegression,
  headMarkedBroken,
  headMismatch,
  keptHeadMissing,
  laterDisclosureFormat1,
  laterDisclosureMalformed,
  laterDisclosureUnknownEntry,
  malformed,
  outOfSequence,
  prevHashMismatch,
  rewrittenAfterExport,
  schemaIssue,
  tailMissing,
  unhashable,
  withheld,
} from '../../../functions/core/release/audit-reasons.ts';
import { CJK } from '../../support/chinese-text.ts';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const zodError = z.strictObject({ seq: z.number() }).safeParse({ seq: 'x' }).error as z.ZodError;

const REASONS: ReadonlyArray<readonly [string, BreakReason]> = [
  ['a malformed entry', malformed(7, schemaIssue(zodError))],
  ['an entry whose salts do not pair up', malformed(7, unhashable(UNPAIRED_SALTS))],
  ['a disclosed field without its salt', malformed(7, disclosedWithoutSalt('details.dataset'))],
  ['a disclosed field not committed to', malformed(7, disclosedUncommitted('subject'))],
  ['an entry missing or reordered', outOfSequence(4, 5)],
  ['a cut or rewritten chain', prevHashMismatch(3)],
  ['a format-1 entry after format 2', formatRegression()],
  ['an altered entry', altered()],
  ['a disclosed value altered in its entry', disclosureMismatch('details.version', 'entry')],
  ['a disclosed value altered in a later disclosure', disclosureMismatch('actor', 'later-disclosure')],
  ['a malformed later disclosure of an entry', laterDisclosureMalformed('12', schemaIssue(zodError))],
  ['a later disclosure without salt', laterDisclosureMalformed(undefined, disclosedWithoutSalt('subject'))],
  ['a later disclosure of an entry not in the export', laterDisclosureUnknownEntry(40)],
  ['a later disclosure of a format-1 entry', laterDisclosureFormat1(2)],
  ['an entry withholding what is public', withheld(9, 'release.published', ['subject', 'details.version'])],
  ['a head whose segments end elsewhere', headMismatch({ seq: 42, hash: H1 }, { seq: 41, hash: H2 })],
  ['a head written when the ledger was broken', headMarkedBroken(42)],
  ['a kept head hash not in the export', keptHeadMissing(H1)],
  ['a tail cut off (head document)', tailMissing(10, 12)],
  ['a tail cut off (public export)', tailMissing(10, 12, '/files/_audit/head-0000000012.json')],
  ['a chain rewritten after its export', rewrittenAfterExport(12, '/files/_audit/head-0000000012.json')],
];

/** What a reader copies or checks: hashes, paths, dotted names (details.x, release.published), numbers. */
const tokens = (s: string) => s.match(/[0-9a-f]{64}|\/files\/[\w./-]+|\b[a-z]+(?:\.[\w-]+)+|\d+/g) ?? [];

describe('the reasons of a broken audit chain', () => {
  it('cover every kind of break', () => {
    expect(new Set(REASONS.map(([, r]) => r.kind))).toEqual(new Set(BREAK_KINDS));
  });

  it.each(REASONS)('say %s in Chinese, with the facts of the English', (_, r) => {
    expect(r.zh).toMatch(CJK);
    expect(r.en).not.toMatch(CJK);
    for (const t of tokens(r.en)) expect(r.zh, t).toContain(t);
  });

  it('word each kind plainly', () => {
    expect(altered()).toEqual({ kind: 'altered', en: ALTERED, zh: '哈希与记录内容不符（这条记录被篡改过）' });
    expect(outOfSequence(4, 5).zh).toBe('这里应是第 4 条记录，实际是第 5 条（有记录缺失，或顺序被调换）');
    expect(prevHashMismatch(3).zh).toBe('prevHash 与第 3 条记录的哈希不一致（哈希链被截断或改写过）');
    expect(malformed(7, unhashable(UNPAIRED_SALTS)).zh).toBe(
      '第 7 条记录格式不对：details 的成员与它们的盐值（salts.details）对不上',
    );
    expect(withheld(9, 'release.published', ['subject', 'details.version']).zh).toBe(
      '第 9 条记录（release.published）隐去了每次导出都必须公开的内容：subject、details.version',
    );
    expect(tailMissing(10, 12).zh).toBe('第 10 条之后的记录缺失（账本的头记录指向第 12 条）');
  });

  it("keep the validator's English only as a quoted detail", () => {
    const r = malformed(7, schemaIssue(zodError));
    expect(r.en).toBe(`entry 7 is malformed: ${zodError.issues[0]?.message}`);
    expect(r.zh).toBe(`第 7 条记录格式不对：成员 seq 不符合记录的格式（校验器原文：“${zodError.issues[0]?.message}”）`);
  });

  it('travel with a verdict: the English reason as before, its kind and its Chinese', () => {
    expect(brokenAt(3, altered())).toEqual({
      seq: 3,
      reason: ALTERED,
      kind: 'altered',
      zh: { reason: '哈希与记录内容不符（这条记录被篡改过）' },
    });
    let salt = 0;
    const entries: AuditEntryV2[] = [];
    for (let i = 1; i <= 4; i++) {
      const prevHash = entries[i - 2]?.hash ?? GENESIS_HASH;
      const e = { seq: i, time: 't', actor: 'a', action: 'x', subject: `s${i}`, details: { i }, prevHash };
      entries.push(seal(e, () => (++salt).toString(16).padStart(32, '0')));
    }
    const tampered = entries.map((e) => (e.seq === 2 ? { ...e, actor: 'mallory' } : e));
    expect(verifyChain(tampered).firstBroken).toEqual(brokenAt(2, altered()));
    expect(verifyChain(entries.filter((e) => e.seq !== 3)).firstBroken).toEqual(brokenAt(3, outOfSequence(3, 4)));
  });
});
