import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Where server access logs go; omit only for the access-log bucket itself. */
  readonly accessLogs?: s3.IBucket;
  /** SSE-KMS with this key; SSE-S3 when omitted. */
  readonly encryptionKey?: kms.IKey;
  readonly versioned?: boolean;
  readonly lifecycleRules?: s3.LifecycleRule[];
  readonly objectOwnership?: s3.ObjectOwnership;
}

/** `Site`, `RawUploads-Bucket`: the bucket's id, after its construct's unless that is the stack. */
function logName(scope: Construct, id: string): string {
  return Stack.isStack(scope) ? id : `${scope.node.id}-${id}`;
}

/**
 * A bucket with the platform's baseline: all public access blocked, TLS-only (aws:SecureTransport deny),
 * encrypted at rest, server access logs, ACLs disabled, retained when the stack is deleted, and
 * incomplete multipart uploads cleaned up.
 */
export function secureBucket(scope: Construct, id: string, props: SecureBucketProps): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    ...(props.encryptionKey ? { encryptionKey: props.encryptionKey, bucketKeyEnabled: true } : {}),
    objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: props.versioned ?? false,
    // One prefix per bucket: raw (personal data) and published both build theirs as `Bucket` in their own
    // construct, and shared one prefix before.
    ...(props.accessLogs
      ? { serverAccessLogsBucket: props.accessLogs, serverAccessLogsPrefix: `s3/${logName(scope, id)}/` }
      : {}),
    lifecycleRules: [
      { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ...(props.lifecycleRules ?? []),
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
