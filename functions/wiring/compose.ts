import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AthenaQueryJobs } from '../adapters/aws/athena-query-jobs.ts';
import { DynamoDbCatalogStore } from '../adapters/aws/dynamodb-catalog-store.ts';
import { DynamoDbCounters } from '../adapters/aws/dynamodb-counters.ts';
import { EventBridgeCatalogEvents } from '../adapters/aws/eventbridge-catalog-events.ts';
import { GlueTableCatalog } from '../adapters/aws/glue-table-catalog.ts';
import { IamAuthenticator } from '../adapters/aws/iam-authenticator.ts';
import { localDynamoClient } from '../adapters/aws/local-clients.ts';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.ts';
import { SecretsManagerProvider } from '../adapters/aws/secrets-manager-provider.ts';
import { SnsNotifier } from '../adapters/aws/sns-notifier.ts';
import { tmpParquetCache } from '../adapters/aws/tmp-parquet-cache.ts';
import { CachingCatalogStore } from '../adapters/cache/caching-catalog-store.ts';
import { LocalQueryJobs } from '../adapters/duckdb/local-query-jobs.ts';
import { dnsHostResolver } from '../adapters/http/dns-host-resolver.ts';
import { HttpWebhookTransport } from '../adapters/http/webhook-http-transport.ts';
import { FsBlobStore } from '../adapters/local/fs-blob-store.ts';
import { LocalSecretProvider } from '../adapters/local/local-secret-provider.ts';
import { noopTableCatalog } from '../adapters/local/noop-table-catalog.ts';
import { OutboxNotifier } from '../adapters/local/outbox-notifier.ts';
import { DEFAULT_RETRY } from '../core/subscriptions/webhook.ts';
import { type CatalogEvents, noCatalogEvents } from '../ports/catalog-events.ts';
import { systemClock } from '../ports/clock.ts';
import type { SecretProvider } from '../ports/secrets.ts';
import type { AccessSettings } from '../usecases/access/settings.ts';
import type { Deps } from '../usecases/deps.ts';
import { AWS_ATHENA_THRESHOLD_BYTES } from './athena-threshold.ts';
import { anonymousLimits, type Config, loadConfig } from './config.ts';
import { lazyQueryEngine, lazyReleaseProcessor } from './lazy-duckdb.ts';
import { principalsFromEnv } from './principals.ts';

/** The composition root: the only place that picks adapters. */
export function compose(config: Config): Deps {
  const common = {
    // On Lambda the function's own budget (QUERY_MEMORY_LIMIT: 60% of its memory, set by the stack):
    // a fixed 2 GB let checks on the 2 GB releases function get it killed instead of spilling to disk.
    processor: lazyReleaseProcessor({
      memoryLimit: config.OPENDATA_MODE === 'aws' ? config.QUERY_MEMORY_LIMIT : '2GB',
    }),
    clock: systemClock,
    events: noCatalogEvents as CatalogEvents,
    workRoot: config.WORK_DIR,
    publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
    appVersion: config.APP_VERSION,
    queryTimeoutMs: config.QUERY_TIMEOUT_MS,
    webhooks: {
      transport: new HttpWebhookTransport(),
      resolver: dnsHostResolver,
      // Loopback receivers exist only on the local platform; the AWS config has no such setting.
      targets: { allowLoopback: config.OPENDATA_MODE === 'local' && config.WEBHOOK_ALLOW_LOOPBACK },
      retry: DEFAULT_RETRY,
      timeoutMs: 10_000,
    },
  };
  // Version and dataset records are read on every query: a short read cache (writes invalidate it).
  const cachedCatalog = (store: DynamoDbCatalogStore) =>
    config.CATALOG_CACHE_MS > 0 ? new CachingCatalogStore(store, config.CATALOG_CACHE_MS) : store;
  const access = (admin: AccessSettings['admin']): AccessSettings => ({
    ...anonymousLimits(config),
    keyCacheMs: config.API_KEY_CACHE_MS,
    usageFlushMs: config.USAGE_FLUSH_MS,
    ...(config.CLIENT_IP_HEADER ? { clientIpHeader: config.CLIENT_IP_HEADER } : {}),
    ...(config.EDGE_TOKEN ? { edgeToken: config.EDGE_TOKEN } : {}),
    admin,
  });
  if (config.OPENDATA_MODE === 'local') {
    const blobs = new FsBlobStore(join(config.OPENDATA_DATA_DIR, 'published'));
    const dynamo = localDynamoClient(config.DYNAMODB_ENDPOINT);
    const queryEngine = lazyQueryEngine({
      resolve: async (ref) => blobs.pathOf(ref.parquetKey),
      allowedDirectories: [blobs.root],
      tempDirectory: join(config.OPENDATA_DATA_DIR, 'tmp', 'duckdb'),
      memoryLimit: config.QUERY_MEMORY_LIMIT,
    });
    // The asynchronous path without Athena: a background DuckDB run, its result a file the platform serves.
    const jobs = new LocalQueryJobs({
      engine: queryEngine,
      directory: join(config.OPENDATA_DATA_DIR, LOCAL_QUERY_JOBS_DIR),
      resultUrl: (id) => `${common.publicBaseUrl}${LOCAL_QUERY_RESULTS_PATH}${id}.json`,
      timeoutMs: 60_000,
    });
    return {
      ...common,
      blobs,
      catalog: cachedCatalog(new DynamoDbCatalogStore(dynamo, config.TABLE_NAME)),
      counters: new DynamoDbCounters(dynamo, config.TABLE_NAME),
      access: access({
        kind: 'token',
        tokenSha256: createHash('sha256').update(config.OPENDATA_ADMIN_TOKEN).digest('hex'),
      }),
      secrets: new LocalSecretProvider(join(config.OPENDATA_DATA_DIR, 'secrets', 'pseudonym.key')),
      notifier: new OutboxNotifier(join(config.OPENDATA_DATA_DIR, 'outbox', 'alerts.jsonl')),
      queryEngine,
      queryJobs: { jobs, thresholdBytes: config.ATHENA_THRESHOLD_BYTES },
      tableCatalog: noopTableCatalog,
    };
  }
  const s3 = new S3Client({});
  const blobs = new S3BlobStore(s3, config.PUBLISHED_BUCKET);
  const cacheDir = join(config.WORK_DIR, 'parquet-cache');
  const dynamo = new DynamoDBClient({});
  const secrets: SecretProvider = config.PSEUDONYM_SECRET_ARN
    ? new SecretsManagerProvider(new SecretsManagerClient({}), config.PSEUDONYM_SECRET_ARN)
    : {
        pseudonymKey: () => Promise.reject(new Error('PSEUDONYM_SECRET_ARN is not configured for this function')),
      };
  // Athena and Glue exist when the stack set both names; without them every query stays synchronous.
  const analytics =
    config.ATHENA_WORKGROUP && config.GLUE_DATABASE
      ? { workgroup: config.ATHENA_WORKGROUP, database: config.GLUE_DATABASE }
      : undefined;
  const principals = principalsFromEnv(process.env);
  return {
    ...common,
    // One authorization path: every function with IAM routes maps the same principals.
    ...(principals ? { authenticator: new IamAuthenticator(principals) } : {}),
    // The site rebuild in AWS is triggered by this event after each new catalogue snapshot.
    ...(config.EVENT_BUS_NAME
      ? { events: new EventBridgeCatalogEvents(new EventBridgeClient({}), config.EVENT_BUS_NAME) }
      : {}),
    ...(analytics
      ? {
          queryJobs: {
            jobs: new AthenaQueryJobs(
              new AthenaClient({}),
              // Result CSVs are private (results bucket): clients get a link valid for one hour.
              (bucket, key) =>
                getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 3600 }),
              analytics,
            ),
            // Every version the synchronous path takes must fit in the /tmp copy budget, and its first
            // copy from S3 in the request's 30 s (athena-threshold.ts).
            thresholdBytes: Math.min(
              config.ATHENA_THRESHOLD_BYTES,
              config.PARQUET_CACHE_MAX_BYTES,
              AWS_ATHENA_THRESHOLD_BYTES,
            ),
          },
          tableCatalog: new GlueTableCatalog(new GlueClient({}), {
            database: analytics.database,
            bucket: config.PUBLISHED_BUCKET,
          }),
        }
      : {}),
    blobs,
    catalog: cachedCatalog(new DynamoDbCatalogStore(dynamo, config.TABLE_NAME)),
    counters: new DynamoDbCounters(dynamo, config.TABLE_NAME),
    access: access({ kind: 'iam' }),
    secrets,
    notifier: config.ALERT_TOPIC_ARN
      ? new SnsNotifier(new SNSClient({}), config.ALERT_TOPIC_ARN)
      : { alert: () => Promise.reject(new Error('ALERT_TOPIC_ARN is not configured for this function')) },
    queryEngine: lazyQueryEngine({
      resolve: tmpParquetCache(blobs, cacheDir, { maxBytes: config.PARQUET_CACHE_MAX_BYTES }),
      allowedDirectories: [cacheDir],
      tempDirectory: join(config.WORK_DIR, 'duckdb-spill'),
      memoryLimit: config.QUERY_MEMORY_LIMIT,
    }),
  };
}

/** Local jobs live under `<data>/query-jobs`; the platform serves their results at this path. */
export const LOCAL_QUERY_JOBS_DIR = 'query-jobs';
export const LOCAL_QUERY_RESULTS_PATH = '/query-results/';

let installed: Deps | undefined;

/** Dependencies of this process: composed from the environment once (Lambda cold start). */
export function getDeps(): Deps {
  if (!installed) {
    installed = compose(loadConfig());
  }
  return installed;
}

/** The local platform installs the deps it composed, so handlers in-process share them. */
export function installDeps(deps: Deps | undefined): void {
  installed = deps;
}
