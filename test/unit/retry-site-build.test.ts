import { createHash } from 'node:crypto';
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { describe, expect, it } from 'vitest';
import { CodeBuildSiteBuilder } from '../../functions/adapters/aws/codebuild-site-builder.ts';
import { SITE_BUILD_MARKER_KEY, SNAPSHOT_KEY } from '../../functions/core/catalog/artifact-keys.ts';
import type { SiteBuilder } from '../../functions/ports/site-builder.ts';
import { retrySiteBuildIfStale } from '../../functions/usecases/retry-site-build.ts';

/** The hourly decision: start the site build while the last successful one was not of the stored snapshot. */
const SNAPSHOT = '{"generatedAt":"2026-11-22T10:00:00Z","datasets":[]}';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function run(objects: Record<string, string>, answer: 'started' | 'running' = 'started') {
  const starts: string[] = [];
  const siteBuild: SiteBuilder = {
    start: async () => {
      starts.push('start');
      return answer;
    },
  };
  const blobs = {
    readBytes: async (key: string) => (key in objects ? new TextEncoder().encode(objects[key]) : undefined),
  };
  return { starts, result: retrySiteBuildIfStale({ blobs, siteBuild }) };
}

describe('retrySiteBuildIfStale', () => {
  it('does nothing when the last build was of the stored snapshot', async () => {
    const r = run({
      [SNAPSHOT_KEY]: SNAPSHOT,
      [SITE_BUILD_MARKER_KEY]: JSON.stringify({ snapshotSha256: sha(SNAPSHOT) }),
    });
    expect(await r.result).toBe('current');
    expect(r.starts).toEqual([]);
  });

  it('starts a build when the last successful one was of another snapshot (a failed build since)', async () => {
    const r = run({
      [SNAPSHOT_KEY]: SNAPSHOT,
      [SITE_BUILD_MARKER_KEY]: JSON.stringify({ snapshotSha256: sha('older') }),
    });
    expect(await r.result).toBe('started');
    expect(r.starts).toEqual(['start']);
  });

  it('starts a build when no build has recorded one, or the marker is unreadable', async () => {
    for (const marker of [undefined, 'not json', '{"other":1}']) {
      const r = run({ [SNAPSHOT_KEY]: SNAPSHOT, ...(marker === undefined ? {} : { [SITE_BUILD_MARKER_KEY]: marker }) });
      expect(await r.result, String(marker)).toBe('started');
      expect(r.starts).toEqual(['start']);
    }
  });

  it('is fine with a start refused because a build runs', async () => {
    const r = run({ [SNAPSHOT_KEY]: SNAPSHOT }, 'running');
    await expect(r.result).resolves.toBe('running');
  });

  it('takes the stored snapshot’s sha256 from a caller that just read it, without reading it again', async () => {
    const reads: string[] = [];
    const blobs = {
      readBytes: async (key: string) => {
        reads.push(key);
        return key === SITE_BUILD_MARKER_KEY
          ? new TextEncoder().encode(JSON.stringify({ snapshotSha256: sha(SNAPSHOT) }))
          : undefined;
      },
    };
    const siteBuild: SiteBuilder = { start: async () => 'started' };
    expect(await retrySiteBuildIfStale({ blobs, siteBuild }, sha(SNAPSHOT))).toBe('current');
    expect(await retrySiteBuildIfStale({ blobs, siteBuild }, sha('newer'))).toBe('started');
    expect(reads).toEqual([SITE_BUILD_MARKER_KEY, SITE_BUILD_MARKER_KEY]);
  });

  it('starts nothing before the first snapshot (its refresh announces it)', async () => {
    const r = run({});
    expect(await r.result).toBe('no-snapshot');
    expect(r.starts).toEqual([]);
  });
});

describe('CodeBuildSiteBuilder', () => {
  const builder = (send: () => Promise<unknown>) =>
    new CodeBuildSiteBuilder({ send } as unknown as CodeBuildClient, 'opendata-site');
  it('reports a start refused while a build runs as running, and any other error as a failure', async () => {
    const refused = Object.assign(new Error('Cannot have more than 1 builds in queue'), {
      name: 'AccountLimitExceededException',
    });
    await expect(builder(async () => ({})).start()).resolves.toBe('started');
    await expect(builder(async () => Promise.reject(refused)).start()).resolves.toBe('running');
    await expect(builder(async () => Promise.reject(new Error('AccessDenied'))).start()).rejects.toThrow(
      'AccessDenied',
    );
  });
});
