import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry, readReleaseFolder } from '../../functions/adapters/local/dataset-folder.ts';
import { MemoryPublishedFileAccess } from '../../functions/adapters/memory/memory-published-file-access.ts';
import type { CatalogSnapshot, DatasetEntry, VersionRecord } from '../../functions/core/catalog/schema.ts';
import { REPO_ROOT } from '../../functions/local/platform.ts';
import { publishRelease } from '../../functions/usecases/publish-release.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api } from '../support/release-fixtures.ts';

/**
 * A dataset whose every version is withdrawn, through the real local server and handlers: its record
 * answers 410 with the reasons and the withdrawn versions, it leaves the list, the facets and the
 * catalogue snapshot the site is built from; its versions' records stay readable. And the files of a
 * publication the catalogue never committed are not served.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['mauna-loa-co2', 'seattle-weather'] });
}, 180_000);
afterAll(async () => {
  await p?.cleanup();
});

const get = (path: string) => fetch(`${p.url}${path}`, { redirect: 'manual' });
const snapshotIds = async () =>
  (
    JSON.parse(
      Buffer.from((await p.deps.blobs.readBytes('catalog/snapshot.json')) ?? new Uint8Array()).toString('utf8'),
    ) as CatalogSnapshot
  ).datasets.map((d) => d.entry.id);

describe('a dataset whose every version is withdrawn', () => {
  it('stays listed while one version is published, then answers 410 and leaves the list, facets and snapshot', async () => {
    const w2 = await api(p.url, 'POST', '/v1/datasets/mauna-loa-co2/versions/2/withdraw', {
      token: 'admin',
      body: { reason: 'station calibration error in 2024' },
    });
    expect(w2.status).toBe(200);
    // One version still published: the dataset is there, `latest` is v1.
    expect((await get('/v1/datasets/mauna-loa-co2')).status).toBe(200);
    expect(await snapshotIds()).toContain('mauna-loa-co2');

    // Nothing v2 alone said stays public: the entry is v1's again, words included (v2's manifest has
    // 741 rows, a "seasonally adjusted" column and coverage to 2020-04; v1's 509 rows to 2000-12).
    const entry = (await (await get('/v1/datasets/mauna-loa-co2')).json()) as DatasetEntry;
    expect(entry).toMatchObject({ latestVersion: 1, versionCount: 2, temporal: { end: '2000-12' } });
    expect(entry.description.en).toContain('509 rows');
    const v2Words = /741 rows|seasonally|adjusted CO2|2020-04|April 2020|1958–2020/i;
    expect(JSON.stringify(entry)).not.toMatch(v2Words);
    const found = (await (await get('/v1/datasets?q=seasonally')).json()) as { total: number };
    expect(found.total).toBe(0);
    // The site is built from the snapshot the withdrawal rewrote: v1's words, and of v2 only the facts.
    const snapEntry = (
      JSON.parse(
        Buffer.from((await p.deps.blobs.readBytes('catalog/snapshot.json')) ?? new Uint8Array()).toString('utf8'),
      ) as CatalogSnapshot
    ).datasets.find((d) => d.entry.id === 'mauna-loa-co2');
    expect(snapEntry?.entry.description.en).toContain('509 rows');
    expect(JSON.stringify(snapEntry)).not.toMatch(v2Words);
    // Who withdrew it is the party, never the person: an admin's withdrawal is the platform's.
    expect(snapEntry?.versions.find((v) => v.version === 2)?.withdrawn).toEqual({
      reason: 'station calibration error in 2024',
      at: expect.any(String),
      by: 'platform',
    });
    // The withdrawn version's record: why and when, its counts and checksums; none of its words or fields.
    const v2 = (await (await get('/v1/datasets/mauna-loa-co2/versions/2')).json()) as VersionRecord;
    expect(v2).toMatchObject({ state: 'withdrawn', rowCount: 741, fields: [], primaryKey: [] });
    expect(v2.withdrawn?.by).toBe('platform');
    expect(v2.label).toBeUndefined();
    expect(v2.artifacts.length).toBeGreaterThan(0);
    expect(JSON.stringify(v2)).not.toMatch(v2Words);
    const diff = (await (await get('/v1/datasets/mauna-loa-co2/versions/2/diff?from=1')).json()) as {
      diff: { fieldsAdded: string[] };
    };
    expect(diff.diff.fieldsAdded).toEqual([]);

    // An approver of the department withdraws: the record names the department, not bob.
    const w1 = await api(p.url, 'POST', '/v1/datasets/mauna-loa-co2/versions/1/withdraw', {
      token: 'bob',
      body: { reason: '个人信息 found after publication' },
    });
    expect(w1.status).toBe(200);
    expect(w1.body.withdrawn.by).toBe('demo-ecology-environment');

    const record = await get('/v1/datasets/mauna-loa-co2');
    expect(record.status).toBe(410);
    expect(record.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(record.headers.get('cache-control')).toBe('no-store');
    const problem = (await record.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: '/problems/gone',
      status: 410,
      reason: '个人信息 found after publication',
      versions: [
        { version: 2, reason: 'station calibration error in 2024' },
        { version: 1, reason: '个人信息 found after publication' },
      ],
    });
    expect(String(problem.detail)).toContain('every version is withdrawn');
    // `latest` is gone with them (not "not published yet").
    expect((await get('/v1/datasets/mauna-loa-co2/versions/latest')).status).toBe(410);
    expect((await get('/v1/datasets/mauna-loa-co2/versions/latest/data.csv')).status).toBe(410);

    // The list, its facets and search no longer show it; the other dataset stays.
    const list = (await (await get('/v1/datasets')).json()) as {
      total: number;
      datasets: Array<{ id: string }>;
      facets: Record<string, Array<{ value: string; count: number }>>;
    };
    expect(list.datasets.map((d) => d.id)).toEqual(['seattle-weather']);
    expect(list.total).toBe(1);
    // The facets count only the dataset left: no trace of mauna-loa-co2's publisher or its own theme.
    expect(JSON.stringify(list.facets)).not.toContain('demo-ecology-environment');
    expect(JSON.stringify(list.facets)).not.toContain('"science"');
    expect(JSON.stringify(list.facets)).toContain('demo-meteorology');
    const search = (await (await get('/v1/datasets?q=mauna')).json()) as { total: number };
    expect(search.total).toBe(0);
    // The site's next build: the snapshot (rewritten by the withdrawal) has no page for it.
    expect(await snapshotIds()).toEqual(['seattle-weather']);

    // Transparency: what was published and why it was withdrawn stays readable.
    const versions = await get('/v1/datasets/mauna-loa-co2/versions');
    expect(versions.status).toBe(200);
    const body = (await versions.json()) as { versions: VersionRecord[] };
    expect(body.versions.map((v) => [v.version, v.state, v.withdrawn?.by])).toEqual([
      [1, 'withdrawn', 'demo-ecology-environment'],
      [2, 'withdrawn', 'platform'],
    ]);
    // A withdrawal stored before records named the party names a person: the catalogue does not show it.
    const stored = await p.deps.catalog.getVersion('mauna-loa-co2', 1);
    const old = stored?.value as VersionRecord;
    await p.deps.catalog.updateVersion(
      { ...old, withdrawn: { ...(old.withdrawn as NonNullable<VersionRecord['withdrawn']>), by: 'bob' } },
      stored?.revision ?? 0,
    );
    for (const path of ['/v1/datasets/mauna-loa-co2/versions', '/v1/datasets/mauna-loa-co2/versions/1']) {
      const text = await (await get(path)).text();
      expect(text, path).not.toContain('bob');
      expect(text, path).toContain('"withdrawn":{"reason":"个人信息 found after publication","at":');
    }
    // And the files: 410 with the reason at /files/, as in AWS.
    const file = await get('/files/mauna-loa-co2/v000001/data.csv');
    expect(file.status).toBe(410);
    expect(((await file.json()) as { reason: string }).reason).toBe('个人信息 found after publication');
  });

  it('an unknown dataset is still 404', async () => {
    expect((await get('/v1/datasets/no-such-dataset')).status).toBe(404);
  });
});

describe('files of a publication the catalogue never committed', () => {
  it('answer 404 while the version is pending, although its files are stored', async () => {
    const [published] = (
      (await (await get('/v1/datasets/seattle-weather/versions')).json()) as { versions: VersionRecord[] }
    ).versions;
    expect(published).toBeDefined();
    // A publication in progress: version 2 claimed (pending), a file uploaded under its prefix.
    await p.deps.catalog.createVersion({
      ...(published as VersionRecord),
      version: 2,
      state: 'pending',
      artifacts: [],
    });
    await p.deps.blobs.putBytes('datasets/seattle-weather/v000002/data.csv', 'date,temp\n2026-01-01,3\n', {
      contentType: 'text/csv',
      ifNoneMatch: true,
    });
    const r = await get('/files/seattle-weather/v000002/data.csv');
    expect(r.status).toBe(404);
    expect(((await r.json()) as { detail: string }).detail).toBe('version 2 of "seattle-weather" is not published');
    expect((await get('/v1/datasets/seattle-weather/versions/2')).status).toBe(404);
  });
});

describe('publication opens the files at the edge only after the commit (the AWS files gate)', () => {
  it('a publication that fails before its commit opens nothing; its retry opens the version once committed', async () => {
    const registry = await loadRegistry(join(REPO_ROOT, 'datasets'));
    const folder = await readReleaseFolder(join(REPO_ROOT, 'datasets', 'seattle-weather'), registry);
    const manifest = { ...folder.manifest, label: 'gate-check' };
    const gate = new MemoryPublishedFileAccess();
    const deps = { ...p.deps, publishedFiles: gate };
    const input = { releaseId: 'gate-check', manifest, sources: folder.sources, registry };
    let committedWhenOpened: string | undefined;
    await expect(
      publishRelease(deps, {
        ...input,
        onStep: (step) => {
          if (step === 'verified') throw new Error('crash before the commit');
        },
      }),
    ).rejects.toThrow(/crash before the commit/);
    expect(gate.published).toEqual([]);
    const spy = {
      publish: async (id: string, v: number) => {
        committedWhenOpened = (await p.deps.catalog.getVersion(id, v))?.value.state;
        await gate.publish(id, v);
      },
    };
    const out = await publishRelease({ ...p.deps, publishedFiles: spy }, input);
    expect(out.status).toBe('published');
    const version = (out as { version: number }).version;
    expect(gate.published).toEqual([`datasets/seattle-weather/v${String(version).padStart(6, '0')}/`]);
    expect(committedWhenOpened).toBe('published');
  }, 120_000);
});
