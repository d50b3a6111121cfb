import { Fn } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type DataExport, dataExportName } from '../data-exports.ts';

/** The stateful stack's resources, imported by export name into the stateless stack. */
export class DataImports extends Construct {
  readonly dataKey: kms.IKey;
  readonly messagingKey: kms.IKey;
  readonly accessLogs: s3.IBucket;
  readonly rawBucket: s3.IBucket;
  readonly publishedBucket: s3.IBucket;
  readonly siteBucket: s3.IBucket;
  readonly athenaResults: s3.IBucket;
  readonly table: dynamodb.ITable;
  readonly tableName: string;
  readonly pseudonymSecret: secretsmanager.ISecret;
  readonly ingestQueue: sqs.IQueue;
  readonly ingestDeadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    const imp = (key: DataExport) => Fn.importValue(dataExportName(props.stage, key));
    this.dataKey = kms.Key.fromKeyArn(this, 'DataKey', imp('DataKeyArn'));
    this.messagingKey = kms.Key.fromKeyArn(this, 'MessagingKey', imp('MessagingKeyArn'));
    const bucket = (bid: string, name: DataExport, arn: DataExport, domain?: DataExport) =>
      s3.Bucket.fromBucketAttributes(this, bid, {
        bucketName: imp(name),
        bucketArn: imp(arn),
        ...(domain ? { bucketRegionalDomainName: imp(domain) } : {}),
      });
    this.accessLogs = bucket('AccessLogs', 'AccessLogsBucketName', 'AccessLogsBucketArn', 'AccessLogsBucketDomain');
    this.rawBucket = bucket('Raw', 'RawBucketName', 'RawBucketArn');
    this.publishedBucket = bucket('Published', 'PublishedBucketName', 'PublishedBucketArn', 'PublishedBucketDomain');
    this.siteBucket = bucket('Site', 'SiteBucketName', 'SiteBucketArn', 'SiteBucketDomain');
    this.athenaResults = bucket('AthenaResults', 'AthenaResultsBucketName', 'AthenaResultsBucketArn');
    this.table = dynamodb.Table.fromTableAttributes(this, 'Table', { tableArn: imp('TableArn') });
    this.tableName = imp('TableName');
    this.pseudonymSecret = secretsmanager.Secret.fromSecretCompleteArn(
      this,
      'PseudonymSecret',
      imp('PseudonymSecretArn'),
    );
    this.ingestQueue = sqs.Queue.fromQueueAttributes(this, 'IngestQueue', {
      queueArn: imp('IngestQueueArn'),
      queueUrl: imp('IngestQueueUrl'),
      queueName: imp('IngestQueueName'),
      keyArn: imp('MessagingKeyArn'),
    });
    this.ingestDeadLetterQueue = sqs.Queue.fromQueueAttributes(this, 'IngestDlq', {
      queueArn: imp('IngestDlqArn'),
      queueName: imp('IngestDlqName'),
    });
  }
}
