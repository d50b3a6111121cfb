import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFrontClient, CreateInvalidationCommandInput } from '@aws-sdk/client-cloudfront';
import { GetObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KvsFilesGate } from '../../functions/adapters/aws/cloudfront-kvs-files-gate.ts';
import { S3BlobStore } from '../../functions/adapters/aws/s3-blob-store.ts';
import { S3PublishedFileAccess } from '../../functions/adapters/aws/s3-published-file-access.ts';
import { DOWNLOADABLE } from '../../functions/core/catalog/artifact-keys.ts';
import { type S3rverHandle, startS3rver } from '../../functions/local/standins/s3rver.ts';
import { FakeKvs } from '../support/fake-kvs.ts';

/**
 * The S3 adapter of PublishedFileAccess against s3rver (which implements object tagging). CloudFront
 * cannot run here: its client is the one stand-in, recording the invalidations it is asked for and,
 * at that moment, the tags already on the objects (tags must come first).
 */
const BUCKET = 'published';
const V2 = [...DOWNLOADABLE, '_athena/symlink.txt'].map((f) => `datasets/air/v000002/${f}`);
const UNRELATED = [
  'datasets/air/v000001/data.csv',
  'datasets/air/v000001/SHA256SUMS',
  'datasets/air/v000020/data.csv',
  'datasets/air-quality/v000002/data.csv',
  'datasets/_audit/head-0000000001.json',
  'catalog/snapshot.json',
];

let dir: string;
let s3: S3rverHandle;
let blobs: S3BlobStore;
let invalidations: Array<{ input: CreateInvalidationCommandInput; taggedAtThatMoment: string[] }>;
/** The files gate (a CloudFront KeyValueStore, which cannot run here): the fake, with its conditional writes. */
let kvs: FakeKvs;
let gateWhenFirstTagged: string | undefined;
const KVS_ARN = 'arn:aws:cloudfront::123456789012:key-value-store/0f1e2d3c-files-gate';
const access = () =>
  new S3PublishedFileAccess(s3.client, BUCKET, cloudFront, 'E2EXAMPLE123', new KvsFilesGate(kvs.client, KVS_ARN));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function tagsOf(key: string): Promise<Record<string, string>> {
  const r = await s3.client.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }));
  return Object.fromEntries((r.TagSet ?? []).map((t) => [t.Key, t.Value]));
}

async function withdrawnKeys(): Promise<string[]> {
  const out: string[] = [];
  for (const k of [...V2, ...UNRELATED]) if ((await tagsOf(k)).withdrawn === 'true') out.push(k);
  return out.sort();
}

/** Records CreateInvalidation calls; any other CloudFront call fails the test. */
const cloudFront = {
  send: async (command: { constructor: { name: string }; input: CreateInvalidationCommandInput }) => {
    if (command.constructor.name !== 'CreateInvalidationCommand')
      throw new Error(`unexpected ${command.constructor.name}`);
    invalidations.push({ input: command.input, taggedAtThatMoment: await withdrawnKeys() });
    return { Invalidation: { Id: `I${invalidations.length}`, Status: 'InProgress' } };
  },
} as unknown as CloudFrontClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'withdraw-s3-'));
  s3 = await startS3rver({ directory: dir, buckets: [BUCKET] });
  blobs = new S3BlobStore(s3.client, BUCKET);
  for (const key of [...V2, ...UNRELATED]) await blobs.putBytes(key, `bytes of ${key}\n`, { ifNoneMatch: true });
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  invalidations = [];
  kvs = new FakeKvs();
  gateWhenFirstTagged = undefined;
});

describe('S3PublishedFileAccess (s3rver)', () => {
  it('tags every object of the version withdrawn=true and nothing else, then invalidates /files/<id>/<version>/* and /v1/datasets/<id>/*', async () => {
    const before = new Map<string, string>();
    for (const k of V2) before.set(k, sha((await blobs.readBytes(k)) ?? new Uint8Array()));
    expect(await withdrawnKeys()).toEqual([]);

    const files = access();
    await files.publish('air', 2);
    expect(kvs.entries.get('air/v000002')).toBe('published');
    const originalSend = s3.client.send.bind(s3.client);
    // The gate closes first (the edge's 410 comes before anything else).
    s3.client.send = (async (c: { constructor: { name: string } }) => {
      if (c.constructor.name === 'PutObjectTaggingCommand') gateWhenFirstTagged ??= kvs.entries.get('air/v000002');
      return originalSend(c as never);
    }) as never;
    try {
      await files.withdraw('air', 2, 'wrong station codes');
    } finally {
      s3.client.send = originalSend as never;
    }
    expect(JSON.parse(gateWhenFirstTagged ?? '{}')).toEqual({ state: 'withdrawn', reason: 'wrong station codes' });
    expect(JSON.parse(kvs.entries.get('air/v000002') ?? '{}')).toEqual({
      state: 'withdrawn',
      reason: 'wrong station codes',
    });

    expect(await withdrawnKeys()).toEqual([...V2].sort());
    for (const k of V2) expect(await tagsOf(k), k).toEqual({ withdrawn: 'true' });
    for (const k of UNRELATED) expect(await tagsOf(k), k).toEqual({});
    // Tagging changes no byte (s3rver does not enforce bucket policies: the read deny is asserted in test/infra).
    for (const k of V2) {
      const body = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: k }));
      expect(sha((await body.Body?.transformToByteArray()) ?? new Uint8Array()), k).toBe(before.get(k));
    }
    expect(invalidations).toHaveLength(1);
    const [inv] = invalidations;
    expect(inv?.input.DistributionId).toBe('E2EXAMPLE123');
    // The files, and the dataset's API answers: its record (410 once every version is withdrawn) and
    // everything under it (version-pinned query answers are cached for a year).
    expect(inv?.input.InvalidationBatch?.Paths).toEqual({
      Quantity: 3,
      Items: ['/files/air/v000002/*', '/v1/datasets/air*', '/v1/query-jobs/*'],
    });
    // The CDN is purged only once every object already refuses reads.
    expect(inv?.taggedAtThatMoment).toEqual([...V2].sort());
  });

  it('is idempotent: a retry re-tags and asks for a new invalidation (fresh caller reference)', async () => {
    const files = access();
    await files.withdraw('air', 2, 'privacy incident');
    await files.withdraw('air', 2, 'privacy incident');
    // A publication retried after the withdrawal does not reopen the version.
    await files.publish('air', 2);
    expect(JSON.parse(kvs.entries.get('air/v000002') ?? '{}').state).toBe('withdrawn');
    expect(await withdrawnKeys()).toEqual([...V2].sort());
    for (const k of V2) expect(await tagsOf(k), k).toEqual({ withdrawn: 'true' });
    expect(invalidations).toHaveLength(2);
    const refs = invalidations.map((i) => i.input.InvalidationBatch?.CallerReference);
    expect(new Set(refs).size).toBe(2);
  });
});
