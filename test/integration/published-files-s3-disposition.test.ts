import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../functions/adapters/aws/s3-blob-store.ts';
import { catalogGatedFiles } from '../../functions/adapters/local/catalog-gated-files.ts';
import { loadRegistry } from '../../functions/adapters/local/dataset-folder.ts';
import { artifactKey } from '../../functions/core/catalog/artifact-keys.ts';
import { parseManifestYaml } from '../../functions/core/manifest/parse.ts';
import { REPO_ROOT } from '../../functions/local/platform.ts';
import { type S3rverHandle, startS3rver } from '../../functions/local/standins/s3rver.ts';
import { publishRelease } from '../../functions/usecases/publish-release.ts';
import { startTestPlatform } from '../support/platform.ts';
import { fixtureCsv, fixtureManifest } from '../support/release-fixtures.ts';

/**
 * In AWS the published files are S3 objects served by CloudFront, with no file route to add headers:
 * a publication stores each data file with the Content-Disposition the local file route sends, so a
 * download link (which carries no `download` attribute) saves the file under the same name. Published
 * into the production S3 adapter on s3rver; the rest of the platform is the local one.
 */
const BUCKET = 'published';
const ID = 's3-disposition';
let dir: string;
let s3: S3rverHandle;
let p: Awaited<ReturnType<typeof startTestPlatform>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-disposition-'));
  s3 = await startS3rver({ directory: dir, buckets: [BUCKET] });
  p = await startTestPlatform({ only: [], publishScorecards: false });
  const csv = join(dir, 'data.csv');
  await writeFile(csv, fixtureCsv());
  const published = await publishRelease(
    { ...p.deps, publishedFiles: catalogGatedFiles, blobs: new S3BlobStore(s3.client, BUCKET) },
    {
      releaseId: 's3-disposition-1',
      manifest: parseManifestYaml(fixtureManifest({ id: ID }), 'dataset.yaml'),
      sources: [{ label: 'data.csv', path: csv }],
      registry: await loadRegistry(join(REPO_ROOT, 'datasets')),
    },
  );
  expect(published.status).toBe('published');
}, 120_000);

afterAll(async () => {
  await p?.cleanup();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('published data files in S3', () => {
  it('are saved as <id>-v<N>-<file>, as the local file route names them', async () => {
    for (const file of ['data.csv', 'data.parquet', 'data.ndjson', 'data.json']) {
      const key = artifactKey(ID, 1, file);
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ContentDisposition, file).toBe(`attachment; filename="${ID}-v1-${file}"`);
      // And on the GET that CloudFront passes on.
      const got = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(got.ContentDisposition, file).toBe(`attachment; filename="${ID}-v1-${file}"`);
      await got.Body?.transformToByteArray();
    }
  });

  it('leaves the metadata files (reports, datapackage.json, SHA256SUMS) to open in the browser', async () => {
    for (const file of ['datapackage.json', 'SHA256SUMS']) {
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: artifactKey(ID, 1, file) }));
      expect(head.ContentDisposition, file).toBeUndefined();
    }
  });
});
