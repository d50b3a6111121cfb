import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, Size } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INGEST_QUEUE_MAX_CONCURRENCY } from '../config.ts';
import type { ResolvedHandler } from '../handler-table.ts';
import { acknowledge } from '../nag.ts';
import { bundledFileCommands } from '../release-config.ts';
import { RELEASE_APPROVED_EVENT, RUNTIME_ENV, VERSION_WITHDRAWN_EVENT } from '../runtime-env.ts';
import { copyPackagesCommands, duckdbPackages } from './duckdb-modules.ts';
import { type FailedEvents, invokedAsynchronously } from './failed-events.ts';
import { type AccessTargets, acknowledgementsFor, expandCapabilities, statementsFor } from './handler-access.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NO_DUCKDB_MODULE = fileURLToPath(new URL('./no-duckdb.ts', import.meta.url));

/**
 * /tmp of the DuckDB functions unless their route-table entry says `tmpMib` (Lambda's maximum is 10240 MiB), and the share of it the Parquet copies
 * may take together (PARQUET_CACHE_MAX_BYTES, functions/adapters/aws/tmp-parquet-cache.ts); the rest is
 * for DuckDB's spill files. The asynchronous (Athena) threshold is kept at or below that share.
 */
export const DUCKDB_TMP_MIB = 2048;
export const PARQUET_CACHE_SHARE_OF_TMP = 0.6;

/** ESM bundles still meet CommonJS `require` in some dependencies; give them one. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __opendataCreateRequire } from 'node:module'; const require = __opendataCreateRequire(import.meta.url);";

/**
 * The esbuild settings of every platform function: bundled locally (no Docker), ESM for Node 24, minified
 * with source maps. The SDK is bundled (pinned by package-lock) rather than taken from the runtime.
 */
export const FUNCTION_BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
} satisfies BundlingOptions;

/** Functions without DuckDB: everything bundled, `@duckdb/node-api` replaced by a stand-in (no-duckdb.ts says why). */
export const NO_DUCKDB_BUNDLING = {
  externalModules: [],
  esbuildArgs: { '--alias:@duckdb/node-api': NO_DUCKDB_MODULE },
} satisfies BundlingOptions;

export interface HandlerFunctionsProps {
  readonly handlers: readonly ResolvedHandler[];
  readonly stage: string;
  readonly logRetentionDays: number;
  /** Reported by /v1/health. */
  readonly appVersion: string;
  readonly queryReservedConcurrency: number;
  /** Values for RUNTIME_ENV, except the Powertools names which are set per function. */
  readonly environment: Readonly<Record<string, string>>;
  readonly access: AccessTargets;
  readonly rawUploadQueue: sqs.IQueue;
  /** Where failed asynchronous invocations and undeliverable rule events are kept (failed-events.ts). */
  readonly failedEvents: FailedEvents;
  /** Extra variables for some handlers only (e.g. the releases function's principals), by handler name. */
  readonly handlerEnvironment?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Files written into some handlers' code asset at bundling time (name -> content), by handler name. */
  readonly bundledFiles?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * One NodejsFunction per HANDLERS entry of functions/routes.ts, each with its own role holding only the
 * statements of its capabilities, its own log group, X-Ray tracing and the Powertools variables.
 * DuckDB handlers run on x86_64 with the native binding installed into the asset; all others on arm64.
 */
export class HandlerFunctions extends Construct {
  readonly functions: ReadonlyMap<string, NodejsFunction>;
  readonly roles: ReadonlyMap<string, iam.Role>;

  constructor(scope: Construct, id: string, props: HandlerFunctionsProps) {
    super(scope, id);
    const functions = new Map<string, NodejsFunction>();
    const roles = new Map<string, iam.Role>();

    for (const h of props.handlers) {
      const { spec } = h;
      const logicalName = pascal(h.name);
      const files = props.bundledFiles?.get(h.name);
      const logGroup = new logs.LogGroup(this, `${logicalName}Logs`, {
        retention: props.logRetentionDays as logs.RetentionDays,
      });
      // An explicit role instead of the default one: no AWSLambdaBasicExecutionRole managed policy
      // (it allows writing to every log group of the account), only this function's log group.
      const role = new iam.Role(this, `${logicalName}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `opendata ${props.stage} ${h.name}: ${h.access.join(', ') || 'no data access'}`,
      });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      );
      for (const cap of expandCapabilities(h.access)) {
        for (const statement of statementsFor(cap, props.access)) role.addToPrincipalPolicy(statement);
        for (const a of acknowledgementsFor(cap, props.access, h.name)) acknowledge(role, a.id, a.reason);
      }

      const fn = new NodejsFunction(this, `${logicalName}Function`, {
        entry: join(REPO_ROOT, spec.entry),
        handler: 'handler',
        description: spec.description,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: spec.duckdb ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
        memorySize: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        // DuckDB copies Parquet objects to /tmp and caches them by content hash (within a budget).
        ...(spec.duckdb ? { ephemeralStorageSize: Size.mebibytes(spec.tmpMib ?? DUCKDB_TMP_MIB) } : {}),
        ...(spec.duckdb && props.queryReservedConcurrency > 0
          ? { reservedConcurrentExecutions: props.queryReservedConcurrency }
          : {}),
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        tracing: lambda.Tracing.ACTIVE,
        environment: {
          ...props.environment,
          [RUNTIME_ENV.serviceName]: `opendata-${h.name}`,
          [RUNTIME_ENV.metricsNamespace]: `OpenData/${props.stage}`,
          [RUNTIME_ENV.stage]: props.stage,
          [RUNTIME_ENV.mode]: 'aws',
          // Only where it is reported: the version changes with every commit (handler spec reportsVersion).
          ...(spec.reportsVersion ? { [RUNTIME_ENV.appVersion]: props.appVersion } : {}),
          ...(spec.duckdb
            ? {
                [RUNTIME_ENV.queryMemoryLimit]: `${Math.floor(spec.memoryMb * 0.6)}MB`,
                [RUNTIME_ENV.parquetCacheMaxBytes]: String(
                  Math.floor(PARQUET_CACHE_SHARE_OF_TMP * (spec.tmpMib ?? DUCKDB_TMP_MIB) * 1024 ** 2),
                ),
              }
            : {}),
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
          ...(props.handlerEnvironment?.get(h.name) ?? {}),
        },
        projectRoot: REPO_ROOT,
        depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
        bundling: {
          ...FUNCTION_BUNDLING,
          // DuckDB is a native module: never bundled; installed into the asset of DuckDB handlers only.
          // The others get a stand-in that throws on use (no-duckdb.ts says why an external import cannot work).
          ...(spec.duckdb ? { externalModules: ['@duckdb/*'] } : NO_DUCKDB_BUNDLING),
          ...(spec.duckdb || files
            ? {
                commandHooks: {
                  beforeBundling: () => [],
                  beforeInstall: () => [],
                  afterBundling: (inputDir: string, outputDir: string) => [
                    ...(spec.duckdb ? copyPackagesCommands(inputDir, outputDir, duckdbPackages(REPO_ROOT)) : []),
                    ...(files ? bundledFileCommands(outputDir, files) : []),
                  ],
                },
              }
            : {}),
        },
      });
      if (h.events.includes('raw-uploads')) {
        // A 5 s window gathers the uploads of one release into one batch, which checks it once.
        // The mapping itself, not SqsEventSource: that one grants kms:Decrypt on the queue's key to the role
        // unconditionally (grantConsumeMessages); here every key use goes through SQS (kms:ViaService).
        fn.addEventSourceMapping('RawUploads', {
          eventSourceArn: props.rawUploadQueue.queueArn,
          batchSize: 10,
          maxBatchingWindow: Duration.seconds(5),
          // Below the function's reserved concurrency (shared with approvals and the schedule): a
          // throttled poller would return messages after the 90-minute visibility timeout and count
          // the receive towards the dead-letter queue, though nothing failed.
          maxConcurrency: INGEST_QUEUE_MAX_CONCURRENCY,
          reportBatchItemFailures: true,
        });
        // The poller receives and deletes with the function's role; the function sets a failed message's
        // retry back-off (ChangeMessageVisibility) and sends a deferred message again as a new one
        // (SendMessage). Named actions, not grantSendMessages (its kms:GenerateDataKey* and kms:ReEncrypt* wildcards).
        fn.addEnvironment(RUNTIME_ENV.rawUploadQueueUrl, props.rawUploadQueue.queueUrl);
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: [
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
              'sqs:ChangeMessageVisibility',
              'sqs:GetQueueAttributes',
              'sqs:GetQueueUrl',
              'sqs:SendMessage',
            ],
            resources: [props.rawUploadQueue.queueArn],
          }),
        );
        const queueKey = props.rawUploadQueue.encryptionMasterKey;
        if (queueKey) {
          role.addToPrincipalPolicy(
            new iam.PolicyStatement({
              actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
              resources: [queueKey.keyArn],
              conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
            }),
          );
        }
      }
      if (invokedAsynchronously(h)) {
        // After Lambda's two retries (the defaults: about one and three minutes later; an event waiting
        // for a free instance is kept six hours) the event goes to the failed-events queue, not nowhere.
        fn.configureAsyncInvoke({ onFailure: props.failedEvents.onFailure(role) });
      }
      if (h.events.includes('release-approved')) {
        // Asynchronous invocation: retried twice by Lambda; a failure then shows as a function error and
        // lands in the failed-events queue, and the approver's repeated approval (a resume) puts the event
        // on the bus again.
        new events.Rule(this, `${pascal(h.name)}OnReleaseApproved`, {
          description: `Publish approved releases (${h.name})`,
          eventBus: props.access.eventBus,
          eventPattern: { source: [RELEASE_APPROVED_EVENT.source], detailType: [RELEASE_APPROVED_EVENT.detailType] },
          targets: [
            new targets.LambdaFunction(fn, {
              retryAttempts: 4,
              maxEventAge: Duration.hours(2),
              deadLetterQueue: props.failedEvents.queue,
            }),
          ],
        });
      }
      if (h.events.includes('version-withdrawn')) {
        // Asynchronous too: the snapshot refresh and ledger export after a withdrawal (idempotent). A
        // failure after the retries shows as a function error and lands in the failed-events queue; the
        // hourly run refreshes the snapshot.
        new events.Rule(this, `${pascal(h.name)}OnVersionWithdrawn`, {
          description: `Refresh the catalogue snapshot and export the audit ledger after a withdrawal (${h.name})`,
          eventBus: props.access.eventBus,
          eventPattern: {
            source: [VERSION_WITHDRAWN_EVENT.source],
            detailType: [VERSION_WITHDRAWN_EVENT.detailType],
          },
          targets: [
            new targets.LambdaFunction(fn, {
              retryAttempts: 2,
              maxEventAge: Duration.hours(1),
              deadLetterQueue: props.failedEvents.queue,
            }),
          ],
        });
      }
      acknowledge(
        fn,
        'AwsSolutions-IAM5[Resource::*]',
        `X-Ray PutTraceSegments/PutTelemetryRecords for ${h.name} support no resource-level permissions.`,
      );
      functions.set(h.name, fn);
      roles.set(h.name, role);
    }
    this.functions = functions;
    this.roles = roles;
  }
}
