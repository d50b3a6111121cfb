import { z } from 'zod';
import {
  type ChainStart,
  type ChainVerdict,
  checkFormat1,
  GENESIS,
  isFormat2,
  type LinkCheck,
  walkChain,
} from './audit-chain.ts';
import { disclosure, type PublicFacts, withheldFromExport } from './audit-disclosure.ts';
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
import {
  altered,
  type BreakReason,
  brokenAt,
  disclosedUncommitted,
  disclosedWithoutSalt,
  disclosureMismatch,
  laterDisclosureFormat1,
  laterDisclosureMalformed,
  laterDisclosureUnknownEntry,
  schemaIssue,
  type Wording,
  withheld,
} from './audit-reasons.ts';

/** The disclosed fields of a format-2 entry: each value with its salt. */
const disclosed = {
  /** Disclosed only for the platform's own actions (`system:…`). */
  actor: z.string().optional(),
  subject: z.string().optional(),
  /** The disclosed members of details only. */
  details: z.record(z.string(), z.unknown()),
  /** The salt of each disclosed field (and only of those). */
  salts: z.strictObject({ actor: Salt.optional(), subject: Salt.optional(), details: z.record(z.string(), Salt) }),
};

/**
 * An entry of the public export (a segment `/files/_audit/ledger-<from>-<to>.ndjson`, or an older full
 * export `ledger-<seq>.ndjson`). A format-2 entry carries the commitments its hash covers, and the
 * fields that are public (audit-disclosure.ts) with their salts: anyone can recompute each disclosed
 * field's commitment and every hash, so the export verifies end to end without the undisclosed values.
 * A format-1 entry is exported as stored, in full (its hash covers every member, and earlier exports
 * published it so already).
 */
export const ExportedEntryV2 = z.strictObject({
  v: z.literal(2),
  ...chainMembers,
  ...disclosed,
  commitments: Commitments,
});
export type ExportedEntryV2 = z.output<typeof ExportedEntryV2>;

/** An entry line of the export: format 2 (selectively disclosed) or format 1 (in full). */
export const ExportedEntry = z.union([ExportedEntryV2, AuditEntryV1]);
export type ExportedEntry = z.output<typeof ExportedEntry>;

/**
 * A later disclosure of an earlier entry: a segment is written once, with what was public when it was
 * written, so fields of its entries that become public afterwards (a release's steps once it is
 * published) are disclosed by a later segment in a line of this shape. It holds every field public by
 * then, each with its salt, and is checked against the commitments of the entry it names.
 */
export const ExportedDisclosure = z.strictObject({
  /** The seq of the entry (in an earlier segment) whose fields this discloses. */
  discloses: z.number().int().positive(),
  ...disclosed,
});
export type ExportedDisclosure = z.output<typeof ExportedDisclosure>;

/** A line that is a later disclosure rather than an entry. */
export const isDisclosureLine = (raw: unknown) => typeof raw === 'object' && raw !== null && 'discloses' in raw;

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

/**
 * The later disclosures due at an export: each earlier entry (already exported, with `before` public)
 * of which more is public `now`, with every field public by now. Format-1 entries are public in full.
 */
export function laterDisclosures(
  earlier: readonly AuditEntry[],
  before: PublicFacts,
  now: PublicFacts,
): ExportedDisclosure[] {
  const out: ExportedDisclosure[] = [];
  for (const e of earlier) {
    if (!('v' in e)) continue;
    if (JSON.stringify(disclosure(e, before)) === JSON.stringify(disclosure(e, now))) continue;
    const { actor, subject, details, salts } = exportEntry(e, now) as ExportedEntryV2;
    out.push({
      discloses: e.seq,
      ...(actor === undefined ? {} : { actor }),
      ...(subject === undefined ? {} : { subject }),
      details,
      salts,
    });
  }
  return out;
}

type Disclosed = Pick<ExportedEntryV2, 'actor' | 'subject' | 'details' | 'salts'>;
type FieldIssue = { readonly malformed: Wording } | { readonly altered: BreakReason };

/** Every disclosed value with its salt against its commitment; the first field that does not check out. */
function checkDisclosed(
  d: Disclosed,
  commitments: Commitments,
  what: 'entry' | 'later-disclosure',
): FieldIssue | undefined {
  const fields: Array<[name: string, value: unknown, salt: string | undefined, commitment: string | undefined]> = [
    ['actor', d.actor, d.salts.actor, commitments.actor],
    ['subject', d.subject, d.salts.subject, commitments.subject],
  ];
  for (const k of new Set([...Object.keys(d.details), ...Object.keys(d.salts.details)])) {
    const value = Object.hasOwn(d.details, k) ? d.details[k] : undefined;
    fields.push([`details.${k}`, value, d.salts.details[k], commitments.details[k]]);
  }
  for (const [name, value, salt, commitment] of fields) {
    if (value === undefined && salt === undefined) continue; // not disclosed
    if (value === undefined || salt === undefined) return { malformed: disclosedWithoutSalt(name) };
    if (commitment === undefined) return { malformed: disclosedUncommitted(name) };
    if (commit(salt, value) !== commitment) return { altered: disclosureMismatch(name, what) };
  }
  return undefined;
}

/** One exported format-2 entry: every disclosed value matches its commitment, the hash the commitments. */
function checkExported(raw: unknown): LinkCheck {
  if (!isFormat2(raw)) return checkFormat1(raw);
  const parsed = ExportedEntryV2.safeParse(raw);
  if (!parsed.success) return { malformed: schemaIssue(parsed.error) };
  const e = parsed.data;
  const link = { seq: e.seq, prevHash: e.prevHash, hash: e.hash, format: 2 as const };
  const issue = checkDisclosed(e, e.commitments, 'entry');
  if (issue) return 'altered' in issue ? { ...link, ...issue } : issue;
  return hashV2(e, e.commitments) === e.hash ? link : { ...link, altered: altered() };
}

export interface ExportVerdict extends ChainVerdict {
  /** Later disclosures checked against the commitments of the entries they name. */
  readonly disclosures: number;
  /**
   * Later disclosures of entries before the part verified (one segment checked against a kept head
   * hash): their entries are not at hand, so they are not checked here.
   */
  readonly disclosuresUnchecked: number;
}

/**
 * Verifies a public export — one segment, or the segments of a head concatenated in order: the hash
 * chain from `start` (genesis by default; the hash of the entry before a segment checked alone), each
 * disclosed value against its commitment, and each later disclosure against the commitments of the
 * entry it names.
 */
export function verifyExport(lines: readonly unknown[], start: ChainStart = GENESIS): ExportVerdict {
  const entries = lines.filter((l) => !isDisclosureLine(l));
  const chain = walkChain(entries, checkExported, start);
  const counts = { disclosures: 0, disclosuresUnchecked: 0 };
  if (!chain.valid) return { ...chain, ...counts };
  const commitmentsBySeq = new Map<number, Commitments | 'format-1'>();
  for (const e of entries) {
    const v2 = ExportedEntryV2.safeParse(e);
    if (v2.success) commitmentsBySeq.set(v2.data.seq, v2.data.commitments);
    else commitmentsBySeq.set((e as { seq: number }).seq, 'format-1');
  }
  for (const raw of lines.filter(isDisclosureLine)) {
    const target = (raw as { discloses?: unknown }).discloses;
    const broken = (seq: number, reason: BreakReason): ExportVerdict => ({
      ...chain,
      ...counts,
      valid: false,
      firstBroken: brokenAt(seq, reason),
    });
    const parsed = ExportedDisclosure.safeParse(raw);
    if (!parsed.success) {
      const seq = typeof target === 'number' ? target : chain.headSeq;
      return broken(seq, laterDisclosureMalformed(String(target), schemaIssue(parsed.error)));
    }
    const d = parsed.data;
    if (d.discloses <= start.seq) {
      counts.disclosuresUnchecked++;
      continue;
    }
    const commitments = commitmentsBySeq.get(d.discloses);
    if (commitments === undefined) return broken(d.discloses, laterDisclosureUnknownEntry(d.discloses));
    if (commitments === 'format-1') return broken(d.discloses, laterDisclosureFormat1(d.discloses));
    const issue = checkDisclosed(d, commitments, 'later-disclosure');
    if (issue) {
      const reason = 'altered' in issue ? issue.altered : laterDisclosureMalformed(undefined, issue.malformed);
      return broken(d.discloses, reason);
    }
    counts.disclosures++;
  }
  for (const e of withLaterDisclosures(lines)) {
    if (!('v' in e)) continue;
    const missing = withheldFromExport(e);
    if (missing.length) {
      return {
        ...chain,
        ...counts,
        valid: false,
        firstBroken: brokenAt(e.seq, withheld(e.seq, e.action, missing)),
      };
    }
  }
  return { ...chain, ...counts };
}

/**
 * The entries of an export as public now: each entry with the fields later disclosures added (the
 * segments are write-once, so an entry's line shows what was public when its segment was written).
 * Meant for a verified export: it only merges.
 */
export function withLaterDisclosures(lines: readonly unknown[]): ExportedEntry[] {
  const entries = lines.filter((l) => !isDisclosureLine(l)) as ExportedEntry[];
  const bySeq = new Map(entries.map((e, i) => [e.seq, i]));
  for (const l of lines.filter(isDisclosureLine) as ExportedDisclosure[]) {
    const i = bySeq.get(l.discloses);
    const e = i === undefined ? undefined : entries[i];
    if (i === undefined || !e || !('v' in e)) continue;
    const { discloses: _seq, details, salts, ...fields } = l;
    entries[i] = {
      ...e,
      ...fields,
      details: { ...e.details, ...details },
      salts: { ...e.salts, ...salts, details: { ...e.salts.details, ...salts.details } },
    };
  }
  return entries;
}
