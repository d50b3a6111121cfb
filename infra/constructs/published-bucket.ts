import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { KEY_PREFIXES, WITHDRAWN_TAG } from '../runtime-env.ts';
import { allowCloudFrontRead } from './cloudfront-read-policy.ts';
import { secureBucket } from './secure-bucket.ts';

export interface PublishedBucketProps {
  readonly accessLogs: s3.IBucket;
}

/**
 * The published bucket: immutable versions under `datasets/`, the catalogue snapshot under `catalog/`.
 *
 * Immutability of `datasets/` — why a deny policy and not Object Lock:
 * Object Lock (governance or compliance) protects object *versions* from deletion, but it does not stop
 * a PutObject to an existing key: S3 just stacks a new current version on top, so the bytes behind a
 * published URL (and its checksum) could still change. What we promise is "a published key never
 * changes", so the bucket policy (which binds every principal, including admins' roles and our own
 * functions) does two things on `datasets/*`:
 *   1. denies DeleteObject / DeleteObjectVersion / retention and tagging changes, and
 *   2. denies object creation (PutObject, CompleteMultipartUpload) unless the request carries
 *      `If-None-Match: *`, which makes S3 reject any write to a key that already exists (412). The
 *      `s3:ObjectCreationOperation` condition exempts CreateMultipartUpload/UploadPart, which cannot
 *      carry the header (AWS "Enforce conditional writes" guidance).
 * Versioning stays on as a second line of defence (and so a break-glass withdrawal leaves a trace).
 *
 * Withdrawn versions: the releases function tags every object of a withdrawn version `withdrawn=true`
 * (tagging changes no byte), and this policy denies reading tagged objects to every principal —
 * CloudFront's origin access, presigned URLs, Athena, our own functions. A tag under `datasets/` may
 * only say withdrawn=true and cannot be deleted (statement 1), so nobody un-withdraws a file without a
 * policy change. Erasing the bytes entirely (e.g. a privacy incident) remains a documented
 * break-glass change to this policy, recorded in the audit ledger: see docs/deploy.md.
 */
export class PublishedBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PublishedBucketProps) {
    super(scope, id);
    this.bucket = secureBucket(this, 'Bucket', {
      accessLogs: props.accessLogs,
      versioned: true,
      lifecycleRules: [
        // Only catalog/ is ever overwritten; old snapshots are kept 90 days for investigation.
        {
          id: 'expire-old-catalog-snapshots',
          prefix: KEY_PREFIXES.catalog,
          noncurrentVersionExpiration: Duration.days(90),
        },
      ],
    });
    const immutable = this.bucket.arnForObjects(`${KEY_PREFIXES.published}*`);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeleteOfPublishedVersions',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:PutObjectRetention',
          's3:PutObjectLegalHold',
          's3:DeleteObjectTagging',
          's3:DeleteObjectVersionTagging',
        ],
        resources: [immutable],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOverwriteOfPublishedVersions',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [immutable],
        conditions: {
          Null: { 's3:if-none-match': 'true' },
          Bool: { 's3:ObjectCreationOperation': 'true' },
        },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReadOfWithdrawnFiles',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [immutable],
        conditions: { StringEquals: { [`s3:ExistingObjectTag/${WITHDRAWN_TAG.key}`]: WITHDRAWN_TAG.value } },
      }),
    );
    // A missing `withdrawn` key in the request also matches StringNotEquals: a tag set without it is denied.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyRetaggingOfPublishedVersions',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'],
        resources: [immutable],
        conditions: { StringNotEquals: { [`s3:RequestObjectTag/${WITHDRAWN_TAG.key}`]: WITHDRAWN_TAG.value } },
      }),
    );
    allowCloudFrontRead(this.bucket, `${KEY_PREFIXES.published}*`);
  }
}
