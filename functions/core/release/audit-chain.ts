import { AuditEntryV1, AuditEntryV2, commitmentsOf, hashV1, hashV2 } from './audit-entry.ts';
import {
  altered,
  type BreakReason,
  brokenAt,
  type FirstBroken,
  formatRegression,
  malformed,
  outOfSequence,
  prevHashMismatch,
  schemaIssue,
  unhashable,
  type Wording,
} from './audit-reasons.ts';

/**
 * The audit ledger is an append-only hash chain: each entry's hash covers its prevHash, so changing
 * a stored entry, or removing or reordering one, breaks the chain at that entry. The same walk checks
 * the stored ledger (verifyChain, below) and a public export of it (audit-export.ts verifyExport).
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainVerdict {
  readonly valid: boolean;
  readonly entries: number;
  /** Hash of the last entry (GENESIS_HASH for an empty ledger). */
  readonly headHash: string;
  readonly headSeq: number;
  /** The first entry that does not check out, and why (in English and Chinese: audit-reasons.ts). */
  readonly firstBroken?: FirstBroken;
}

/**
 * What one entry says about its place in the chain (`altered`: why its content does not check out;
 * `malformed`: what is wrong with its shape).
 */
export type LinkCheck =
  | {
      readonly seq: number;
      readonly prevHash: string;
      readonly hash: string;
      readonly format: 1 | 2;
      readonly altered?: BreakReason;
    }
  | { readonly malformed: Wording };

/** Where a walk starts: the entry before the first one walked (genesis by default). */
export interface ChainStart {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS: ChainStart = { seq: 0, hash: GENESIS_HASH };

/**
 * Walks the chain in order with a per-entry check; stops at the first broken link. `start` is the
 * entry before the first one (a part of the chain is checked against a head hash kept earlier).
 */
export function walkChain(
  entries: readonly unknown[],
  check: (raw: unknown) => LinkCheck,
  start: ChainStart = GENESIS,
): ChainVerdict {
  let prev = start.hash;
  let seq = start.seq;
  let format = 1;
  for (const raw of entries) {
    const expectedSeq = seq + 1;
    const at = (reason: BreakReason): ChainVerdict => ({
      valid: false,
      entries: entries.length,
      headHash: prev,
      headSeq: seq,
      firstBroken: brokenAt(expectedSeq, reason),
    });
    const c = check(raw);
    if ('malformed' in c) return at(malformed(expectedSeq, c.malformed));
    if (c.seq !== expectedSeq) return at(outOfSequence(expectedSeq, c.seq));
    if (c.prevHash !== prev) return at(prevHashMismatch(seq));
    // Every entry since the switch is written in format 2: an old-format one after it was not appended.
    if (c.format < format) return at(formatRegression());
    if (c.altered) return at(c.altered);
    prev = c.hash;
    seq = c.seq;
    format = c.format;
  }
  return { valid: true, entries: entries.length, headHash: prev, headSeq: seq };
}

export const isFormat2 = (raw: unknown) => typeof raw === 'object' && raw !== null && 'v' in raw;

/** One stored entry (either format), every value in clear. */
function checkStored(raw: unknown): LinkCheck {
  if (isFormat2(raw)) {
    const parsed = AuditEntryV2.safeParse(raw);
    if (!parsed.success) return { malformed: schemaIssue(parsed.error) };
    const e = parsed.data;
    let hash: string;
    try {
      hash = hashV2(e, commitmentsOf(e));
    } catch (err) {
      return { malformed: unhashable(err instanceof Error ? err.message : String(err)) };
    }
    return {
      seq: e.seq,
      prevHash: e.prevHash,
      hash: e.hash,
      format: 2,
      ...(hash === e.hash ? {} : { altered: altered() }),
    };
  }
  return checkFormat1(raw);
}

/** A format-1 entry: stored and exported alike, in full. */
export function checkFormat1(raw: unknown): LinkCheck {
  const parsed = AuditEntryV1.safeParse(raw);
  if (!parsed.success) return { malformed: schemaIssue(parsed.error) };
  const e = parsed.data;
  return {
    seq: e.seq,
    prevHash: e.prevHash,
    hash: e.hash,
    format: 1,
    ...(hashV1(e) === e.hash ? {} : { altered: altered() }),
  };
}

/** Recomputes the stored chain (format 1, format 2, or format 1 then format 2). */
export const verifyChain = (entries: readonly unknown[]): ChainVerdict => walkChain(entries, checkStored);
