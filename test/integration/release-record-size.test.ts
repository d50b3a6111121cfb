import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_BUDGET_BYTES } from '../../functions/core/release/record-size.ts';
import { STORED_WARNINGS_MAX_BYTES } from '../../functions/core/release/stored-issues.ts';
import { RELEASE_KIND } from '../../functions/usecases/release/release-store.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api } from '../support/release-fixtures.ts';

/**
 * Releases whose records would not fit in the catalog (DynamoDB: 400 KB an item; dynalite enforces it
 * locally): refused by the checks with what is too large, and, for a release approved before the checks
 * knew, refused by its publication for good instead of failing on every retry.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
});
afterAll(async () => {
  await p?.cleanup();
});

const header = (id: string, extra = '') => `id: ${id}
title: Record size test
description: A dataset built by a test to check how large the platform's records may grow.
publisher: demo-ecology-environment
contact: { name: Monitoring data section, email: opendata@sthj.demo-city.example }
themes: [environment]
license: CC-BY-4.0
updateFrequency: irregular
source:
  files: [{ path: data.csv }]
  format: csv
  encoding: utf-8
${extra}`;

/** 1,400 integer columns with 120-character names: a 200 KB manifest whose version record would be ~2.7 times that. */
function wideRelease(id: string) {
  const names = Array.from({ length: 1400 }, (_, i) => `c${String(i).padStart(4, '0')}_${'x'.repeat(114)}`);
  const manifest = `${header(id)}fields:\n${names.map((n) => `  - {name: ${n}, type: integer}`).join('\n')}\n`;
  const csv = `${names.join(',')}\n${names.map((_, i) => i).join(',')}\n${names.map((_, i) => i + 1).join(',')}\n`;
  return body(manifest, csv);
}

const body = (manifest: string, csv: string) => ({
  manifest,
  files: [{ name: 'data.csv', contentBase64: Buffer.from(csv).toString('base64') }],
});

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe('a release whose version record would be too large', () => {
  it('is refused by its checks, saying which record, how large, and what to change', async () => {
    const created = await api(p.url, 'POST', '/v1/releases', { token: 'alice', body: wideRelease('test-wide') });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('checks-failed');
    const [issue] = created.body.checks.issues;
    expect(issue).toMatchObject({ type: 'release/too-large' });
    expect(issue.message).toMatch(/^the version record this release would store takes about [\d,]+ bytes/);
    expect(issue.message).toContain(`more than the ${RECORD_BUDGET_BYTES.toLocaleString('en')}`);
    expect(issue.message).toMatch(/largest parts, in bytes: (deidentification|fields) /);
    expect(issue.hint).toMatch(/fewer fields, or shorter field names/);
    expect(issue.hint).toMatch(/split the dataset/);
    expect(issue.zh.message).toMatch(
      /^本次发布要保存的版本记录约 [\d,]+ 字节（JSON，UTF-8），超过了单条记录的上限 350,000 字节（最大的几部分，单位为字节：(deidentification|fields) /,
    );
    expect(issue.zh.hint).toMatch(/^请减少字段，.*或把数据集拆分成几个：版本记录作为一条记录保存，最多 400 KB$/);
    expect(created.body.checks.counts['release/too-large']).toBe(1);
  }, 120_000);

  it('approved before the checks knew, fails its publication cleanly with the issue, once', async () => {
    const created = await api(p.url, 'POST', '/v1/releases', { token: 'alice', body: wideRelease('test-wide-old') });
    const id = created.body.id as string;
    // As a release checked and approved by an earlier version of the platform left it.
    const stored = await p.deps.catalog.getDoc<Record<string, unknown>>(RELEASE_KIND, id);
    const at = new Date().toISOString();
    const old = {
      ...stored?.value,
      state: 'approved',
      checks: { ...created.body.checks, valid: true, total: 0, counts: {}, issues: [] },
      approvedBy: 'bob',
      approvedAt: at,
      history: [...created.body.history, { state: 'approved', at, by: 'bob' }],
    };
    await p.deps.catalog.putDoc(RELEASE_KIND, id, old, stored?.revision ?? 0);

    const approved = await api(p.url, 'POST', `/v1/releases/${id}/approve`, { token: 'bob' });
    expect(approved.status).toBe(422);
    expect(approved.body.issues?.[0]).toMatchObject({ type: 'release/too-large' });
    const after = await api(p.url, 'GET', `/v1/releases/${id}`, { token: 'alice' });
    expect(after.body.state).toBe('publication-failed');
    expect(after.body.publicationFailure).toMatchObject({ status: 422, issues: [{ type: 'release/too-large' }] });
    expect(after.body.publicationFailure.hint).toMatch(/split the dataset/);
    // No version was claimed: nothing pending is left behind.
    expect(await p.deps.catalog.listVersions('test-wide-old')).toEqual([]);
    // Final: asked again, the answer is that it is no longer approved (no retry loop, no 500).
    expect((await api(p.url, 'POST', `/v1/releases/${id}/approve`, { token: 'bob' })).status).toBe(409);
  }, 120_000);
});

describe('piiExceptions', () => {
  const fields = (n: number) =>
    Array.from({ length: n }, (_, i) => `f${String(i).padStart(3, '0')}_${'y'.repeat(100)}`);

  it('refuses an entry declared twice for the same field and detector, once per pair, with a hint', async () => {
    const [a, b] = fields(2);
    const entry = (f: string | undefined, d: string, n: number) =>
      `  - {field: ${f}, detector: ${d}, justification: 'office hotline numbers of the stations ${n}'}`;
    const manifest = `${header('test-dup-exceptions')}fields:\n  - {name: ${a}, type: string}\n  - {name: ${b}, type: string}\npiiExceptions:\n${[
      ...Array.from({ length: 1100 }, (_, i) => entry(a, 'mobile-cn', i)),
      entry(a, 'email', 1),
      entry(b, 'mobile-cn', 1),
    ].join('\n')}\n`;
    const r = await api(p.url, 'POST', '/v1/releases', { token: 'alice', body: body(manifest, `${a},${b}\nx,y\n`) });
    expect(r.status).toBe(422);
    expect(r.body.type).toBe('/problems/invalid-manifest');
    const duplicates = (r.body.errors as { where: string; message: string; hint: string }[]).filter((e) =>
      /declared \d+ times/.test(e.message),
    );
    expect(duplicates).toEqual([
      {
        where: 'dataset.yaml: piiExceptions[1]',
        message: `the exception for field "${a}" and detector "mobile-cn" is declared 1100 times`,
        hint: expect.stringMatching(/^keep one entry per field and detector/),
        zh: {
          message: `字段“${a}”和检测器“mobile-cn”的例外声明了 1100 次`,
          hint: expect.stringMatching(/^每个字段和检测器只保留一条/),
        },
      },
    ]);
  });

  it('keeps the first unused-exception warnings within their bytes, and their exact number', async () => {
    const names = fields(300);
    const manifest = `${header('test-many-warnings')}fields:\n${names.map((n) => `  - {name: ${n}, type: string}`).join('\n')}\npiiExceptions:\n${names
      .map((n) => `  - {field: ${n}, detector: mobile-cn, justification: 'office hotline numbers of the stations'}`)
      .join('\n')}\n`;
    const csv = `${names.join(',')}\n${names.map(() => 'quiet').join(',')}\n`;
    const r = await api(p.url, 'POST', '/v1/releases', { token: 'alice', body: body(manifest, csv) });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('checks-passed');
    expect(r.body.checks.warningsTotal).toBe(300);
    const kept = r.body.checks.warnings as { type: string; field: string }[];
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(300);
    expect(bytes(kept)).toBeLessThanOrEqual(STORED_WARNINGS_MAX_BYTES);
    expect(kept.map((w) => w.field)).toEqual(names.slice(0, kept.length));
    expect(r.body.checks.piiExceptions).toHaveLength(300);
  }, 60_000);

  it('refuses a release whose own record would be too large, and stores what fits of its report', async () => {
    // A manifest under its 256 KB limit whose 900 exceptions are listed again, with their use, in the report.
    const names = fields(300);
    const entry = (n: string, d: string) =>
      `  - {field: ${n}, detector: ${d}, justification: 'office hotline numbers and addresses of the stations'}`;
    const manifest = `${header('test-long-report')}fields:\n${names.map((n) => `  - {name: ${n}, type: string}`).join('\n')}\npiiExceptions:\n${names
      .flatMap((n) => [entry(n, 'mobile-cn'), entry(n, 'email'), entry(n, 'resident-id')])
      .join('\n')}\n`;
    const csv = `${names.join(',')}\n${names.map(() => 'quiet').join(',')}\n`;
    const r = await api(p.url, 'POST', '/v1/releases', { token: 'alice', body: body(manifest, csv) });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('checks-failed');
    const [issue] = r.body.checks.issues;
    expect(issue).toMatchObject({ type: 'release/too-large' });
    expect(issue.message).toMatch(/^the release record this release would store takes about/);
    expect(issue.hint).toMatch(/one piiExceptions entry per field and detector/);
    expect(r.body.checks).toMatchObject({ valid: false, total: 1, counts: { 'release/too-large': 1 } });
    expect(r.body.checks.piiExceptions).toBeUndefined();
    expect(r.body.checks.warnings).toBeUndefined();
    expect(r.body.checks.warningsTotal).toBe(900);
    expect(bytes(r.body)).toBeLessThan(RECORD_BUDGET_BYTES);
  }, 60_000);
});

describe('the checks of a release', () => {
  it("list the dataset's versions once (the diff and the record-size check share them)", async () => {
    const catalog = p.deps.catalog;
    const list = catalog.listVersions;
    const asked: string[] = [];
    catalog.listVersions = (id: string) => {
      asked.push(id);
      return list.call(catalog, id);
    };
    try {
      const manifest = `${header('test-listed-once')}fields:\n  - {name: code, type: string}\n`;
      const r = await api(p.url, 'POST', '/v1/releases', { token: 'alice', body: body(manifest, 'code\nA1\n') });
      expect(r.status).toBe(201);
      expect(r.body.state).toBe('checks-passed');
    } finally {
      catalog.listVersions = list;
    }
    expect(asked.filter((id) => id === 'test-listed-once')).toHaveLength(1);
  });
});
