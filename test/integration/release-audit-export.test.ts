import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { type ExportedDisclosure, verifyExport } from '../../functions/core/release/audit-export.ts';
import { readLedger, verifyLedger } from '../../functions/usecases/release/audit-ledger.ts';
import { closedPort } from '../support/closed-port.ts';
import { publicLedgerExport } from '../support/ledger-export.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureBody } from '../support/release-fixtures.ts';

/**
 * The public export of the audit ledger discloses only what is public (docs/releases.md "Audit
 * ledger"): no staff ids, no staff list, nothing of a release never published, no API key; it is
 * incremental (each export a write-once segment of the entries after the previous head, and a head
 * naming every segment), an entry exported before more of it was public is disclosed again later;
 * and an outsider still verifies the whole chain from the export alone.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
type Line = Record<string, unknown> & { seq: number; action: string; subject?: string; details: object };
let exported: Awaited<ReturnType<typeof publicLedgerExport>>;
let text: string;
let lines: Line[];
/** The segment written at the first publication, when the later release was checked but not yet published. */
let beforeLater: unknown[];

beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
  // A release rejected by the department's approver: its dataset id must stay private.
  const secret = fixtureBody({ id: 'secret-air-quality', releaseId: 'audit-export-rejected' });
  const r1 = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: secret });
  expect(r1.body.state).toBe('checks-passed');
  const rej = await api(p.url, 'POST', `/v1/releases/${r1.body.id}/reject`, {
    token: 'dave',
    body: { reason: 'Not ready: wait for the March figures' },
  });
  expect(rej.body.state).toBe('rejected');
  // An API key for a named client.
  const key = await fetch(`${p.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme Analytics', scopes: ['query'] }),
  });
  expect(key.status).toBe(201);
  // A release checked now and published only after the next export.
  const later = await api(p.url, 'POST', '/v1/releases', {
    token: 'carol',
    body: fixtureBody({ id: 'later-air-quality', releaseId: 'audit-export-later' }),
  });
  expect(later.body.state).toBe('checks-passed');
  // A release published (which exports the ledger).
  const r2 = await api(p.url, 'POST', '/v1/releases', {
    token: 'carol',
    body: fixtureBody({ releaseId: 'audit-export-published' }),
  });
  expect((await api(p.url, 'POST', `/v1/releases/${r2.body.id}/approve`, { token: 'dave' })).body.state).toBe(
    'published',
  );
  beforeLater = (await publicLedgerExport(p.url)).segments.at(-1)?.lines ?? [];
  // The later release published: its earlier entries become public.
  expect((await api(p.url, 'POST', `/v1/releases/${later.body.id}/approve`, { token: 'dave' })).body.state).toBe(
    'published',
  );
  exported = await publicLedgerExport(p.url);
  text = exported.lines.map((l) => JSON.stringify(l)).join('\n');
  lines = exported.entries as unknown as Line[];
}, 120_000);
afterAll(async () => {
  await p?.cleanup();
});

/** `opendata audit verify <args>` (a leading `--lang <l>` goes before the command, as a user types it). */
const run = async (...args: string[]) => {
  const out: string[] = [];
  const lang = args[0] === '--lang' ? args.splice(0, 2) : [];
  const code = await main([...lang, 'audit', 'verify', ...args], {
    out: (s) => out.push(s),
    err: (s) => out.push(s),
    env: {},
    cwd: p.dataDir,
  });
  return { code, out: out.join('\n') };
};
const entryLines = (segment: readonly unknown[]) => segment.filter((l) => !('discloses' in (l as object))) as Line[];

describe('public audit ledger export', () => {
  it('holds every entry once, and discloses no staff id, staff list, unpublished release or API key', async () => {
    const stored = (await readLedger(p.deps)) as Array<{ actor: string; action: string }>;
    expect(lines.map((l) => l.action)).toEqual(stored.map((e) => e.action));
    // Incremental: the local start's export, then one per publication, each with only the entries after the last.
    expect(exported.segments.length).toBeGreaterThanOrEqual(3);
    expect(entryLines(exported.lines)).toHaveLength(stored.length);
    expect(stored.map((e) => e.actor)).toEqual(expect.arrayContaining(['carol', 'dave', 'local-admin']));
    for (const secret of [
      /"(alice|bob|carol|dave|admin|local-admin)"/,
      /secret-air-quality/,
      /audit-export-rejected/,
      /March figures/,
      /Acme/,
      /api-key\//,
    ]) {
      expect(text).not.toMatch(secret);
    }
    const roles = lines.find((l) => l.action === 'roles.changed');
    expect(roles).toMatchObject({ actor: 'system:configuration', subject: 'principals', details: {} });
    expect(lines.find((l) => l.action === 'release.rejected')).not.toHaveProperty('subject');
  });

  it('discloses the published release, its version and the platform’s own actions', () => {
    const created = lines.find((l) => l.action === 'release.created' && l.subject === 'release/audit-export-published');
    expect(created).toMatchObject({ details: { dataset: 'test-air-quality' } });
    expect(created).not.toHaveProperty('actor');
    expect(lines.find((l) => l.action === 'release.published')).toMatchObject({
      actor: 'system:pipeline',
      subject: 'dataset/test-air-quality/v1',
      details: { release: 'audit-export-published', dataset: 'test-air-quality', version: 1 },
    });
  });

  it('discloses a release’s earlier steps in a later segment once it is published', () => {
    // Exported while the release was unpublished: its steps are there, but nothing of the release.
    const early = entryLines(beforeLater);
    const steps = early.filter((l) => l.action.startsWith('release.') && !l.subject);
    expect(JSON.stringify(beforeLater)).not.toMatch(/audit-export-later|later-air-quality/);
    // The segment written at its publication discloses them, checked against the entries' commitments.
    const last = exported.segments.at(-1)?.lines ?? [];
    const later = last.filter((l) => 'discloses' in (l as object)) as ExportedDisclosure[];
    expect(later.map((d) => d.subject)).toContain('release/audit-export-later');
    const created = later.find((d) => d.subject === 'release/audit-export-later' && d.details.dataset);
    expect(steps.map((s) => s.seq)).toContain(created?.discloses);
    expect(created).toMatchObject({ details: { dataset: 'later-air-quality', department: expect.any(String) } });
    expect(lines.find((l) => l.seq === created?.discloses)).toMatchObject({ subject: 'release/audit-export-later' });
    expect(verifyExport(exported.lines)).toMatchObject({ valid: true, disclosures: later.length });
  });

  it('verifies from the export alone, internally too, and through the CLI: the head, one segment, an old full export', async () => {
    expect(verifyExport(exported.lines)).toMatchObject({ valid: true, entries: lines.length });
    expect((await verifyLedger(p.deps)).valid).toBe(true);
    expect(await run('--export', exported.headUrl)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/segment\(s\)\) intact: \d+ entries, \d+ later disclosure/),
    });

    // Anchored to a head hash kept earlier: an earlier entry's hash is contained; a made-up one is not.
    expect(await run('--export', exported.headUrl, '--expect-head', String(lines[2]?.hash))).toMatchObject({ code: 0 });
    expect(await run('--export', exported.headUrl, '--expect-head', 'e'.repeat(64))).toMatchObject({
      code: 1,
      out: expect.stringMatching(/no entry has the head hash you kept/),
    });

    // The same files downloaded: a local head reads its segments from its own folder.
    const copy = join(p.dataDir, 'audit-copy');
    await mkdir(copy, { recursive: true });
    await writeFile(join(copy, basename(exported.headUrl)), JSON.stringify(exported.head));
    for (const s of exported.segments) {
      await writeFile(join(copy, basename(s.source)), s.lines.map((l) => JSON.stringify(l)).join('\n'));
    }
    expect(await run('--export', join('audit-copy', basename(exported.headUrl)))).toMatchObject({
      code: 0,
      out: expect.stringMatching(/intact/),
    });

    // One segment, against the head hash kept before it: its later disclosures name older entries.
    const last = exported.segments.at(-1) as { source: string; lines: unknown[] };
    const firstSeq = entryLines(last.lines)[0]?.seq as number;
    const prevHash = String(lines.find((l) => l.seq === firstSeq - 1)?.hash);
    expect(await run('--export', last.source)).toMatchObject({
      code: 1,
      out: expect.stringMatching(new RegExp(`starts at entry ${firstSeq}: give the hash of entry ${firstSeq - 1}`)),
    });
    expect(await run('--export', last.source, '--prev-hash', prevHash)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/intact[\s\S]*later disclosure\(s\) of entries before this segment not checked/),
    });
    expect(await run('--export', last.source, '--prev-hash', 'f'.repeat(64))).toMatchObject({ code: 1 });

    // An export as written before segments (every entry from the first, as public when written).
    await writeFile(join(p.dataDir, 'full.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(await run('--export', 'full.ndjson')).toMatchObject({ code: 0, out: expect.stringMatching(/intact/) });

    // A disclosed value changed in a copy of the file: the CLI names the entry.
    const published = lines.findIndex((l) => l.action === 'release.published');
    const forged = lines.map((l, i) => (i === published ? { ...l, details: { ...l.details, version: 2 } } : l));
    await writeFile(join(p.dataDir, 'forged.ndjson'), forged.map((l) => JSON.stringify(l)).join('\n'));
    expect(await run('--export', 'forged.ndjson')).toMatchObject({
      code: 1,
      out: expect.stringMatching(new RegExp(`broken at entry #${published + 1}: the disclosed details.version`)),
    });
  });

  it('says in Chinese under --lang zh which entry of a tampered export broke, and why', async () => {
    const published = lines.findIndex((l) => l.action === 'release.published');
    const forged = lines.map((l, i) => (i === published ? { ...l, details: { ...l.details, version: 2 } } : l));
    await writeFile(join(p.dataDir, 'forged-zh.ndjson'), forged.map((l) => JSON.stringify(l)).join('\n'));
    expect(await run('--lang', 'zh', '--export', 'forged-zh.ndjson')).toEqual({
      code: 1,
      out: `✗ 审计账本的公开导出在记录 #${published + 1} 处断开：公开的 details.version 与它的承诺值不符（这条记录被篡改过）`,
    });
    // A removed entry, a kept head the export lacks, a file that is not there.
    const gap = lines.filter((_, i) => i !== 2);
    await writeFile(join(p.dataDir, 'gap-zh.ndjson'), gap.map((l) => JSON.stringify(l)).join('\n'));
    expect((await run('--lang', 'zh', '--export', 'gap-zh.ndjson')).out).toBe(
      '✗ 审计账本的公开导出在记录 #3 处断开：这里应是第 3 条记录，实际是第 4 条（有记录缺失，或顺序被调换）',
    );
    expect((await run('--lang', 'zh', '--export', exported.headUrl, '--expect-head', 'e'.repeat(64))).out).toMatch(
      new RegExp(`处断开：没有任何记录的哈希是您保存的头哈希（${'e'.repeat(64)}）`),
    );
    expect(await run('--lang', 'zh', '--export', 'no-such-head.json')).toEqual({
      code: 1,
      out: `✗ 无法读取 ${join(p.dataDir, 'no-such-head.json')}（没有这个文件，ENOENT）`,
    });
    // An empty file vouches for nothing: refused, not "intact: 0 entries".
    await writeFile(join(p.dataDir, 'empty.ndjson'), '\n');
    expect(await run('--lang', 'zh', '--export', 'empty.ndjson')).toEqual({
      code: 1,
      out: '✗ empty.ndjson 是空的：导出至少包含一条记录；是不是选错了文件（应为 head-<seq>.json 或 ledger-<from>-<to>.ndjson）？',
    });
    expect(await run('--export', 'empty.ndjson')).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^✗ empty\.ndjson is empty/),
    });
    // A site that does not answer: why, in words.
    const closed = new URL(exported.headUrl);
    closed.port = String(await closedPort());
    expect(await run('--export', closed.toString())).toEqual({
      code: 1,
      out: `✗ cannot fetch ${closed}: connection refused: nothing listens there (ECONNREFUSED)`,
    });
    // Intact, in Chinese: with its entries, later disclosures and head.
    expect((await run('--lang', 'zh', '--export', exported.headUrl)).out).toMatch(
      /^✓ 审计账本的公开导出（\d+ 个分段）完好：\d+ 条记录，\d+ 条补充公开，最后一条是 #\d+ [0-9a-f]{64}\n {2}这只说明/,
    );
  });
});
