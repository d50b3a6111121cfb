import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.ts';

/**
 * The audit ledger (数据留痕、不可篡改): an append-only hash chain. Each entry's hash is the sha256 of
 * its canonical JSON (every member but `hash`, prevHash included), so changing any stored entry, or
 * removing or reordering one, breaks the chain at that entry.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const AuditEntry = z.strictObject({
  /** 1, 2, 3, … without gaps. */
  seq: z.number().int().positive(),
  time: z.string(),
  /** Principal id (or `system:…`). */
  actor: z.string(),
  /** e.g. `release.approved`, `version.withdrawn`. */
  action: z.string(),
  /** What it is about, e.g. `release/<id>` or `dataset/<id>/v3`. */
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.output<typeof AuditEntry>;
export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

export const hashEntry = (e: UnsealedEntry): string => {
  const { seq, time, actor, action, subject, details, prevHash } = e;
  return createHash('sha256')
    .update(canonicalJson({ seq, time, actor, action, subject, details, prevHash }))
    .digest('hex');
};

export const seal = (e: UnsealedEntry): AuditEntry => ({ ...e, hash: hashEntry(e) });

export interface ChainVerdict {
  readonly valid: boolean;
  readonly entries: number;
  /** Hash of the last entry (GENESIS_HASH for an empty ledger). */
  readonly headHash: string;
  readonly headSeq: number;
  /** The first entry that does not check out, and why. */
  readonly firstBroken?: { readonly seq: number; readonly reason: string };
}

/** Recomputes the chain in order; stops at the first broken link. */
export function verifyChain(entries: readonly unknown[]): ChainVerdict {
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const raw of entries) {
    const expectedSeq = seq + 1;
    const parsed = AuditEntry.safeParse(raw);
    const at = (reason: string, s = expectedSeq): ChainVerdict => ({
      valid: false,
      entries: entries.length,
      headHash: prev,
      headSeq: seq,
      firstBroken: { seq: s, reason },
    });
    if (!parsed.success)
      return at(`entry ${expectedSeq} is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const e = parsed.data;
    if (e.seq !== expectedSeq)
      return at(`expected entry ${expectedSeq}, found ${e.seq} (an entry is missing or reordered)`);
    if (e.prevHash !== prev)
      return at(`prevHash does not match the hash of entry ${seq} (the chain was cut or rewritten)`);
    if (hashEntry(e) !== e.hash) return at('hash does not match the entry content (the entry was altered)');
    prev = e.hash;
    seq = e.seq;
  }
  return { valid: true, entries: entries.length, headHash: prev, headSeq: seq };
}
