/**
 * Names of the environment variables the infrastructure sets on every Lambda function. The
 * functions' config loader (functions/wiring) reads exactly these names; keep the two in step by
 * importing this constant rather than repeating the strings. No CDK import here on purpose, so the
 * runtime bundle can import it for free.
 */
export const RUNTIME_ENV = {
  /** DynamoDB single table (catalogue, versions, releases, audit ledger, API keys, feedback). */
  tableName: 'TABLE_NAME',
  /** Bucket holding immutable published versions under `datasets/` and `catalog/snapshot.json`. */
  publishedBucket: 'PUBLISHED_BUCKET',
  /** Bucket receiving department uploads (expires after the configured retention). */
  rawBucket: 'RAW_BUCKET',
  /** Public origin of the platform (CloudFront or the custom domain), no trailing slash. */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** ARN of the Secrets Manager secret keying the pseudonymization HMAC. Never the value. */
  pseudonymSecretArn: 'PSEUDONYM_SECRET_ARN',
  /** Powertools logger/tracer service name: `opendata-<handler>`. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  /** Powertools metrics namespace: `OpenData/<stage>`. */
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** Deployment stage, e.g. `dev`, `prod`. */
  stage: 'STAGE',
  /** Athena workgroup the query function may use (bytes-scanned limit enforced there). */
  athenaWorkgroup: 'ATHENA_WORKGROUP',
  /** Glue database where publishing registers one table per published version. */
  glueDatabase: 'GLUE_DATABASE',
  /** Always `aws` on Lambda (functions/wiring/config.ts also knows `local`). */
  mode: 'OPENDATA_MODE',
  /** Version reported by /v1/health: package.json version of the deployed tree. */
  appVersion: 'APP_VERSION',
  /** DuckDB `memory_limit` for DuckDB handlers: 60% of the function's memory. */
  queryMemoryLimit: 'QUERY_MEMORY_LIMIT',
  /** DuckDB handlers: bytes the /tmp Parquet copies may take together (a share of their /tmp size). */
  parquetCacheMaxBytes: 'PARQUET_CACHE_MAX_BYTES',
  /** EventBridge bus that receives `CatalogPublished` events (triggers the site rebuild). */
  eventBusName: 'EVENT_BUS_NAME',
  /** SNS topic for urgent alerts (privacy concerns); set on handlers with `alerts:publish` only. */
  alertTopicArn: 'ALERT_TOPIC_ARN',
  /** Releases function: the publisher/licence registry bundled into its code asset (relative to the task root). */
  registryFile: 'REGISTRY_FILE',
  /** Releases function: IAM principal ARN -> principal and department roles, JSON ({ principals: [...] }). */
  principalsJson: 'PRINCIPALS_JSON',
  /** Releases function: the principals directory bundled into the asset, when too large for PRINCIPALS_JSON. */
  principalsFile: 'PRINCIPALS_FILE',
  /** Releases function: days before raw uploads expire (the raw bucket's lifecycle rule). */
  rawRetentionDays: 'RAW_RETENTION_DAYS',
  /** SQS URL of the raw-upload queue; set on the functions it feeds (ingest: deferrals and retry back-off). */
  rawUploadQueueUrl: 'RAW_UPLOAD_QUEUE_URL',
  /** CloudFront distribution id; set on handlers with `published:withdraw` only (invalidation on withdrawal). */
  distributionId: 'DISTRIBUTION_ID',
  /** ARN of the files gate (CloudFront KeyValueStore); set on handlers with `files:open`, `files:reconcile` or `published:withdraw`. */
  filesGateArn: 'FILES_GATE_ARN',
  /** The site bucket; set on the site's not-found function (and the site build), which read it. */
  siteBucket: 'SITE_BUCKET',
  /** The site rebuild's CodeBuild project name; set on handlers with `site:rebuild` only (a failed build's retry). */
  siteBuildProject: 'SITE_BUILD_PROJECT',
} as const;

export type RuntimeEnvName = (typeof RUNTIME_ENV)[keyof typeof RUNTIME_ENV];

/** The event the publish use case puts on the bus after writing `catalog/snapshot.json`. */
export const CATALOG_PUBLISHED_EVENT = {
  source: 'opendata.catalog',
  detailType: 'CatalogPublished',
} as const;

/**
 * The event the approval request puts on the bus in AWS (`{releaseId}`): a rule delivers it to the
 * ingest function, which publishes the version (functions/adapters/aws/eventbridge-publication-queue.ts).
 */
export const RELEASE_APPROVED_EVENT = {
  source: 'opendata.releases',
  detailType: 'ReleaseApproved',
} as const;

/**
 * The event a withdrawal puts on the bus in AWS (`{datasetId, version}`) once the version is closed: a
 * rule delivers it to the maintenance function, which refreshes the catalogue snapshot (and so the site)
 * and exports the audit ledger (functions/adapters/aws/eventbridge-maintenance-queue.ts).
 */
export const VERSION_WITHDRAWN_EVENT = {
  source: 'opendata.releases',
  detailType: 'VersionWithdrawn',
} as const;

/** Key prefixes in the buckets; the IAM grants and bucket policies are scoped to these. */
export const KEY_PREFIXES = {
  /** Immutable published artifacts: `datasets/<id>/<version>/<file>`. Write-once. */
  published: 'datasets/',
  /** Catalogue snapshot(s) read by the site build: `catalog/snapshot.json`. */
  catalog: 'catalog/',
  /** Department uploads in the raw bucket: `uploads/<department>/...`. */
  rawUploads: 'uploads/',
} as const;

export { publicFileUrl, WITHDRAWN_TAG } from '../functions/core/catalog/artifact-keys.ts';
