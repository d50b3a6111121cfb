/**
 * The lines of `opendata audit verify` in both languages: the Chinese written in Chinese with the same
 * seqs, hashes and flags, and a break's reason from the verdict's Chinese (the English where an older
 * platform's verdict has none).
 */
import { describe, expect, it } from 'vitest';
import { auditLines } from '../../../functions/cli/audit-lines.ts';
import { altered, brokenAt } from '../../../functions/core/release/audit-reasons.ts';
import { CJK } from '../../support/chinese-text.ts';

const HASH = 'c'.repeat(64);
const en = auditLines('en');
const zh = auditLines('zh-CN');

describe('the lines of audit verify', () => {
  it('say intact, broken and what to do next in Chinese, with the numbers and flags of the English', () => {
    const v = { entries: 42, headSeq: 42, headHash: HASH, disclosures: 3 };
    const pairs: [string, string][] = [
      [en.intact(en.exportOfHead(5), v), zh.intact(zh.exportOfHead(5), v)],
      [en.uncheckedDisclosures(2), zh.uncheckedDisclosures(2)],
      [en.broken(en.ledger, brokenAt(3, altered())), zh.broken(zh.ledger, brokenAt(3, altered()))],
      [en.notYetThePlatforms, zh.notYetThePlatforms],
      [
        en.needsPrevHash('ledger-0000000011-0000000020.ndjson', 11),
        zh.needsPrevHash('ledger-0000000011-0000000020.ndjson', 11),
      ],
      [
        en.unreadable({ message: 'cannot read x.json (ENOENT)', zh: '无法读取 x.json（没有这个文件，ENOENT）' }),
        zh.unreadable({ message: 'cannot read x.json (ENOENT)', zh: '无法读取 x.json（没有这个文件，ENOENT）' }),
      ],
    ];
    for (const [e, z] of pairs) {
      expect(z).toMatch(CJK);
      expect(e).not.toMatch(CJK);
      for (const t of e.match(/[0-9a-f]{64}|--[a-z-]+|\/files\/[\w./<>-]+|#?\d+/g) ?? []) expect(z, t).toContain(t);
    }
  });

  it("gives a break's reason in Chinese, or the English one an older verdict carries", () => {
    expect(zh.broken(zh.ledger, brokenAt(3, altered()))).toBe(
      '✗ 审计账本在记录 #3 处断开：哈希与记录内容不符（这条记录被篡改过）',
    );
    expect(zh.broken(zh.ledger, { seq: 3, reason: 'hash does not match' })).toBe(
      '✗ 审计账本在记录 #3 处断开：hash does not match',
    );
    expect(en.broken(en.ledger, brokenAt(3, altered()))).toBe(
      '✗ audit ledger broken at entry #3: hash does not match the entry content (the entry was altered)',
    );
  });
});
