import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { artifactKey } from '../../functions/core/catalog/artifact-keys.ts';
import { AppError } from '../../functions/core/errors.ts';
import { PrincipalsFile, toPrincipal } from '../../functions/core/release/principal.ts';
import { type Platform, REPO_ROOT, start } from '../../functions/local/platform.ts';
import { approveRelease } from '../../functions/usecases/release/approve-release.ts';
import { loadRelease } from '../../functions/usecases/release/release-store.ts';
import { composeLocalReleaseDeps } from '../../functions/wiring/release-deps.ts';
import { api, fixtureBody } from '../support/release-fixtures.ts';

/**
 * The catalogue table restored to an earlier point (docs/deploy.md, *Restoring the catalogue table*):
 * the version records published since are gone, their write-once files are not. Reproduced on the local
 * platform as the review did: the dynalite folder of the data directory copied back to an earlier state,
 * the published files kept. A later release must never be served with a lost release's bytes.
 */
const DATASET = 'test-air-quality';
const dirs: string[] = [];
const running: Platform[] = [];
afterAll(async () => {
  for (const p of running) await p.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function startOn(dataDir: string): Promise<Platform> {
  const p = await start({
    port: 0,
    dataDir,
    datasetsDir: null,
    buildSite: false,
    publishScorecards: false,
    anonymousPerMinute: 1_000_000,
    snapshotRefreshMs: 0,
    log: () => {},
  });
  running.push(p);
  return p;
}

async function stop(p: Platform): Promise<void> {
  await p.stop();
  running.splice(running.indexOf(p), 1);
}

/** Submitted by carol, approved by dave: the answer to the approval. */
async function release(p: Platform, releaseId: string, rows: ReadonlyArray<readonly [string, number]>) {
  const created = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: fixtureBody({ releaseId, rows }) });
  expect(created.body.state, JSON.stringify(created.body)).toBe('checks-passed');
  return api(p.url, 'POST', `/v1/releases/${releaseId}/approve`, { token: 'dave' });
}

/** A file as the local platform serves it at /files/ (the bytes as they are, BOM included). */
async function file(p: Platform, version: number, name = 'data.csv') {
  const res = await fetch(`${p.url}/files/${DATASET}/v${String(version).padStart(6, '0')}/${name}`);
  return { status: res.status, text: Buffer.from(await res.arrayBuffer()).toString('utf8') };
}
const stored = (p: Platform, version: number, name = 'data.csv') =>
  readFile((p.deps.blobs as FsBlobStore).pathOf(artifactKey(DATASET, version, name)), 'utf8');

const ROWS = {
  a: [['north', 1]],
  lostB: [['north', 2]],
  lostD: [['north', 4]],
  c: [['north', 3]],
} as const;

describe('publishing after the catalogue table was restored to an earlier point', () => {
  it('never serves a lost release’s files as a new version: taken numbers are skipped, the same release takes its number back', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'opendata-restore-'));
    dirs.push(dataDir);
    const backupDir = await mkdtemp(join(tmpdir(), 'opendata-restore-backup-'));
    dirs.push(backupDir);
    const backup = join(backupDir, 'dynamodb');

    // Version 1, then the point in time the table is restored to.
    let p = await startOn(dataDir);
    expect((await release(p, 'restore-a', ROWS.a)).body).toMatchObject({ state: 'published', version: 1 });
    await stop(p);
    await cp(join(dataDir, 'dynamodb'), backup, { recursive: true });

    // Versions 2 and 3, published after that point: lost by the restore, their files stay.
    p = await startOn(dataDir);
    expect((await release(p, 'restore-lost-b', ROWS.lostB)).body).toMatchObject({ state: 'published', version: 2 });
    expect((await release(p, 'restore-lost-d', ROWS.lostD)).body).toMatchObject({ state: 'published', version: 3 });
    const lostB = (await file(p, 2)).text;
    const lostD = (await file(p, 3)).text;
    expect(lostB).toContain('north,2');
    expect(lostD).toContain('north,4');
    await stop(p);

    // The restore: the table as it was at that point, the published files as they are.
    await rm(join(dataDir, 'dynamodb'), { recursive: true, force: true });
    await cp(backup, join(dataDir, 'dynamodb'), { recursive: true });
    p = await startOn(dataDir);
    expect((await api(p.url, 'GET', `/v1/datasets/${DATASET}`)).body.latestVersion).toBe(1);

    // The lost release published again (its record went with the restore): version 2's files are its
    // own bytes, so it takes version 2 back and adopts them.
    const again = await release(p, 'restore-lost-b', ROWS.lostB);
    expect(again.body).toMatchObject({ state: 'published', version: 2 });
    expect((await file(p, 2)).text).toBe(lostB);

    // A new release: version 3 holds another release's files, so it is skipped, and the release is
    // published as version 4 with its own bytes.
    const fresh = await release(p, 'restore-c', ROWS.c);
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    expect(fresh.body.state).toBe('published');
    // What the review saw before the fix: the version served the lost release's bytes.
    const served = await file(p, fresh.body.version);
    expect(served.status).toBe(200);
    expect(served.text).not.toBe(lostD);
    expect(served.text).toContain('north,3');
    expect(fresh.body.version).toBe(4);
    // Every artifact of version 4 is what its record says (nothing adopted from version 3).
    const v4 = (await p.deps.catalog.getVersion(DATASET, 4))?.value;
    expect(v4?.releaseId).toBe('restore-c');
    for (const a of v4?.artifacts ?? []) expect(a.key.startsWith(`datasets/${DATASET}/v000004/`)).toBe(true);
    const sums = (await file(p, 4, 'SHA256SUMS')).text;
    for (const a of v4?.artifacts.filter((x) => x.name !== 'SHA256SUMS') ?? []) {
      expect(sums).toContain(`${a.sha256}  ${a.name}`);
    }

    // Version 3 stays what it was: not in the catalogue, its files untouched and not served.
    expect((await file(p, 3)).status).toBe(404);
    expect(await stored(p, 3)).toBe(lostD);
    const versions = await api(p.url, 'GET', `/v1/datasets/${DATASET}/versions`);
    expect(versions.body.versions.map((v: { version: number }) => v.version).sort()).toEqual([1, 2, 4]);
    expect((await api(p.url, 'GET', `/v1/datasets/${DATASET}`)).body.latestVersion).toBe(4);
    expect((await api(p.url, 'GET', '/v1/audit/verify')).body).toMatchObject({ valid: true });
  });
});

describe('a claimed version whose files turn out to be another release’s', () => {
  it('refuses the publication (publication-failed, naming dataset, version and file), leaves nothing visible, and a new release publishes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'opendata-taken-'));
    dirs.push(dataDir);
    const p = await startOn(dataDir);
    expect((await release(p, 'taken-a', ROWS.a)).body).toMatchObject({ state: 'published', version: 1 });

    const rdeps = composeLocalReleaseDeps(p.deps, { dataDir, datasetsDir: join(REPO_ROOT, 'datasets') });
    const directory = PrincipalsFile.parse(
      parseDocument(await readFile(join(REPO_ROOT, 'datasets', 'principals.yaml'), 'utf8')).toJS(),
    );
    const dave = toPrincipal(
      directory.principals.find((x) => x.id === 'dave') as (typeof directory.principals)[number],
    );
    const created = await api(p.url, 'POST', '/v1/releases', {
      token: 'carol',
      body: fixtureBody({ releaseId: 'taken-b', rows: ROWS.c }),
    });
    expect(created.body.state).toBe('checks-passed');

    // Right after the claim, another writer's data.csv appears under the claimed prefix (the state a
    // restored table with a pending claim over another release's files leaves).
    const foreign = 'station,pm25\nnorth,999\n';
    const refusal = await approveRelease(rdeps, dave, 'taken-b', {
      onStep: async (step) => {
        if (step !== 'claimed') return;
        await p.deps.blobs.putBytes(artifactKey(DATASET, 2, 'data.csv'), foreign, { ifNoneMatch: true });
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(AppError);
    const e = refusal as AppError;
    expect(e.status).toBe(422);
    expect(e.detail).toContain(`${DATASET} version 2`);
    expect(e.detail).toContain('data.csv');
    expect(e.hint).toMatch(/already taken by files in the published store.*restored.*docs\/deploy\.md/);

    // Nothing half-published: the release failed for good with the reason, the version is not listed,
    // its files are not served, the stored foreign file is untouched, the entry still names version 1.
    const r = (await loadRelease(p.deps, 'taken-b')).value;
    expect(r.state).toBe('publication-failed');
    expect(r.publicationFailure?.detail).toBe(e.detail);
    expect(r.publicationFailure?.hint).toBe(e.hint);
    expect((await api(p.url, 'GET', `/v1/datasets/${DATASET}/versions/2`)).status).toBe(404);
    expect((await file(p, 2)).status).toBe(404);
    expect(await stored(p, 2)).toBe(foreign);
    expect((await api(p.url, 'GET', `/v1/datasets/${DATASET}`)).body.latestVersion).toBe(1);
    expect((await p.deps.catalog.getVersion(DATASET, 2))?.value.state).toBe('pending');
    expect((await api(p.url, 'GET', '/v1/audit/verify')).body).toMatchObject({ valid: true });

    // The department submits the release again: a new number, its own bytes.
    const retry = await release(p, 'taken-b2', ROWS.c);
    expect(retry.body).toMatchObject({ state: 'published', version: 3 });
    expect((await file(p, 3)).text).toContain('north,3');
    expect((await api(p.url, 'GET', `/v1/datasets/${DATASET}`)).body.latestVersion).toBe(3);
  });
});
