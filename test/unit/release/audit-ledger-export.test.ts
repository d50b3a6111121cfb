import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../functions/adapters/local/fs-blob-store.ts';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import { verifyExport, withLaterDisclosures } from '../../../functions/core/release/audit-export.ts';
import { checkHead, ExportHead } from '../../../functions/core/release/audit-export-head.ts';
import {
  type AuditInput,
  appendAudit,
  exportLedger,
  latestLedgerExport,
  readLedger,
} from '../../../functions/usecases/release/audit-ledger.ts';

/**
 * The ledger export is incremental (docs/releases.md "Audit ledger"): each export writes only the
 * entries after the previous head, and a head naming every segment.
 */
let dir: string;
let deps: { catalog: MemoryCatalogStore; blobs: FsBlobStore; clock: { now: () => Date } };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledger-export-'));
  deps = {
    catalog: new MemoryCatalogStore(),
    blobs: new FsBlobStore(join(dir, 'published')),
    clock: { now: () => new Date('2026-11-22T00:00:00Z') },
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const append = (...inputs: AuditInput[]) =>
  inputs.reduce((p, i) => p.then(() => appendAudit(deps, i)), Promise.resolve<unknown>(undefined));
const created: AuditInput = {
  actor: 'carol',
  action: 'release.created',
  subject: 'release/r1',
  details: { dataset: 'air', department: 'stats' },
};
const approved: AuditInput = {
  actor: 'dave',
  action: 'release.approved',
  subject: 'release/r1',
  details: { dataset: 'air' },
};
const published: AuditInput = {
  actor: 'system:pipeline',
  action: 'release.published',
  subject: 'dataset/air/v1',
  details: { release: 'r1', dataset: 'air', version: 1, approvedBy: 'dave' },
};

const files = () => deps.blobs.list('datasets/_audit/');
const text = async (key: string) => Buffer.from((await deps.blobs.readBytes(key)) ?? new Uint8Array()).toString('utf8');
const lines = async (key: string) =>
  (await text(key))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const headAt = async (key: string) => ExportHead.parse(JSON.parse(await text(key)));
const keyOf = (path: string) => `datasets/${path.slice('/files/'.length)}`;

describe('exportLedger', () => {
  it('writes nothing for an empty or unchanged ledger', async () => {
    expect(await exportLedger(deps)).toEqual({ seq: 0 });
    expect(await files()).toEqual([]);
    await append(created);
    const first = await exportLedger(deps);
    expect(await exportLedger(deps)).toEqual({ headKey: first.headKey, seq: 1 });
    expect(await files()).toHaveLength(2);
  });

  it('writes each entry once, in segments a head names from the first, disclosing later what became public', async () => {
    await append(created, approved);
    expect(await exportLedger(deps)).toEqual({
      headKey: 'datasets/_audit/head-0000000002.json',
      segmentKey: 'datasets/_audit/ledger-0000000001-0000000002.ndjson',
      seq: 2,
    });
    // Nothing of r1 while it is unpublished.
    expect(await text('datasets/_audit/ledger-0000000001-0000000002.ndjson')).not.toMatch(/r1|air|carol|dave/);

    await append(published);
    await exportLedger(deps);
    const second = await lines('datasets/_audit/ledger-0000000003-0000000003.ndjson');
    expect(second.map((l) => l.seq ?? `discloses ${l.discloses}`)).toEqual([3, 'discloses 1', 'discloses 2']);
    expect(second[1]).toMatchObject({
      discloses: 1,
      subject: 'release/r1',
      details: { dataset: 'air', department: 'stats' },
    });
    expect(JSON.stringify(second)).not.toMatch(/carol|dave/);

    const head = await headAt('datasets/_audit/head-0000000003.json');
    expect(head).toMatchObject({ seq: 3, valid: true, exportedAt: '2026-11-22T00:00:00.000Z' });
    expect(head.segments).toEqual([
      '/files/_audit/ledger-0000000001-0000000002.ndjson',
      '/files/_audit/ledger-0000000003-0000000003.ndjson',
    ]);
    const all = (await Promise.all((head.segments ?? []).map((s) => lines(keyOf(s))))).flat();
    const v = checkHead(head, verifyExport(all));
    expect(v).toMatchObject({ valid: true, entries: 3, headSeq: 3, disclosures: 2 });
    expect(withLaterDisclosures(all)[0]).toMatchObject({ subject: 'release/r1' });
    expect(await latestLedgerExport(deps)).toEqual({ head: '/files/_audit/head-0000000003.json' });
    // Storage: every entry is in one segment only.
    const stored = await readLedger(deps);
    expect(all.filter((l) => 'seq' in l)).toHaveLength(stored.length);
  });

  it('continues from an older full export, which becomes the first segment', async () => {
    await append(created, approved);
    // An export as written before segments: the whole ledger (the same lines as a first segment), and
    // a head naming it as `ledger`.
    await exportLedger(deps);
    const legacyLines = await text('datasets/_audit/ledger-0000000001-0000000002.ndjson');
    await rm(join(dir, 'published'), { recursive: true, force: true });
    await deps.blobs.putBytes('datasets/_audit/ledger-0000000002.ndjson', legacyLines);
    const legacyHead = await headOf(2);
    await deps.blobs.putBytes(
      'datasets/_audit/head-0000000002.json',
      JSON.stringify({ ...legacyHead, ledger: '/files/_audit/ledger-0000000002.ndjson' }),
    );

    await append(published);
    await exportLedger(deps);
    const head = await headAt('datasets/_audit/head-0000000003.json');
    expect(head.segments).toEqual([
      '/files/_audit/ledger-0000000002.ndjson',
      '/files/_audit/ledger-0000000003-0000000003.ndjson',
    ]);
    const all = (await Promise.all((head.segments ?? []).map((s) => lines(keyOf(s))))).flat();
    expect(checkHead(head, verifyExport(all))).toMatchObject({ valid: true, headSeq: 3, disclosures: 2 });
  });

  it('completes an export interrupted between its segment and its head', async () => {
    await append(created);
    const r = await exportLedger(deps);
    await rm(join(dir, 'published', r.headKey as string));
    expect(await exportLedger(deps)).toEqual(r);
    expect(await headAt(r.headKey as string)).toMatchObject({ seq: 1, valid: true });
  });
});

async function headOf(seq: number) {
  const entries = (await readLedger(deps)) as Array<{ hash: string }>;
  return { seq, hash: entries[seq - 1]?.hash, valid: true, exportedAt: '2026-11-01T00:00:00Z' };
}
