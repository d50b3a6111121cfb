import { AuditEntryV1, AuditEntryV2, commitmentsOf, hashV1, hashV2 } from './audit-entry.ts';

/**
 * The audit ledger is an append-only hash chain: each entry's hash covers its prevHash, so changing
 * a stored entry, or removing or reordering one, breaks the chain at that entry. The same walk checks
 * the stored ledger (verifyChain, below) and a public export of it (audit-export.ts verifyExport).
 */
export const GENESIS_HASH = '0'.repeat(64);

export const ALTERED = 'hash does not match the entry content (the entry was altered)';

export interface ChainVerdict {
  readonly valid: boolean;
  readonly entries: number;
  /** Hash of the last entry (GENESIS_HASH for an empty ledger). */
  readonly headHash: string;
  readonly headSeq: number;
  /** The first entry that does not check out, and why. */
  readonly firstBroken?: { readonly seq: number; readonly reason: string };
}

/** What one entry says about its place in the chain (`altered`: why its content does not check out). */
export type LinkCheck =
  | {
      readonly seq: number;
      readonly prevHash: string;
      readonly hash: string;
      readonly format: 1 | 2;
      readonly altered?: string;
    }
  | { readonly malformed: string };

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
    const at = (reason: string): ChainVerdict => ({
      valid: false,
      entries: entries.length,
      headHash: prev,
      headSeq: seq,
      firstBroken: { seq: expectedSeq, reason },
    });
    const c = check(raw);
    if ('malformed' in c) return at(`entry ${expectedSeq} is malformed: ${c.malformed}`);
    if (c.seq !== expectedSeq)
      return at(`expected entry ${expectedSeq}, found ${c.seq} (an entry is missing or reordered)`);
    if (c.prevHash !== prev)
      return at(`prevHash does not match the hash of entry ${seq} (the chain was cut or rewritten)`);
    // Every entry since the switch is written in format 2: an old-format one after it was not appended.
    if (c.format < format) return at('a format-1 entry after format-2 entries (the entry was replaced)');
    if (c.altered) return at(c.altered);
    prev = c.hash;
    seq = c.seq;
    format = c.format;
  }
  return { valid: true, entries: entries.length, headHash: prev, headSeq: seq };
}

export const isFormat2 = (raw: unknown) => typeof raw === 'object' && raw !== null && 'v' in raw;
export const firstIssue = (e: { issues: readonly { message: string }[] }) => e.issues[0]?.message ?? 'invalid';

/** One stored entry (either format), every value in clear. */
function checkStored(raw: unknown): LinkCheck {
  if (isFormat2(raw)) {
    const parsed = AuditEntryV2.safeParse(raw);
    if (!parsed.success) return { malformed: firstIssue(parsed.error) };
    const e = parsed.data;
    let hash: string;
    try {
      hash = hashV2(e, commitmentsOf(e));
    } catch (err) {
      return { malformed: err instanceof Error ? err.message : String(err) };
    }
    return {
      seq: e.seq,
      prevHash: e.prevHash,
      hash: e.hash,
      format: 2,
      ...(hash === e.hash ? {} : { altered: ALTERED }),
    };
  }
  return checkFormat1(raw);
}

/** A format-1 entry: stored and exported alike, in full. */
export function checkFormat1(raw: unknown): LinkCheck {
  const parsed = AuditEntryV1.safeParse(raw);
  if (!parsed.success) return { malformed: firstIssue(parsed.error) };
  const e = parsed.data;
  return {
    seq: e.seq,
    prevHash: e.prevHash,
    hash: e.hash,
    format: 1,
    ...(hashV1(e) === e.hash ? {} : { altered: ALTERED }),
  };
}

/** Recomputes the stored chain (format 1, format 2, or format 1 then format 2). */
export const verifyChain = (entries: readonly unknown[]): ChainVerdict => walkChain(entries, checkStored);
