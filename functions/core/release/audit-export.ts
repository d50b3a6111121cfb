import { z } from 'zod';
import {
  ALTERED,
  type ChainVerdict,
  checkFormat1,
  firstIssue,
  isFormat2,
  type LinkCheck,
  walkChain,
} from './audit-chain.ts';
import { disclosure, type PublicFacts } from './audit-disclosure.ts';
import {
  type AuditEntry,
  AuditEntryV1,
  Commitments,
  chainMembers,
  commit,
  commitmentsOf,
  hashV2,
  Salt,
} from './audit-entry.ts';

/**
 * An entry of the public export (`/files/_audit/ledger-<seq>.ndjson`). A format-2 entry carries the
 * commitments its hash covers, and the fields that are public (audit-disclosure.ts) with their salts:
 * anyone can recompute each disclosed field's commitment and every hash, so the export verifies end to
 * end without the undisclosed values. A format-1 entry is exported as stored, in full (its hash covers
 * every member, and earlier exports published it so already).
 */
export const ExportedEntryV2 = z.strictObject({
  v: z.literal(2),
  ...chainMembers,
  /** Disclosed only for the platform's own actions (`system:…`). */
  actor: z.string().optional(),
  subject: z.string().optional(),
  /** The disclosed members of details only. */
  details: z.record(z.string(), z.unknown()),
  /** The salt of each disclosed field (and only of those). */
  salts: z.strictObject({ actor: Salt.optional(), subject: Salt.optional(), details: z.record(z.string(), Salt) }),
  commitments: Commitments,
});
export type ExportedEntryV2 = z.output<typeof ExportedEntryV2>;

/** A line of the export: format 2 (selectively disclosed) or format 1 (in full). */
export const ExportedEntry = z.union([ExportedEntryV2, AuditEntryV1]);
export type ExportedEntry = z.output<typeof ExportedEntry>;

const pick = <T>(o: Readonly<Record<string, T>>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k] as T]));

/** The public form of a stored entry. */
export function exportEntry(e: AuditEntry, facts: PublicFacts): ExportedEntry {
  if (!('v' in e)) return e;
  const d = disclosure(e, facts);
  return {
    v: 2,
    seq: e.seq,
    time: e.time,
    ...(d.actor ? { actor: e.actor } : {}),
    action: e.action,
    ...(d.subject ? { subject: e.subject } : {}),
    details: pick(e.details, d.details),
    prevHash: e.prevHash,
    hash: e.hash,
    commitments: commitmentsOf(e),
    salts: {
      ...(d.actor ? { actor: e.salts.actor } : {}),
      ...(d.subject ? { subject: e.salts.subject } : {}),
      details: pick(e.salts.details, d.details),
    },
  };
}

/** One exported format-2 entry: every disclosed value matches its commitment, the hash the commitments. */
function checkExported(raw: unknown): LinkCheck {
  if (!isFormat2(raw)) return checkFormat1(raw);
  const parsed = ExportedEntryV2.safeParse(raw);
  if (!parsed.success) return { malformed: firstIssue(parsed.error) };
  const e = parsed.data;
  const link = { seq: e.seq, prevHash: e.prevHash, hash: e.hash, format: 2 as const };
  const fields: Array<[name: string, value: unknown, salt: string | undefined, commitment: string | undefined]> = [
    ['actor', e.actor, e.salts.actor, e.commitments.actor],
    ['subject', e.subject, e.salts.subject, e.commitments.subject],
  ];
  for (const k of new Set([...Object.keys(e.details), ...Object.keys(e.salts.details)])) {
    const value = Object.hasOwn(e.details, k) ? e.details[k] : undefined;
    fields.push([`details.${k}`, value, e.salts.details[k], e.commitments.details[k]]);
  }
  for (const [name, value, salt, commitment] of fields) {
    if (value === undefined && salt === undefined) continue; // not disclosed
    if (value === undefined || salt === undefined)
      return { malformed: `${name} is disclosed without its salt or value` };
    if (commitment === undefined) return { malformed: `${name} is disclosed but not committed to` };
    if (commit(salt, value) !== commitment) {
      return { ...link, altered: `the disclosed ${name} does not match its commitment (the entry was altered)` };
    }
  }
  return hashV2(e, e.commitments) === e.hash ? link : { ...link, altered: ALTERED };
}

/** Verifies a public export: disclosed values against their commitments, and the hash chain. */
export const verifyExport = (entries: readonly unknown[]): ChainVerdict => walkChain(entries, checkExported);
