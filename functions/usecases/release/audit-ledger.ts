import { randomBytes } from 'node:crypto';
import { PUBLISHED_PREFIX } from '../../core/catalog/artifact-keys.ts';
import { AUDIT_FOLDER } from '../../core/catalog/files-gate.ts';
import { type ChainVerdict, GENESIS_HASH, verifyChain } from '../../core/release/audit-chain.ts';
import { publicFacts } from '../../core/release/audit-disclosure.ts';
import { AuditEntry, type AuditEntryV2, seal } from '../../core/release/audit-entry.ts';
import { exportEntry, laterDisclosures } from '../../core/release/audit-export.ts';
import { ExportHead, headFileName, segmentFileName, segmentsOf } from '../../core/release/audit-export-head.ts';
import { brokenAt, type FirstBroken, rewrittenAfterExport, tailMissing } from '../../core/release/audit-reasons.ts';
import { BlobExistsError } from '../../ports/blob-store.ts';
import { ConditionFailedError } from '../../ports/catalog-store.ts';
import type { Deps } from '../deps.ts';

/**
 * The append-only audit ledger on the catalog store. Entries are `audit` documents keyed by their
 * zero-padded seq and written ONLY with expectedRevision 0 (create-if-absent): there is no update
 * or delete path. A `audit-head` document caches the last seq and hash; it is a hint, the entries
 * are the truth (a crash between the two writes is repaired by the next append).
 */
const KIND = 'audit';
const HEAD_KIND = 'audit-head';
const MARK_KIND = 'audit-mark';
/**
 * Every document kind the ledger writes (DynamoDB partition keys `<kind>#<id>`): entries, the head and
 * the dedupe marks. IAM keeps these items append-only (infra/constructs/handler-access.ts): no role may
 * update, delete or batch-write them, and only the roles of functions that append may put them.
 */
export const LEDGER_DOC_KINDS = [KIND, HEAD_KIND, MARK_KIND] as const;
export const auditDocId = (seq: number) => String(seq).padStart(12, '0');

export interface AuditInput {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details?: Record<string, unknown>;
  /** Appends at most once per key (a retried transition does not log twice). */
  readonly dedupeKey?: string;
}

interface Head {
  seq: number;
  hash: string;
}

type LedgerDeps = Pick<Deps, 'catalog' | 'clock'>;

/** A fresh salt per committed field (16 random bytes): see core/release/audit-entry.ts. */
const newSalt = () => randomBytes(16).toString('hex');

export async function appendAudit(deps: LedgerDeps, input: AuditInput): Promise<AuditEntryV2 | undefined> {
  if (input.dedupeKey && (await deps.catalog.getDoc(MARK_KIND, input.dedupeKey))) return undefined;
  for (let attempt = 0; attempt < 200; attempt++) {
    const head = await deps.catalog.getDoc<Head>(HEAD_KIND, 'head');
    let seq = head?.value.seq ?? 0;
    let prevHash = head?.value.hash ?? GENESIS_HASH;
    // The head may lag behind (a crash after an entry was written, or a concurrent appender).
    for (;;) {
      const next = await deps.catalog.getDoc<AuditEntry>(KIND, auditDocId(seq + 1));
      if (!next) break;
      seq = next.value.seq;
      prevHash = next.value.hash;
    }
    const entry = seal(
      {
        seq: seq + 1,
        time: deps.clock.now().toISOString(),
        actor: input.actor,
        action: input.action,
        subject: input.subject,
        details: input.details ?? {},
        prevHash,
      },
      newSalt,
    );
    try {
      await deps.catalog.putDoc(KIND, auditDocId(entry.seq), entry, 0);
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
      await sleep(attempt);
      continue; // someone else took this seq: chain onto theirs
    }
    await advanceHead(deps, entry);
    if (input.dedupeKey) {
      await deps.catalog.putDoc(MARK_KIND, input.dedupeKey, { seq: entry.seq }, 0).catch((e: unknown) => {
        if (!(e instanceof ConditionFailedError)) throw e;
      });
    }
    return entry;
  }
  throw new Error('could not append to the audit ledger: too much contention');
}

async function advanceHead(deps: LedgerDeps, entry: Head): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const head = await deps.catalog.getDoc<Head>(HEAD_KIND, 'head');
    if (head && head.value.seq >= entry.seq) return;
    try {
      await deps.catalog.putDoc<Head>(HEAD_KIND, 'head', { seq: entry.seq, hash: entry.hash }, head?.revision ?? 0);
      return;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
}

/** Every stored entry in seq order (as stored: verification must see tampered content as is). */
export async function readLedger(deps: Pick<Deps, 'catalog'>): Promise<unknown[]> {
  const out: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await deps.catalog.listDocs<unknown>(KIND, { limit: 1000, ...(after ? { after } : {}) });
    out.push(...page.map((d) => d.value));
    if (page.length < 1000) return out;
    after = page[page.length - 1]?.id;
  }
}

export interface LedgerVerdict extends ChainVerdict {
  /** The head document agrees with the last entry (a truncated ledger is caught here). */
  readonly headConsistent: boolean;
  readonly checkedAt: string;
}

export async function verifyLedger(deps: LedgerDeps): Promise<LedgerVerdict> {
  // The head first: it names only entries already written, so an append meanwhile is no missing entry.
  const head = await deps.catalog.getDoc<Head>(HEAD_KIND, 'head');
  const verdict = verifyChain(await readLedger(deps));
  const headConsistent = !head || (verdict.valid && head.value.seq <= verdict.headSeq);
  const base = { ...verdict, headConsistent, checkedAt: deps.clock.now().toISOString() };
  if (verdict.valid && !headConsistent && head) {
    return {
      ...base,
      valid: false,
      firstBroken: brokenAt(verdict.headSeq + 1, tailMissing(verdict.headSeq, head.value.seq)),
    };
  }
  return base;
}

/** Where the exports are stored (`datasets/_audit/`), served at `/files/_audit/` without a files-gate entry. */
const AUDIT_KEYS = `${PUBLISHED_PREFIX}${AUDIT_FOLDER}`;
const publicPath = (key: string) => `/files/${key.slice(PUBLISHED_PREFIX.length)}`;

export type LedgerExport = {
  /** The head in effect after this export (none while the ledger is empty). */
  readonly headKey?: string;
  /** The segment this export wrote (none when there was nothing new). */
  readonly segmentKey?: string;
  readonly seq: number;
};

/**
 * Publishes the ledger for outsiders, incrementally, as write-once files (core/release/audit-export-head.ts):
 * a segment `/files/_audit/ledger-<from>-<to>.ndjson` with the entries after the previous export's head,
 * and `/files/_audit/head-<to>.json` naming every segment from the first entry. An unchanged ledger
 * writes nothing. Published files are never overwritten (the published prefix is write-once in AWS
 * too), so an outsider who kept an earlier head can check a later one still contains it unchanged.
 *
 * Each entry is exported in its public form (core/release/audit-export.ts): only what is public is
 * disclosed, the rest as commitments, so the chain verifies without it (verifyExport). What is public
 * is learnt from the verified entries only, so an altered entry cannot make another one disclosed, and
 * only verified entries are exported (after a break the heads stop advancing and say `valid: false`).
 * An earlier entry of which more became public since the previous export (a release's steps once it is
 * published) is disclosed again in the new segment, as a `discloses` line (laterDisclosures).
 */
export async function exportLedger(deps: Pick<Deps, 'catalog' | 'clock' | 'blobs'>): Promise<LedgerExport> {
  const stored = await readLedger(deps);
  return exportStored(deps, stored, verifyChain(stored));
}

async function exportStored(
  deps: Pick<Deps, 'clock' | 'blobs'>,
  stored: readonly unknown[],
  verdict: ChainVerdict,
): Promise<LedgerExport> {
  const verified = stored.slice(0, verdict.headSeq).map((e) => AuditEntry.parse(e));
  const previous = await latestHead(deps);
  const after = previous?.head.seq ?? 0;
  if (verdict.headSeq <= after) {
    return { ...(previous ? { headKey: previous.key } : {}), seq: after };
  }
  const earlier = verified.slice(0, after);
  const before = publicFacts(earlier);
  const now = publicFacts(verified);
  const lines = [...verified.slice(after).map((e) => exportEntry(e, now)), ...laterDisclosures(earlier, before, now)];
  const segmentKey = `${AUDIT_KEYS}${segmentFileName(after + 1, verdict.headSeq)}`;
  await writeOnce(
    deps,
    segmentKey,
    lines.map((l) => `${JSON.stringify(l)}\n`).join(''),
    'application/x-ndjson; charset=utf-8',
  );
  // A previous head that the stored ledger contradicts (its entry was rewritten, hashes included):
  // the new head still chains the segments as stored, and says the ledger is not intact.
  const linked = !previous || earlier.at(-1)?.hash === previous.head.hash;
  const head: ExportHead = {
    seq: verdict.headSeq,
    hash: verdict.headHash,
    valid: verdict.valid && linked,
    exportedAt: deps.clock.now().toISOString(),
    segments: [...(previous ? segmentsOf(previous.head) : []), publicPath(segmentKey)],
  };
  const headKey = `${AUDIT_KEYS}${headFileName(verdict.headSeq)}`;
  await writeOnce(deps, headKey, JSON.stringify(head, null, 2), 'application/json');
  return { headKey, segmentKey, seq: verdict.headSeq };
}

/**
 * The metrics the maintenance function reports a LedgerCheck as (namespace POWERTOOLS_METRICS_NAMESPACE,
 * dimension `service`), which infra/constructs/monitoring.ts alarms on: `valid` 1 when the stored ledger
 * verified, else 0; `exportLag` the entries stored that the public export lacks (0 when up to date).
 */
export const LEDGER_CHECK_METRICS = { valid: 'AuditLedgerValid', exportLag: 'AuditLedgerExportLag' } as const;

/** The daily export's verdict on the stored ledger (the maintenance function reports it: LEDGER_CHECK_METRICS). */
export interface LedgerCheck extends LedgerExport {
  /**
   * The stored chain verifies, the head document names no entry beyond it, and it still holds the
   * entry the newest public export ends with, unchanged (an export an outsider may have kept).
   */
  readonly valid: boolean;
  readonly firstBroken?: FirstBroken;
  /** Entries stored (`stored - seq`: how many the public export lacks). */
  readonly stored: number;
}

/**
 * exportLedger, and what the stored ledger is worth: a rewritten, removed or reordered entry, a tail
 * cut off (the head document, or the public export, names a later entry), or a chain rewritten
 * consistently since it was exported (the entry the export ends with has another hash now).
 */
export async function checkAndExportLedger(deps: Pick<Deps, 'catalog' | 'clock' | 'blobs'>): Promise<LedgerCheck> {
  // Read before the entries: the head document and the exports only ever name entries written before
  // them, so an append or an export running meanwhile cannot pass for a missing entry.
  const head = await deps.catalog.getDoc<Head>(HEAD_KIND, 'head');
  const published = await latestHead(deps);
  const stored = await readLedger(deps);
  const verdict = verifyChain(stored);
  const exported = await exportStored(deps, stored, verdict);
  return { ...exported, stored: stored.length, ...judge(stored, verdict, head?.value, published) };
}

function judge(
  stored: readonly unknown[],
  verdict: ChainVerdict,
  head: Head | undefined,
  published: { key: string; head: ExportHead } | undefined,
): Pick<LedgerCheck, 'valid' | 'firstBroken'> {
  if (!verdict.valid) return { valid: false, ...(verdict.firstBroken ? { firstBroken: verdict.firstBroken } : {}) };
  const missing = (seq: number, by?: string) => ({
    valid: false,
    firstBroken: brokenAt(verdict.headSeq + 1, tailMissing(verdict.headSeq, seq, by)),
  });
  if (head && head.seq > verdict.headSeq) return missing(head.seq);
  if (!published) return { valid: true };
  const exportedSeq = published.head.seq;
  const path = publicPath(published.key);
  if (exportedSeq > verdict.headSeq) return missing(exportedSeq, path);
  if ((stored[exportedSeq - 1] as { hash?: unknown } | undefined)?.hash !== published.head.hash) {
    return { valid: false, firstBroken: brokenAt(exportedSeq, rewrittenAfterExport(exportedSeq, path)) };
  }
  return { valid: true };
}

async function writeOnce(deps: Pick<Deps, 'blobs'>, key: string, body: string, contentType: string): Promise<void> {
  try {
    await deps.blobs.putBytes(key, body, {
      contentType,
      ifNoneMatch: true,
      cacheControl: 'public, max-age=31536000, immutable',
    });
  } catch (e) {
    // A concurrent export of the same entries got there first: a segment's content follows from its
    // entries, and either head is as good (each names only segments written before it).
    if (!(e instanceof BlobExistsError)) throw e;
  }
}

/** The newest head file (heads are named by their zero-padded seq, so the last listed). */
async function latestHead(deps: Pick<Deps, 'blobs'>): Promise<{ key: string; head: ExportHead } | undefined> {
  const key = (await deps.blobs.list(`${AUDIT_KEYS}head-`)).at(-1);
  if (!key) return undefined;
  const bytes = await deps.blobs.readBytes(key);
  if (!bytes) return undefined;
  return { key, head: ExportHead.parse(JSON.parse(Buffer.from(bytes).toString('utf8'))) };
}

const sleep = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(50, 1 + attempt * 2) * Math.random()));

/**
 * The export after a release or withdrawal: best effort. The ledger itself is already committed in
 * the catalog; a failed export (e.g. two concurrent exports of the same file) is repaired by the next
 * one or by the daily export, so it must not fail the transition that triggered it.
 */
export async function exportLedgerAfterChange(deps: Pick<Deps, 'catalog' | 'clock' | 'blobs'>): Promise<void> {
  try {
    await exportLedger(deps);
  } catch {
    // Swallowed on purpose (see above); GET /v1/audit/verify always reads the committed entries.
  }
}

/**
 * The newest public export of the ledger, for the verify answer: its head, which names every segment
 * (`opendata audit verify --export <site>/files/_audit/head-<seq>.json` checks them all).
 */
export async function latestLedgerExport(deps: Pick<Deps, 'blobs'>): Promise<{ head: string } | null> {
  const last = (await deps.blobs.list(`${AUDIT_KEYS}head-`)).at(-1);
  return last ? { head: publicPath(last) } : null;
}
