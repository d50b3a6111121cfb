import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { KEY_PREFIXES } from '../runtime-env.ts';
import { secureBucket } from './secure-bucket.ts';

export interface RawUploadsProps {
  /** Encrypts the bucket. */
  readonly key: kms.IKey;
  /** Encrypts the queues (must differ from `key`, see StatefulStack). */
  readonly queueKey: kms.IKey;
  readonly accessLogs: s3.IBucket;
  readonly retentionDays: number;
  /** Longest timeout of the functions consuming the queue (the visibility timeout must exceed it). */
  readonly consumerTimeoutSeconds?: number;
}

/**
 * Department uploads (not yet desensitized: may contain personal data). Private, SSE-KMS with the
 * platform key, TLS-only, expiring after the retention. Every new object under `uploads/` is announced
 * on an encrypted SQS queue (with a DLQ after 5 receives) that the `ingest` handler consumes.
 * The queues live here, beside the bucket, because the bucket's notification configuration must name
 * them: putting them in the stateless stack would make the data stack depend on the compute stack.
 */
export class RawUploads extends Construct {
  readonly bucket: s3.Bucket;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RawUploadsProps) {
    super(scope, id);
    this.bucket = secureBucket(this, 'Bucket', {
      accessLogs: props.accessLogs,
      encryptionKey: props.key,
      versioned: false,
      lifecycleRules: [{ id: 'expire-raw-uploads', expiration: Duration.days(props.retentionDays) }],
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // AWS guidance: visibility timeout at least 6x the consumer's timeout (retries inside a batch).
    const visibility = Math.min(Math.max(6 * (props.consumerTimeoutSeconds ?? 30), 30), 43_200);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(visibility),
      retentionPeriod: Duration.days(4),
      // Five receives: a failing message is retried after 1, 5, 15 and 15 minutes (the function sets the
      // back-off: functions/core/release/upload-retry.ts), then dead-lettered; receives that were not real
      // attempts (a throttled or cut-off invocation) count too, hence the margin.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, sqsDestination(this.queue, props.queueKey), {
      prefix: KEY_PREFIXES.rawUploads,
    });
  }
}

/**
 * What s3n.SqsDestination does, with the queue policy's SendMessage bound to this account's bucket
 * (aws:SourceArn and aws:SourceAccount, as the S3 User Guide's queue policy example has them) and named
 * SQS actions instead of a grant. The key statement is the S3 User Guide's own ("Granting permissions to
 * publish event notification messages to a destination", AWS KMS key policy): S3 may GenerateDataKey and
 * Decrypt, with no condition (as in the SQS guide's example for AWS event sources). That the KMS
 * request SQS makes for S3's notification carries aws:SourceArn/aws:SourceAccount is documented nowhere
 * (docs/deploy.md): a condition on a key absent from the request denies, and S3 then cannot even validate
 * the notification configuration. What the key statement alone allows is S3 encrypting a notification
 * with this key for a queue that names it; only this account's bucket may send to this queue, and
 * reading it takes the reader's own kms:Decrypt.
 */
function sqsDestination(queue: sqs.IQueue, queueKey: kms.IKey): s3.IBucketNotificationDestination {
  return {
    bind: (_scope, bucket) => {
      const source = {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': bucket.bucketRef.bucketArn },
      };
      const s3Service = new iam.ServicePrincipal('s3.amazonaws.com');
      // Not queue.grantSendMessages: on an encrypted queue it also grants the key's Encrypt and ReEncrypt*.
      queue.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [s3Service],
          actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          resources: [queue.queueArn],
          conditions: source,
        }),
      );
      // S3 encrypts each notification with the queue key (and decrypts a test message when the
      // notification configuration is put): the S3 User Guide's key policy statement, as documented.
      queueKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowS3NotificationsToUseKey',
          principals: [s3Service],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
        }),
      );
      return { arn: queue.queueArn, type: s3.BucketNotificationDestinationType.QUEUE, dependencies: [queue] };
    },
  };
}
