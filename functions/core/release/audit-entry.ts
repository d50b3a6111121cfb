import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.ts';

/**
 * One entry of the audit ledger (数据留痕、不可篡改), as stored on the catalog store. Two formats:
 *
 * - format 1 (entries written before selective disclosure): `hash` is the sha256 of the canonical
 *   JSON of every member but `hash`, so the entry can only be verified, and exported, in full;
 * - format 2 (`v: 2`): `actor`, `subject` and each member of `details` is committed to separately,
 *   `sha256(canonicalJson({salt, value}))` with its own random salt, and `hash` covers the
 *   commitments instead of the values. The public export can then disclose a field (value + salt) or
 *   only its commitment, and the chain still verifies end to end (audit-export.ts).
 */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256, 64 lower-case hex digits');
/** 16 to 32 random bytes, hex: a disclosed-or-not field cannot be guessed from its commitment. */
export const Salt = z.string().regex(/^[0-9a-f]{32,64}$/, 'a salt of 16 to 32 bytes, lower-case hex');

/** The members of either format that are always public (and hashed as they are). */
export const chainMembers = {
  /** 1, 2, 3, … without gaps. */
  seq: z.number().int().positive(),
  time: z.string(),
  /** e.g. `release.approved`, `version.withdrawn`; always public. */
  action: z.string(),
  /** Hash of the previous entry (GENESIS_HASH for the first). */
  prevHash: z.string(),
  hash: z.string(),
};
const content = {
  /** Principal id (or `system:…`). */
  actor: z.string(),
  /** What it is about, e.g. `release/<id>` or `dataset/<id>/v3`. */
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
};

/** Format 1: hashed over the whole entry. Still verified; written no more. */
export const AuditEntryV1 = z.strictObject({ ...chainMembers, ...content });
export type AuditEntryV1 = z.output<typeof AuditEntryV1>;

/** The commitment of each committed field (what the hash of a format-2 entry covers). */
export const Commitments = z.strictObject({
  actor: Hex64,
  subject: Hex64,
  /** One per member of details; the member names themselves are public. */
  details: z.record(z.string(), Hex64),
});
export type Commitments = z.output<typeof Commitments>;

/** Format 2 as stored: every value in clear with its salt (the salts never leave unless disclosed). */
export const AuditEntryV2 = z.strictObject({
  v: z.literal(2),
  ...chainMembers,
  ...content,
  salts: z.strictObject({ actor: Salt, subject: Salt, details: z.record(z.string(), Salt) }),
});
export type AuditEntryV2 = z.output<typeof AuditEntryV2>;

/** A stored entry of either format. */
export const AuditEntry = z.union([AuditEntryV2, AuditEntryV1]);
export type AuditEntry = z.output<typeof AuditEntry>;

export type UnsealedEntry = Pick<
  AuditEntryV2,
  'seq' | 'time' | 'actor' | 'action' | 'subject' | 'details' | 'prevHash'
>;

export const commit = (salt: string, value: unknown): string => sha256(canonicalJson({ salt, value }));

/** What commitmentsOf throws when an entry's details and their salts do not pair up. */
export const UNPAIRED_SALTS = 'details and their salts do not pair up';

/** The commitments of a stored format-2 entry; throws when details and their salts do not pair up. */
export function commitmentsOf(e: Pick<AuditEntryV2, 'actor' | 'subject' | 'details' | 'salts'>): Commitments {
  const names = Object.keys(e.details).sort();
  const salted = Object.keys(e.salts.details).sort();
  if (names.join('\n') !== salted.join('\n')) throw new Error(UNPAIRED_SALTS);
  return {
    actor: commit(e.salts.actor, e.actor),
    subject: commit(e.salts.subject, e.subject),
    details: Object.fromEntries(names.map((k) => [k, commit(e.salts.details[k] as string, e.details[k])])),
  };
}

/** Hash of a format-2 entry: over its public members and the commitments. */
export const hashV2 = (e: Pick<AuditEntryV2, 'seq' | 'time' | 'action' | 'prevHash'>, commitments: Commitments) =>
  sha256(canonicalJson({ v: 2, seq: e.seq, time: e.time, action: e.action, prevHash: e.prevHash, commitments }));

/** Hash of a format-1 entry: over the whole entry. */
export const hashV1 = (e: Omit<AuditEntryV1, 'hash'>): string => {
  const { seq, time, actor, action, subject, details, prevHash } = e;
  return sha256(canonicalJson({ seq, time, actor, action, subject, details, prevHash }));
};

/**
 * Seals a new (format-2) entry with a fresh salt per field. Details are normalised to what a JSON
 * store gives back (undefined members dropped), so the commitments match the stored entry.
 */
export function seal(e: UnsealedEntry, newSalt: () => string): AuditEntryV2 {
  const details = JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>;
  const salts = {
    actor: newSalt(),
    subject: newSalt(),
    details: Object.fromEntries(Object.keys(details).map((k) => [k, newSalt()])),
  };
  const { seq, time, actor, action, subject, prevHash } = e;
  const entry = { v: 2 as const, seq, time, actor, action, subject, details, salts, prevHash };
  return { ...entry, hash: hashV2(entry, commitmentsOf(entry)) };
}
