import type { Language } from '../core/manifest/localized.ts';
import type { FirstBroken } from '../core/release/audit-reasons.ts';

/**
 * The lines of `opendata audit verify` in the CLI's language: what was verified, whether it is intact,
 * and where and why it broke (the reason's Chinese is the verdict's `zh.reason`, from
 * core/release/audit-reasons.ts). Seqs, hashes, paths and flags stay as they are in either language.
 */
export interface AuditLines {
  readonly ledger: string;
  readonly export: string;
  exportOfHead(segments: number): string;
  intact(what: string, v: { entries: number; headSeq: number; headHash: string; disclosures?: number }): string;
  uncheckedDisclosures(n: number): string;
  broken(what: string, b: FirstBroken | undefined): string;
  /** After a head verified without --expect-head: a consistent chain is not yet the platform's. */
  readonly notYetThePlatforms: string;
  /** A segment after the first, checked without the hash of the entry before it. */
  needsPrevHash(source: string, firstSeq: number): string;
  /** An export that could not be read (ExportUnreadable). */
  unreadable(e: { message: string; zh?: string }): string;
}

const EN: AuditLines = {
  ledger: 'audit ledger',
  export: 'audit ledger export',
  exportOfHead: (n) => `audit ledger export (${n} segment(s))`,
  intact: (what, v) =>
    `✓ ${what} intact: ${v.entries} entries${v.disclosures ? `, ${v.disclosures} later disclosure(s)` : ''}, head #${v.headSeq} ${v.headHash}`,
  uncheckedDisclosures: (n) =>
    `  ${n} later disclosure(s) of entries before this segment not checked (verify the head to check them)`,
  broken: (what, b) => `✗ ${what} broken at entry #${b?.seq}: ${b?.reason}`,
  notYetThePlatforms:
    '  This shows the files are one unbroken chain. That it is the ledger you saw before: --expect-head <a head hash you kept>.',
  needsPrevHash: (source, first) =>
    `✗ ${source} starts at entry ${first}: give the hash of entry ${first - 1} from the head you kept ` +
    '(--prev-hash <hash>), or verify the head (/files/_audit/head-<seq>.json), which names every segment from the first entry',
  unreadable: (e) => `✗ ${e.message}`,
};

const ZH: AuditLines = {
  ledger: '审计账本',
  export: '审计账本的公开导出',
  exportOfHead: (n) => `审计账本的公开导出（${n} 个分段）`,
  intact: (what, v) =>
    `✓ ${what}完好：${v.entries} 条记录${v.disclosures ? `，${v.disclosures} 条补充公开` : ''}，最后一条是 #${v.headSeq} ${v.headHash}`,
  uncheckedDisclosures: (n) => `  有 ${n} 条补充公开针对的是本分段之前的记录，没有检查（校验头文件即可检查它们）`,
  // An older platform's verdict has no Chinese: its English reason is shown.
  broken: (what, b) => `✗ ${what}在记录 #${b?.seq} 处断开：${b?.zh?.reason ?? b?.reason}`,
  notYetThePlatforms:
    '  这只说明这些文件是一条完整的哈希链。要确认它就是您以前看到的那个账本：--expect-head <您保存的头哈希>。',
  needsPrevHash: (source, first) =>
    `✗ ${source} 从第 ${first} 条记录开始：请给出您保存的头文件中第 ${first - 1} 条记录的哈希（--prev-hash <hash>），` +
    '或者校验头文件（/files/_audit/head-<seq>.json），它列出了从第一条记录起的每个分段',
  unreadable: (e) => `✗ ${e.zh ?? e.message}`,
};

/** The lines of `audit verify` in `lang`. */
export const auditLines = (lang: Language): AuditLines => (lang === 'zh-CN' ? ZH : EN);
