import { randomBytes } from 'node:crypto';
import { PUBLISHED_PREFIX } from '../../core/catalog/artifact-keys.ts';
import { AUDIT_FOLDER } from '../../core/catalog/files-gate.ts';
import { type ChainVerdict, GENESIS_HASH, verifyChain } from '../../core/release/audit-chain.ts';
import { publicFacts } from '../../core/release/audit-disclosure.ts';
import { AuditEntry, type AuditEntryV2, seal } from '../../core/release/audit-entry.ts';
import { exportEntry } from '../../core/release/audit-export.ts';
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
  const verdict = verifyChain(await readLedger(deps));
  const head = await deps.catalog.getDoc<Head>(HEAD_KIND, 'head');
  const headConsistent = !head || (verdict.valid && head.value.seq <= verdict.headSeq);
  const base = { ...verdict, headConsistent, checkedAt: deps.clock.now().toISOString() };
  if (verdict.valid && !headConsistent && head) {
    return {
      ...base,
      valid: false,
      firstBroken: {
        seq: verdict.headSeq + 1,
        reason: `entries after ${verdict.headSeq} are missing (the head names seq ${head.value.seq})`,
      },
    };
  }
  return base;
}

/**
 * Publishes the ledger for outsiders as write-once files named by the head's sequence number:
 * `/files/_audit/ledger-<seq>.ndjson` (every entry up to seq) and `/files/_audit/head-<seq>.json`.
 * Published files are never overwritten (the published prefix is write-once in AWS too), so an
 * outsider who kept an earlier head can check any later ledger still contains it unchanged.
 * Each entry is exported in its public form (core/release/audit-export.ts): only what is public is
 * disclosed, the rest as commitments, so the chain verifies without it (verifyExport).
 */
export async function exportLedger(
  deps: Pick<Deps, 'catalog' | 'clock' | 'blobs'>,
): Promise<{ ledgerKey: string; headKey: string; seq: number }> {
  const entries = await readLedger(deps);
  const verdict = verifyChain(entries);
  const lines = publicLines(entries, verdict.headSeq);
  const now = deps.clock.now().toISOString();
  const seq = String(verdict.headSeq).padStart(10, '0');
  // Served at /files/_audit/…, without a files-gate entry (core/catalog/files-gate.ts AUDIT_FOLDER).
  const ledgerKey = `${PUBLISHED_PREFIX}${AUDIT_FOLDER}ledger-${seq}.ndjson`;
  const headKey = `${PUBLISHED_PREFIX}${AUDIT_FOLDER}head-${seq}.json`;
  const writeOnce = async (key: string, body: string, contentType: string) => {
    try {
      await deps.blobs.putBytes(key, body, {
        contentType,
        ifNoneMatch: true,
        cacheControl: 'public, max-age=31536000, immutable',
      });
    } catch (e) {
      // Already exported for this head: entries up to seq never change, so the stored file is the same.
      if (!(e instanceof BlobExistsError)) throw e;
    }
  };
  await writeOnce(ledgerKey, lines.map((l) => `${l}\n`).join(''), 'application/x-ndjson; charset=utf-8');
  const ledger = `/files/${ledgerKey.slice(PUBLISHED_PREFIX.length)}`;
  const head = { seq: verdict.headSeq, hash: verdict.headHash, valid: verdict.valid, exportedAt: now, ledger };
  await writeOnce(headKey, JSON.stringify(head, null, 2), 'application/json');
  return { ledgerKey, headKey, seq: verdict.headSeq };
}

/**
 * The export's lines. What is public is learnt from the verified entries only (up to `verifiedSeq`),
 * so an altered entry cannot make another one disclosed. A stored entry that no longer parses (only a
 * tampered store has one) is not exported, since what it may disclose cannot be told; its line says
 * so, and fails verification there as it does here.
 */
function publicLines(raw: readonly unknown[], verifiedSeq: number): string[] {
  const parsed = raw.map((r) => AuditEntry.safeParse(r));
  const facts = publicFacts(parsed.flatMap((p) => (p.success && p.data.seq <= verifiedSeq ? [p.data] : [])));
  return parsed.map((p, i) => {
    try {
      if (p.success) return JSON.stringify(exportEntry(p.data, facts));
    } catch {
      // details without their salts: unreadable as below
    }
    const seq = (raw[i] as { seq?: unknown } | null)?.seq;
    return JSON.stringify({ ...(typeof seq === 'number' ? { seq } : {}), unreadable: true });
  });
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

/** The newest public export of the ledger (write-once files), for the verify answer. */
export async function latestLedgerExport(deps: Pick<Deps, 'blobs'>): Promise<{ head: string; ledger: string } | null> {
  const heads = await deps.blobs.list(`${PUBLISHED_PREFIX}${AUDIT_FOLDER}head-`);
  const last = heads.at(-1);
  if (!last) return null;
  const rest = last.slice(PUBLISHED_PREFIX.length);
  return { head: `/files/${rest}`, ledger: `/files/${rest.replace('head-', 'ledger-').replace(/\.json$/, '.ndjson')}` };
}
