/**
 * The API's route table: the ONE place that says which handler serves which route. The CDK stack
 * builds API Gateway routes and one Lambda function per handler from it; the local platform routes
 * its HTTP requests through the same table to the same handler modules.
 */

export type Auth = 'public' | 'iam';

export interface HandlerSpec {
  /** Module path from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Loads the DuckDB native binding (bundled as an external node module, x86_64). */
  readonly duckdb: boolean;
  /** Human description for the console and docs. */
  readonly description: string;
  /** Event sources besides HTTP (infra/handler-table.ts EVENT_SOURCES), e.g. the raw-upload queue. */
  readonly events?: readonly string[];
  /** /tmp of a DuckDB function in MiB (Lambda: 512-10240; default 2048): Parquet copies, spill, work files. */
  readonly tmpMib?: number;
  /**
   * Answers with the deployed build's version (APP_VERSION). Only these functions are given it in AWS:
   * it changes with every commit, and a changed environment replaces every warm container.
   */
  readonly reportsVersion?: boolean;
}

export const HANDLERS = {
  health: {
    entry: 'functions/handlers/health.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    duckdb: false,
    reportsVersion: true,
    description: 'Liveness and running version',
  },
  catalog: {
    entry: 'functions/handlers/catalog.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Catalogue API: datasets and versions',
  },
  download: {
    entry: 'functions/handlers/download.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Downloads: redirects to the immutable artifact',
  },
  query: {
    entry: 'functions/handlers/query.ts',
    memoryMb: 2048,
    timeoutSeconds: 30,
    duckdb: true,
    description: 'Query API over published Parquet',
  },
  queryJobs: {
    entry: 'functions/handlers/query-jobs.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    duckdb: false,
    description: 'Asynchronous queries of large versions (Athena): job status and result',
  },
  sql: {
    entry: 'functions/handlers/sql.ts',
    memoryMb: 2048,
    timeoutSeconds: 30,
    duckdb: true,
    description: 'Read-only SQL (one SELECT) over published datasets',
  },
  openapi: {
    entry: 'functions/handlers/openapi.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    duckdb: false,
    reportsVersion: true,
    description: 'OpenAPI 3.1 description of this API',
  },
  keys: {
    entry: 'functions/handlers/keys.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Admin: issue, list and revoke API keys',
  },
  releases: {
    entry: 'functions/handlers/releases.ts',
    memoryMb: 2048,
    timeoutSeconds: 30,
    duckdb: true,
    description: 'Release lifecycle: submit + checks, approve (four eyes) + publish, reject, withdraw; audit verify',
  },
  // No routes: S3 ObjectCreated under uploads/ -> SQS -> here, and ReleaseApproved events. Its time limit,
  // unlike an API request's (29 s at API Gateway), fits the checks and publication of large releases.
  ingest: {
    entry: 'functions/handlers/ingest.ts',
    memoryMb: 3008,
    timeoutSeconds: 900,
    duckdb: true,
    description: 'Release pipeline: checks a release when its last file arrives; publishes approved releases',
    events: ['raw-uploads', 'release-approved'],
    // A release's work files live in /tmp: its source, the four published formats (about 5x a CSV source)
    // and DuckDB's spill. 2 GB held about 2M rows of 12 columns; Lambda's maximum holds about 7M.
    tmpMib: 10240,
  },
  // No routes: the platform's housekeeping, which outgrows an API request's 30 s at a thousand datasets.
  // Hourly: the files-gate reconciliation (first: a withdrawn version must stay closed), the catalogue
  // snapshot refresh and the re-queueing of stalled publications; daily: the audit-ledger export; and,
  // on each `VersionWithdrawn` event, the snapshot refresh and ledger export a withdrawal used to run inline.
  maintenance: {
    entry: 'functions/handlers/maintenance.ts',
    memoryMb: 1024,
    timeoutSeconds: 900,
    duckdb: false,
    description: 'Housekeeping: files-gate reconciliation, catalogue snapshot refresh, audit-ledger export',
    events: ['version-withdrawn'],
  },
  metrics: {
    entry: 'functions/handlers/metrics.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    duckdb: false,
    description: 'Usage metrics (key holders: own; admins: all) and department scorecards',
  },
  feedback: {
    entry: 'functions/handlers/feedback.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Dataset feedback: ratings, comments, problem reports; moderation and replies',
  },
  requests: {
    entry: 'functions/handlers/requests.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Data requests: create, vote, status',
  },
  webhooks: {
    entry: 'functions/handlers/webhooks.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    duckdb: false,
    description: 'Webhooks for API key holders; also the scheduled delivery sweep (signed, retried)',
  },
  feeds: {
    entry: 'functions/handlers/feeds.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    duckdb: false,
    description: 'Atom feeds per dataset and per department',
  },
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof HANDLERS;

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a segment, `{proxy+}` for the rest. */
  readonly path: string;
  readonly handler: HandlerName;
  readonly auth: Auth;
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/v1/health', handler: 'health', auth: 'public' },
  { method: 'GET', path: '/v1/datasets', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/versions', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/versions/{version}', handler: 'catalog', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/versions/{version}/{file}', handler: 'download', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/query', handler: 'query', auth: 'public' },
  { method: 'POST', path: '/v1/datasets/{id}/query', handler: 'query', auth: 'public' },
  // Versions above ATHENA_THRESHOLD_BYTES answer the query routes with 202 and a job to poll here.
  { method: 'GET', path: '/v1/query-jobs/{jobId}', handler: 'queryJobs', auth: 'public' },
  { method: 'GET', path: '/v1/query-jobs/{jobId}/result', handler: 'queryJobs', auth: 'public' },
  { method: 'POST', path: '/v1/sql', handler: 'sql', auth: 'public' },
  { method: 'GET', path: '/v1/openapi.json', handler: 'openapi', auth: 'public' },
  { method: 'POST', path: '/v1/keys', handler: 'keys', auth: 'iam' },
  { method: 'GET', path: '/v1/keys', handler: 'keys', auth: 'iam' },
  { method: 'DELETE', path: '/v1/keys/{id}', handler: 'keys', auth: 'iam' },
  { method: 'GET', path: '/v1/datasets/{id}/versions/{version}/diff', handler: 'catalog', auth: 'public' },
  { method: 'POST', path: '/v1/releases', handler: 'releases', auth: 'iam' },
  { method: 'GET', path: '/v1/releases', handler: 'releases', auth: 'iam' },
  { method: 'GET', path: '/v1/releases/{id}', handler: 'releases', auth: 'iam' },
  { method: 'POST', path: '/v1/releases/{id}/submit', handler: 'releases', auth: 'iam' },
  { method: 'POST', path: '/v1/releases/{id}/approve', handler: 'releases', auth: 'iam' },
  { method: 'POST', path: '/v1/releases/{id}/reject', handler: 'releases', auth: 'iam' },
  { method: 'POST', path: '/v1/datasets/{id}/versions/{version}/withdraw', handler: 'releases', auth: 'iam' },
  { method: 'GET', path: '/v1/audit/verify', handler: 'releases', auth: 'public' },
  // Usage metrics and scorecards (issue 8): keys and admins are checked in the handler.
  { method: 'GET', path: '/v1/metrics/usage', handler: 'metrics', auth: 'public' },
  { method: 'GET', path: '/v1/metrics/datasets/{id}', handler: 'metrics', auth: 'public' },
  { method: 'GET', path: '/v1/admin/metrics/usage', handler: 'metrics', auth: 'iam' },
  { method: 'GET', path: '/v1/admin/metrics/datasets/{id}', handler: 'metrics', auth: 'iam' },
  { method: 'GET', path: '/v1/scorecards', handler: 'metrics', auth: 'public' },
  { method: 'GET', path: '/v1/scorecards/{department}', handler: 'metrics', auth: 'public' },
  // Feedback: public submission and reading; moderation and replies by the department or an admin.
  { method: 'POST', path: '/v1/datasets/{id}/feedback', handler: 'feedback', auth: 'public' },
  { method: 'GET', path: '/v1/datasets/{id}/feedback', handler: 'feedback', auth: 'public' },
  { method: 'GET', path: '/v1/feedback', handler: 'feedback', auth: 'iam' },
  { method: 'GET', path: '/v1/feedback/{fid}', handler: 'feedback', auth: 'iam' },
  { method: 'POST', path: '/v1/feedback/{fid}/moderation', handler: 'feedback', auth: 'iam' },
  { method: 'POST', path: '/v1/feedback/{fid}/replies', handler: 'feedback', auth: 'iam' },
  // Data requests.
  { method: 'GET', path: '/v1/requests', handler: 'requests', auth: 'public' },
  { method: 'POST', path: '/v1/requests', handler: 'requests', auth: 'public' },
  { method: 'GET', path: '/v1/requests/{rid}', handler: 'requests', auth: 'public' },
  { method: 'POST', path: '/v1/requests/{rid}/votes', handler: 'requests', auth: 'public' },
  { method: 'PUT', path: '/v1/requests/{rid}/status', handler: 'requests', auth: 'iam' },
  // Subscriptions: webhooks (API keys, checked in the handler) and Atom feeds.
  { method: 'POST', path: '/v1/webhooks', handler: 'webhooks', auth: 'public' },
  { method: 'GET', path: '/v1/webhooks', handler: 'webhooks', auth: 'public' },
  { method: 'GET', path: '/v1/webhooks/{wid}', handler: 'webhooks', auth: 'public' },
  { method: 'GET', path: '/v1/webhooks/{wid}/deliveries', handler: 'webhooks', auth: 'public' },
  { method: 'POST', path: '/v1/webhooks/{wid}/enable', handler: 'webhooks', auth: 'public' },
  { method: 'POST', path: '/v1/webhooks/{wid}/disable', handler: 'webhooks', auth: 'public' },
  { method: 'GET', path: '/v1/admin/webhooks', handler: 'webhooks', auth: 'iam' },
  { method: 'GET', path: '/v1/admin/webhooks/{wid}', handler: 'webhooks', auth: 'iam' },
  { method: 'GET', path: '/v1/admin/webhooks/{wid}/deliveries', handler: 'webhooks', auth: 'iam' },
  { method: 'POST', path: '/v1/admin/webhooks/{wid}/enable', handler: 'webhooks', auth: 'iam' },
  { method: 'POST', path: '/v1/admin/webhooks/{wid}/disable', handler: 'webhooks', auth: 'iam' },
  { method: 'GET', path: '/v1/feeds/datasets/{id}', handler: 'feeds', auth: 'public' },
  { method: 'GET', path: '/v1/feeds/departments/{department}', handler: 'feeds', auth: 'public' },
];
