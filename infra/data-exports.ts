/**
 * The stateful stack's outputs the stateless stack imports, under fixed export names. Fixed names (not
 * CDK's automatic cross-stack references) keep the coupling explicit and stable: the compute stack can
 * be destroyed and redeployed, and the finding ids cdk-nag prints are the same in tests and in synth.
 */
export const DATA_EXPORTS = [
  'DataKeyArn',
  'MessagingKeyArn',
  'AccessLogsBucketName',
  'AccessLogsBucketArn',
  'AccessLogsBucketDomain',
  'RawBucketName',
  'RawBucketArn',
  'PublishedBucketName',
  'PublishedBucketArn',
  'PublishedBucketDomain',
  'SiteBucketName',
  'SiteBucketArn',
  'SiteBucketDomain',
  'AthenaResultsBucketName',
  'AthenaResultsBucketArn',
  'TableName',
  'TableArn',
  'PseudonymSecretArn',
  'IngestQueueArn',
  'IngestQueueUrl',
  'IngestQueueName',
  'IngestDlqArn',
  'IngestDlqName',
] as const;
export type DataExport = (typeof DATA_EXPORTS)[number];

export function dataExportName(stage: string, key: DataExport): string {
  return `opendata-${stage}-data-${key}`;
}
