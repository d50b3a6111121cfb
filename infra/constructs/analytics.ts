import { Aws } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AnalyticsProps {
  readonly stage: string;
  readonly resultsBucket: s3.IBucket;
  readonly bytesScannedCutoffPerQuery: number;
}

/**
 * The Glue database where publishing registers one table per published Parquet version, and the
 * Athena workgroup the query API may use for scans too large for DuckDB-in-Lambda. The workgroup
 * enforces its own settings (clients cannot pick another output location or turn encryption off)
 * and cancels any query scanning more than the configured bytes.
 */
export class Analytics extends Construct {
  readonly databaseName: string;
  readonly workgroupName: string;

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    this.databaseName = `opendata_${props.stage.replace(/-/g, '_')}`;
    this.workgroupName = `opendata-${props.stage}`;
    new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description: 'Published open-data versions (one table per dataset version, Parquet)',
      },
    });
    new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workgroupName,
      description: 'opendata query API',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        // ProcessedBytes per workgroup: the daily bytes-scanned alarm (Monitoring) reads it.
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        // AUTO is engine version 3, which query result reuse (set per query by the adapter) needs.
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
