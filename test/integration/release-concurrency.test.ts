import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureBody } from '../support/release-fixtures.ts';

/** Ten releases of one dataset submitted and approved in parallel: versions 1..10, each complete. */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
});
afterAll(async () => {
  await p?.cleanup();
});

describe('concurrent releases of one dataset', () => {
  it('get distinct consecutive versions, each complete, exactly once even with duplicate approvals', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `conc-${i}`);
    const created = await Promise.all(
      ids.map((id, i) =>
        api(p.url, 'POST', '/v1/releases', {
          token: 'carol',
          body: fixtureBody({
            releaseId: id,
            rows: [
              ['north', i],
              ['south', 100 + i],
            ],
          }),
        }),
      ),
    );
    expect(created.map((c) => c.body.state)).toEqual(ids.map(() => 'checks-passed'));
    // Every release approved twice at once (a retried request): still one version each.
    const approvals = await Promise.all(
      [...ids, ...ids].map((id) => api(p.url, 'POST', `/v1/releases/${id}/approve`, { token: 'dave' })),
    );
    expect(approvals.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const releases = await Promise.all(ids.map((id) => api(p.url, 'GET', `/v1/releases/${id}`, { token: 'dave' })));
    const versions = releases.map((r) => r.body.version as number).sort((a, b) => a - b);
    expect(releases.every((r) => r.body.state === 'published')).toBe(true);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    const records = await p.deps.catalog.listVersions('test-air-quality');
    expect(records.map((v) => [v.version, v.state])).toEqual(versions.map((v) => [v, 'published']));
    expect(new Set(records.map((v) => v.releaseId)).size).toBe(10);
    const blobs = p.deps.blobs as FsBlobStore;
    for (const v of records) {
      expect(v.artifacts.length).toBeGreaterThanOrEqual(5);
      for (const a of v.artifacts) {
        expect(
          createHash('sha256')
            .update(await readFile(blobs.pathOf(a.key)))
            .digest('hex'),
        ).toBe(a.sha256);
      }
    }
    expect((await api(p.url, 'GET', '/v1/datasets/test-air-quality')).body.latestVersion).toBe(10);
    expect((await api(p.url, 'GET', '/v1/audit/verify')).body).toMatchObject({ valid: true });
  });
});
