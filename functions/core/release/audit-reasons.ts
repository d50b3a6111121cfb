import type { z } from 'zod';
import { UNPAIRED_SALTS } from './audit-entry.ts';

/**
 * Why the audit chain, or a public export of it, does not check out at an entry: each reason in English
 * and in simplified Chinese, with the same seqs, hashes, field names and paths in both (a reader copies
 * them from either). Only the wording lives here; what is checked is audit-chain.ts, audit-export.ts,
 * audit-export-head.ts and the ledger use case.
 */

/** One fact, said in English and in simplified Chinese. */
export interface Wording {
  readonly en: string;
  readonly zh: string;
}

/** What kind of break an entry shows: a stable slug for scripts (`firstBroken.kind`). */
export const BREAK_KINDS = [
  'malformed',
  'out-of-sequence',
  'prev-hash-mismatch',
  'format-regression',
  'altered',
  'disclosure-mismatch',
  'later-disclosure-malformed',
  'later-disclosure-unknown-entry',
  'later-disclosure-format-1',
  'withheld',
  'head-mismatch',
  'head-marked-broken',
  'kept-head-missing',
  'tail-missing',
  'rewritten-after-export',
] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];

export interface BreakReason extends Wording {
  readonly kind: BreakKind;
}

/**
 * The first entry that does not check out, as verdicts carry it (the API's `GET /v1/audit/verify`, the
 * CLI's `--json`): `reason` in English as before, `kind`, and the reason in Chinese (`zh.reason`).
 */
export interface FirstBroken {
  readonly seq: number;
  readonly reason: string;
  readonly kind?: BreakKind;
  readonly zh?: { readonly reason: string };
}

export const brokenAt = (seq: number, r: BreakReason): FirstBroken => ({
  seq,
  reason: r.en,
  kind: r.kind,
  zh: { reason: r.zh },
});

const reason = (kind: BreakKind, en: string, zh: string): BreakReason => ({ kind, en, zh });

// What makes an entry (or a later disclosure) malformed, said inside `malformed` below.

/** The first issue the entry's schema found: the validator's English is kept, quoted, in the Chinese. */
export function schemaIssue(error: z.ZodError): Wording {
  const issue = error.issues[0];
  const message = issue?.message ?? 'invalid';
  const path = issue?.path.map(String).join('.') ?? '';
  return {
    en: message,
    zh: `${path ? `成员 ${path} ` : ''}不符合记录的格式（校验器原文：“${message}”）`,
  };
}

/** The hash of a stored entry cannot be computed (its details and salts do not pair up). */
export function unhashable(message: string): Wording {
  return {
    en: message,
    zh:
      message === UNPAIRED_SALTS
        ? 'details 的成员与它们的盐值（salts.details）对不上'
        : `无法计算它的哈希（原文：“${message}”）`,
  };
}

export const disclosedWithoutSalt = (name: string): Wording => ({
  en: `${name} is disclosed without its salt or value`,
  zh: `公开了 ${name}，却缺少它的盐值或取值`,
});

export const disclosedUncommitted = (name: string): Wording => ({
  en: `${name} is disclosed but not committed to`,
  zh: `公开了 ${name}，但记录的承诺值（commitments）中没有它`,
});

// The breaks.

export const malformed = (seq: number, issue: Wording) =>
  reason('malformed', `entry ${seq} is malformed: ${issue.en}`, `第 ${seq} 条记录格式不对：${issue.zh}`);

export const outOfSequence = (expected: number, found: number) =>
  reason(
    'out-of-sequence',
    `expected entry ${expected}, found ${found} (an entry is missing or reordered)`,
    `这里应是第 ${expected} 条记录，实际是第 ${found} 条（有记录缺失，或顺序被调换）`,
  );

export const prevHashMismatch = (previous: number) =>
  reason(
    'prev-hash-mismatch',
    `prevHash does not match the hash of entry ${previous} (the chain was cut or rewritten)`,
    `prevHash 与第 ${previous} 条记录的哈希不一致（哈希链被截断或改写过）`,
  );

export const formatRegression = () =>
  reason(
    'format-regression',
    'a format-1 entry after format-2 entries (the entry was replaced)',
    '格式 2 的记录之后出现了格式 1 的记录（这条记录被替换过）',
  );

export const ALTERED = 'hash does not match the entry content (the entry was altered)';

export const altered = () => reason('altered', ALTERED, '哈希与记录内容不符（这条记录被篡改过）');

/** A disclosed value that does not give its commitment, in an entry or in a later disclosure of one. */
export const disclosureMismatch = (name: string, where: 'entry' | 'later-disclosure') =>
  reason(
    'disclosure-mismatch',
    `the disclosed ${name} does not match its commitment (${where === 'entry' ? 'the entry' : 'the later disclosure'} was altered)`,
    `公开的 ${name} 与它的承诺值不符（${where === 'entry' ? '这条记录' : '这条补充公开'}被篡改过）`,
  );

/** A later disclosure that is not well formed (`target`: the entry it names, when it names one). */
export const laterDisclosureMalformed = (target: string | undefined, issue: Wording) =>
  target === undefined
    ? reason(
        'later-disclosure-malformed',
        `a later disclosure is malformed: ${issue.en}`,
        `一条补充公开格式不对：${issue.zh}`,
      )
    : reason(
        'later-disclosure-malformed',
        `a later disclosure of entry ${target} is malformed: ${issue.en}`,
        `对第 ${target} 条记录的补充公开格式不对：${issue.zh}`,
      );

export const laterDisclosureUnknownEntry = (seq: number) =>
  reason(
    'later-disclosure-unknown-entry',
    `a later disclosure names entry ${seq}, which the export does not hold`,
    `一条补充公开指向第 ${seq} 条记录，但导出中没有这条记录`,
  );

export const laterDisclosureFormat1 = (seq: number) =>
  reason(
    'later-disclosure-format-1',
    `a later disclosure names entry ${seq}, a format-1 entry exported in full`,
    `一条补充公开指向第 ${seq} 条记录，而它是已完整导出的格式 1 记录，不会再有补充公开`,
  );

export const withheld = (seq: number, action: string, missing: readonly string[]) =>
  reason(
    'withheld',
    `entry ${seq} (${action}) withholds what every export discloses: ${missing.join(', ')}`,
    `第 ${seq} 条记录（${action}）隐去了每次导出都必须公开的内容：${missing.join('、')}`,
  );

export const headMismatch = (
  head: { readonly seq: number; readonly hash: string },
  end: { readonly seq: number; readonly hash: string },
) =>
  reason(
    'head-mismatch',
    `the head names entry ${head.seq} (${head.hash}), but its segments end at entry ${end.seq} (${end.hash})`,
    `头文件指向第 ${head.seq} 条记录（${head.hash}），但它列出的分段止于第 ${end.seq} 条记录（${end.hash}）`,
  );

export const headMarkedBroken = (seq: number) =>
  reason(
    'head-marked-broken',
    `the platform found the ledger broken after entry ${seq} when it wrote this head`,
    `平台写这个头文件时，已发现第 ${seq} 条记录之后的账本不完整`,
  );

export const keptHeadMissing = (kept: string) =>
  reason(
    'kept-head-missing',
    `no entry has the head hash you kept (${kept}): the ledger was rewritten before it, or the hash is not of this platform`,
    `没有任何记录的哈希是您保存的头哈希（${kept}）：账本在它之前被改写过，或者这个哈希不属于本平台`,
  );

/**
 * The stored ledger ends before an entry something names: the head document (`by` undefined), or the
 * public export whose head is at `by`.
 */
export const tailMissing = (after: number, named: number, by?: string) =>
  reason(
    'tail-missing',
    `entries after ${after} are missing (${by === undefined ? 'the head names' : `the public export ${by} names`} seq ${named})`,
    `第 ${after} 条之后的记录缺失（${by === undefined ? '账本的头记录' : `公开导出 ${by} `}指向第 ${named} 条）`,
  );

export const rewrittenAfterExport = (seq: number, path: string) =>
  reason(
    'rewritten-after-export',
    `entry ${seq} no longer has the hash the public export ${path} ends with (the chain was rewritten after it was published)`,
    `第 ${seq} 条记录的哈希已不是公开导出 ${path} 结尾的那个（哈希链在公开之后被改写过）`,
  );
