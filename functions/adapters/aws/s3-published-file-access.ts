import { randomUUID } from 'node:crypto';
import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { ListObjectsV2Command, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { publicFileUrl, versionPrefix, WITHDRAWN_TAG } from '../../core/catalog/artifact-keys.ts';
import type { CommittedVersion, PublishedFileAccess } from '../../ports/published-file-access.ts';
import type { KvsFilesGate } from './cloudfront-kvs-files-gate.ts';

/** Tagging requests in flight at once (one request per object; a version has about ten). */
const CONCURRENCY = 8;

/**
 * The edge in AWS. Publication opens the version in the files gate (the CloudFront KeyValueStore the
 * `/files/*` function reads: without an entry, files answer 404). Withdrawal, in this order:
 * 1. the gate says withdrawn: the `/files/*` function answers 410 with the reason, before CloudFront's
 *    cache is even looked up (within seconds, as the store propagates to the edge locations);
 * 2. every object of the version gets the `withdrawn=true` tag, which the published bucket's policy
 *    turns into a 403 for every reader (CloudFront's origin access, presigned URLs, Athena): the bytes
 *    stay unreachable even if the gate were lost;
 * 3. CloudFront drops its cached copies of the version's `/files/...` paths and of the dataset's API
 *    answers (the API answers 410 from then on).
 * Tags before the invalidation: invalidating first would let a request arriving in between fetch the
 * file again (still untagged) and cache it for up to a year.
 */
export class S3PublishedFileAccess implements PublishedFileAccess {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly cloudFront: CloudFrontClient;
  readonly distributionId: string;
  readonly gate: KvsFilesGate;
  constructor(s3: S3Client, bucket: string, cloudFront: CloudFrontClient, distributionId: string, gate: KvsFilesGate) {
    this.s3 = s3;
    this.bucket = bucket;
    this.cloudFront = cloudFront;
    this.distributionId = distributionId;
    this.gate = gate;
  }

  async publish(datasetId: string, version: number): Promise<void> {
    await this.gate.open(datasetId, version);
  }

  reconcile(versions: readonly CommittedVersion[]): Promise<{ opened: number; closed: number }> {
    return this.gate.reconcile(versions);
  }

  async withdraw(datasetId: string, version: number, reason: string): Promise<void> {
    await this.gate.close(datasetId, version, reason);
    const prefix = versionPrefix(datasetId, version);
    const keys = await this.keysUnder(prefix);
    for (let i = 0; i < keys.length; i += CONCURRENCY) {
      await Promise.all(keys.slice(i, i + CONCURRENCY).map((key) => this.tag(key)));
    }
    await this.invalidate(datasetId, prefix);
  }

  /**
   * Replaces the tag set rather than merging: the platform puts no other tag on published objects, and
   * a merge would need s3:GetObjectTagging too. The current (only) version of each key is tagged: the
   * bucket policy denies overwrites and deletes under datasets/, so there are no older versions.
   */
  private async tag(key: string): Promise<void> {
    await this.s3.send(
      new PutObjectTaggingCommand({
        Bucket: this.bucket,
        Key: key,
        Tagging: { TagSet: [{ Key: WITHDRAWN_TAG.key, Value: WITHDRAWN_TAG.value }] },
      }),
    );
  }

  private async keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const r = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of r.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /**
   * Three wildcard paths: the version's files; the dataset's API answers — `/v1/datasets/<id>*`, so the
   * dataset's own record (`/v1/datasets/<id>`, with any query string: it answers 410 once every version
   * is withdrawn) as well as everything under it: version-pinned answers (`/versions/{v}`,
   * `/query?version={v}`, the diff) are cached at the edge for up to a year, and they hold the version's
   * rows and its `published` state (the wildcard also matches ids that start with this one: a harmless
   * extra purge); and the asynchronous query results. The caller reference is unique per call, so a
   * retried withdrawal creates a new invalidation instead of CloudFront answering with the earlier one.
   */
  private async invalidate(datasetId: string, prefix: string): Promise<void> {
    // Query-job results are cached like pinned answers; job ids do not name the dataset, so all go.
    const items = [
      `${publicFileUrl('', prefix)}*`,
      `/v1/datasets/${encodeURIComponent(datasetId)}*`,
      '/v1/query-jobs/*',
    ];
    await this.cloudFront.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: {
          CallerReference: `withdraw-${randomUUID()}`,
          Paths: { Quantity: items.length, Items: items },
        },
      }),
    );
  }
}
