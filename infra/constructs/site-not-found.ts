import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { NOT_FOUND_PAGES } from '../../functions/core/site/not-found-page.ts';
import { acknowledge } from '../nag.ts';
import { RUNTIME_ENV } from '../runtime-env.ts';
import { FUNCTION_BUNDLING, NO_DUCKDB_BUNDLING, REPO_ROOT } from './handler-functions.ts';

/** Not a route-table handler (no API route, no platform data): the site's fallback origin only. */
export const SITE_NOT_FOUND_NAME = 'siteNotFound';

export interface SiteNotFoundProps {
  readonly stage: string;
  readonly siteBucket: s3.IBucket;
  readonly logRetentionDays: number;
}

/**
 * The site's not-found answer in AWS: a small function (functions/handlers/site-not-found.ts) behind a
 * Lambda function URL with IAM auth, which only the distribution can call (origin access control signs
 * its requests; distribution.ts). It is the fallback origin of the site's origin group. Its role reads the
 * site's not-found pages and nothing else: no listing, no other key of the site bucket, no platform data.
 */
export class SiteNotFound extends Construct {
  readonly function: NodejsFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: SiteNotFoundProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `opendata ${props.stage} ${SITE_NOT_FOUND_NAME}: reads the site's not-found pages`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: Object.values(NOT_FOUND_PAGES).map((key) => props.siteBucket.arnForObjects(key)),
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'functions/handlers/site-not-found.ts'),
      handler: 'handler',
      description: "The site's not-found page (CloudFront's fallback when the site bucket answers 403/404)",
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(5),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        [RUNTIME_ENV.siteBucket]: props.siteBucket.bucketName,
        [RUNTIME_ENV.serviceName]: `opendata-${SITE_NOT_FOUND_NAME}`,
        [RUNTIME_ENV.metricsNamespace]: `OpenData/${props.stage}`,
        [RUNTIME_ENV.stage]: props.stage,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: { ...FUNCTION_BUNDLING, ...NO_DUCKDB_BUNDLING },
    });
    // IAM auth: unsigned callers get 403 from Lambda; the distribution signs with its origin access control.
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    acknowledge(
      this.function,
      'AwsSolutions-IAM5[Resource::*]',
      `X-Ray PutTraceSegments/PutTelemetryRecords for ${SITE_NOT_FOUND_NAME} support no resource-level permissions.`,
    );
  }
}
