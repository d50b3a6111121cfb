import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config.ts';
import { allowCloudFrontRead } from '../constructs/cloudfront-read-policy.ts';
import { PublishedBucket } from '../constructs/published-bucket.ts';
import { RawUploads } from '../constructs/raw-uploads.ts';
import { secureBucket } from '../constructs/secure-bucket.ts';
import { DATA_EXPORTS, type DataExport, dataExportName } from '../data-exports.ts';
import { acknowledge } from '../nag.ts';

/**
 * IAM path of the roles that may still delete the pseudonymization secret or schedule the deletion of
 * its key (`arn:…:role/opendata-break-glass/<name>`). No such role exists until an administrator creates
 * one on purpose: the deny statements below stop every other principal (docs/deploy.md, Backups and retention).
 */
export const BREAK_GLASS_ROLE_PATH = 'opendata-break-glass';

export interface StatefulStackProps extends StackProps {
  readonly config: PlatformConfig;
  /** Longest timeout of the handlers consuming raw uploads (sizes the queue visibility timeout). */
  readonly ingestTimeoutSeconds?: number;
}

/**
 * Everything that holds data and must outlive any redeploy: buckets, the catalogue table, the
 * platform KMS key, the pseudonymization secret and the raw-upload queues. All RETAIN. The stateless
 * stack only references these; destroying it never touches data.
 */
export class StatefulStack extends Stack {
  readonly key: kms.Key;
  readonly messagingKey: kms.Key;
  readonly accessLogs: s3.Bucket;
  readonly rawBucket: s3.Bucket;
  readonly ingestQueue: sqs.Queue;
  readonly ingestDeadLetterQueue: sqs.Queue;
  readonly publishedBucket: s3.Bucket;
  readonly siteBucket: s3.Bucket;
  readonly athenaResults: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly pseudonymSecret: secretsmanager.Secret;
  readonly backupVault: backup.BackupVault;
  readonly backupPlan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    // Customer-managed key for the personal-data path: raw uploads and the pseudonymization secret.
    // Published data and the site are public by design and use SSE-S3.
    this.key = new kms.Key(this, 'DataKey', {
      description: `opendata ${config.stage}: raw uploads and the pseudonymization secret`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A second key for messages (ingest queues, alarm topic). Separate because AWS services use it on
    // their own (S3 encrypts its notifications with it, raw-uploads.ts; CloudWatch publishes alarms),
    // which the key of the personal-data path must not allow.
    this.messagingKey = new kms.Key(this, 'MessagingKey', {
      description: `opendata ${config.stage}: ingest queues and alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Losing this key loses the pseudonymization secret it encrypts (docs/deploy.md, Backups and retention):
    // only a break-glass role may schedule its deletion. Disabling stays possible (reversible at once).
    const breakGlass = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${BREAK_GLASS_ROLE_PATH}/*`;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyKeyDeletionOutsideBreakGlass',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:ScheduleKeyDeletion'],
        resources: ['*'],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': breakGlass } },
      }),
    );
    // CloudWatch alarms publish to the (encrypted) alarm topic; the service needs the key for that.
    this.messagingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseKeyForSns',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    // EventBridge sends the events it could not deliver to the compute stack's failed-events queue, encrypted
    // with this key (infra/constructs/failed-events.ts): the statement the SQS Developer Guide gives for AWS
    // service event sources sending to an encrypted queue. No aws:SourceArn condition: the rules live in the
    // other stack, and (as for S3, raw-uploads.ts) what the KMS request carries is not documented; sending
    // still takes the queue policy, which names each rule.
    this.messagingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeDeadLetterQueues',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );

    this.accessLogs = secureBucket(this, 'AccessLogs', {
      // CloudFront standard logging writes with ACLs, so this one bucket keeps them enabled.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // They hold viewer addresses and query strings (CloudFront) and requesters' addresses (S3).
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(config.accessLogRetentionDays) }],
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      'This is the access-log bucket itself; logging it into itself would loop.',
    );

    const raw = new RawUploads(this, 'RawUploads', {
      key: this.key,
      queueKey: this.messagingKey,
      accessLogs: this.accessLogs,
      retentionDays: config.rawRetentionDays,
      ...(props.ingestTimeoutSeconds ? { consumerTimeoutSeconds: props.ingestTimeoutSeconds } : {}),
    });
    this.rawBucket = raw.bucket;
    this.ingestQueue = raw.queue;
    this.ingestDeadLetterQueue = raw.deadLetterQueue;

    // The S3 notification configuration is applied by CDK's singleton custom resource.
    const notificationsHandler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notificationsHandler) {
      acknowledge(
        notificationsHandler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's BucketNotifications custom resource (sets the raw bucket's SQS notification at deploy time); its role is created by CDK with the basic execution policy and runs only during deployments.",
      );
    }

    this.publishedBucket = new PublishedBucket(this, 'Published', { accessLogs: this.accessLogs }).bucket;

    this.siteBucket = secureBucket(this, 'Site', { accessLogs: this.accessLogs, versioned: false });
    allowCloudFrontRead(this.siteBucket, '*');

    this.athenaResults = secureBucket(this, 'AthenaResults', {
      accessLogs: this.accessLogs,
      lifecycleRules: [{ id: 'expire-query-results', expiration: Duration.days(7) }],
    });

    this.table = new dynamodb.Table(this, 'Catalog', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-owned keys would not show in CloudTrail; AWS-managed (aws/dynamodb) does, at no key fee.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Counter items (rate limits, quotas, usage days: PK CTR#...) carry their expiry in `expiresAt`
      // (epoch seconds), and so do the webhook sweep's short-lived documents (event marks, finished
      // deliveries, due entries: dynamodb-catalog-store.ts putDoc expiresAt). Nothing else expires.
      timeToLiveAttribute: 'expiresAt',
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'GSI1SK', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    this.pseudonymSecret = new secretsmanager.Secret(this, 'PseudonymSecret', {
      description: `opendata ${config.stage}: HMAC key for stable pseudonyms in desensitized releases`,
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Deleting the secret changes every later pseudonym and stops the functions that read it; the
    // stack retains it, and this stops a console or CLI deletion too (except by a break-glass role).
    this.pseudonymSecret.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletionOutsideBreakGlass',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['secretsmanager:DeleteSecret'],
        resources: ['*'],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': breakGlass } },
      }),
    );
    acknowledge(
      this.pseudonymSecret,
      'AwsSolutions-SMG4',
      'Rotating the pseudonymization key changes every pseudonym (breaks joins across versions), so it is a deliberate, documented operator action (docs/deploy.md), not an automatic schedule.',
    );

    // PITR restores any second of the last 35 days; the backup plan keeps whole-table copies longer, in a
    // vault whose recovery points no principal may delete or shorten (they expire by their lifecycle).
    this.backupVault = new backup.BackupVault(this, 'BackupVault', {
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
    });
    this.backupPlan = new backup.BackupPlan(this, 'CatalogBackupPlan', {
      backupPlanName: `opendata-${config.stage}-catalog`,
      backupVault: this.backupVault,
    });
    // 02:00 UTC, away from the daily audit-ledger export (03:15) and scorecard run (03:45).
    this.backupPlan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2' }),
        deleteAfter: Duration.days(config.backupDailyRetentionDays),
      }),
    );
    this.backupPlan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '2', day: '1' }),
        deleteAfter: Duration.days(config.backupMonthlyRetentionDays),
      }),
    );
    const selection = this.backupPlan.addSelection('Catalog', {
      resources: [backup.BackupResource.fromDynamoDbTable(this.table)],
    });
    acknowledge(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      "AWS Backup's own service role for the catalogue table's backup selection: the AWS-managed policy is the one AWS Backup documents and keeps current for the resource types it backs up.",
    );
    new CfnOutput(this, 'BackupVaultName', {
      value: this.backupVault.backupVaultName,
      description: 'AWS Backup vault of the catalogue table (docs/deploy.md, Backups and retention)',
    });

    const exports: Record<DataExport, string> = {
      DataKeyArn: this.key.keyArn,
      MessagingKeyArn: this.messagingKey.keyArn,
      AccessLogsBucketName: this.accessLogs.bucketName,
      AccessLogsBucketArn: this.accessLogs.bucketArn,
      AccessLogsBucketDomain: this.accessLogs.bucketRegionalDomainName,
      RawBucketName: this.rawBucket.bucketName,
      RawBucketArn: this.rawBucket.bucketArn,
      PublishedBucketName: this.publishedBucket.bucketName,
      PublishedBucketArn: this.publishedBucket.bucketArn,
      PublishedBucketDomain: this.publishedBucket.bucketRegionalDomainName,
      SiteBucketName: this.siteBucket.bucketName,
      SiteBucketArn: this.siteBucket.bucketArn,
      SiteBucketDomain: this.siteBucket.bucketRegionalDomainName,
      AthenaResultsBucketName: this.athenaResults.bucketName,
      AthenaResultsBucketArn: this.athenaResults.bucketArn,
      TableName: this.table.tableName,
      TableArn: this.table.tableArn,
      PseudonymSecretArn: this.pseudonymSecret.secretArn,
      IngestQueueArn: this.ingestQueue.queueArn,
      IngestQueueUrl: this.ingestQueue.queueUrl,
      IngestQueueName: this.ingestQueue.queueName,
      IngestDlqArn: this.ingestDeadLetterQueue.queueArn,
      IngestDlqName: this.ingestDeadLetterQueue.queueName,
    };
    for (const key of DATA_EXPORTS) {
      new CfnOutput(this, key, { value: exports[key], exportName: dataExportName(config.stage, key) });
    }
  }
}
