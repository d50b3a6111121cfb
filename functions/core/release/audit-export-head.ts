import { z } from 'zod';
import type { ExportVerdict } from './audit-export.ts';
import { type BreakReason, brokenAt, headMarkedBroken, headMismatch } from './audit-reasons.ts';

/**
 * The public export of the audit ledger is incremental: each export writes, once, a segment holding
 * only the entries after the previous export's head (`ledger-<from>-<to>.ndjson`) and a head naming
 * every segment from the first (`head-<to>.json`). Files are write-once, so storage grows with the
 * ledger, not with the ledger times the number of exports. Exports written before segments were
 * full ledgers (`ledger-<seq>.ndjson`, every entry from the first), named by their head's `ledger`;
 * the latest of them is the first segment of the next head.
 */
const pad = (seq: number) => String(seq).padStart(10, '0');

/** File names inside the audit folder (`/files/_audit/`). */
export const segmentFileName = (from: number, to: number) => `ledger-${pad(from)}-${pad(to)}.ndjson`;
export const headFileName = (seq: number) => `head-${pad(seq)}.json`;

/** A head file, either kind. Not strict: a verifier reads heads written by later versions too. */
export const ExportHead = z
  .object({
    /** The last entry the head's segments hold (0: none). */
    seq: z.number().int().nonnegative(),
    /** That entry's hash. */
    hash: z.string(),
    /** Whether the stored ledger verified when this head was written. */
    valid: z.boolean(),
    exportedAt: z.string(),
    /** Every segment from the first entry, in order (paths like `/files/_audit/ledger-….ndjson`). */
    segments: z.array(z.string()).optional(),
    /** A head written before segments: the one full export from the first entry. */
    ledger: z.string().optional(),
  })
  .refine((h) => h.segments !== undefined || h.ledger !== undefined, 'a head names its segments (or its ledger)');
export type ExportHead = z.output<typeof ExportHead>;

/** The segments a head names, in order (a full export of an older head is one segment). */
export const segmentsOf = (head: ExportHead): string[] => head.segments ?? (head.ledger ? [head.ledger] : []);

/**
 * The verdict on a head's segments, verified from the first entry, also against the head itself: its
 * segments must end at the entry and hash it names, and it must not say the ledger was already broken.
 */
export function checkHead(head: ExportHead, v: ExportVerdict): ExportVerdict {
  if (!v.valid) return v;
  const broken = (reason: BreakReason): ExportVerdict => ({
    ...v,
    valid: false,
    firstBroken: brokenAt(Math.min(head.seq, v.headSeq) + 1, reason),
  });
  if (head.seq !== v.headSeq || head.hash !== v.headHash) {
    return broken(headMismatch(head, { seq: v.headSeq, hash: v.headHash }));
  }
  if (!head.valid) return broken(headMarkedBroken(head.seq));
  return v;
}
