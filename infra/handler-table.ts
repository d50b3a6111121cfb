/**
 * The infrastructure's view of functions/routes.ts. The route table stays the single source of truth;
 * this module only widens its types with the optional properties infra understands, and fills in
 * what the table does not say (the IAM access of each handler) from a small, reviewed default map.
 *
 * Optional properties a HANDLERS entry may carry (no infra change needed when they appear):
 *   - `events: ['raw-uploads']`  the handler is not (only) HTTP: it consumes the raw-upload queue
 *                                (S3 ObjectCreated under `uploads/` -> SQS -> Lambda, SQS batch event).
 *   - `events: ['release-approved']` an EventBridge rule invokes it with `ReleaseApproved` events
 *                                (runtime-env.ts RELEASE_APPROVED_EVENT), asynchronously.
 *   - `events: ['version-withdrawn']` likewise with `VersionWithdrawn` events (VERSION_WITHDRAWN_EVENT).
 *   - `access: Capability[]`     the IAM capabilities it needs; overrides DEFAULT_ACCESS below.
 *   - `schedules: ScheduleSpec[]` EventBridge schedules invoking it; overrides DEFAULT_SCHEDULES below.
 *
 * Every handler with HTTP routes also gets `counters:write` and, unless it reads the catalogue anyway,
 * `keys:read`: the access middleware (API keys, rate limits, quotas, usage metering;
 * functions/http/access-control.ts) runs on every API request, and looks up the key a client sends.
 */
import { HANDLERS, type HandlerSpec, ROUTES, type RouteSpec } from '../functions/routes.ts';

/** Event sources infra can wire to a handler. */
export const EVENT_SOURCES = ['raw-uploads', 'release-approved', 'version-withdrawn'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/**
 * What a function may do, in platform terms. Each capability maps to a fixed, prefix-scoped set of
 * IAM statements in constructs/handler-access.ts; there is no capability granting `*` on data.
 */
export const CAPABILITIES = [
  'catalog:read', // DynamoDB GetItem/Query/BatchGetItem on the table and its indexes
  // plus PutItem/UpdateItem/DeleteItem/BatchWriteItem (conditional writes) on every item but the audit
  // ledger's (audit#, audit-head#, audit-mark#), which no role may update, delete or batch-write (an
  // explicit deny). Only for the release functions, which write datasets, versions and releases.
  'catalog:write',
  // PutItem only (every catalogue write is one conditional PutItem) on the document kinds one function
  // writes, by partition-key prefix (dynamodb:LeadingKeys; kinds in constructs/handler-access.ts
  // DOC_WRITES), with the ledger's deny. An internet-facing function holding one cannot touch datasets,
  // versions, releases, API keys or another function's documents (test/infra/table-writes.test.ts checks
  // the kinds against what each function's bundle can write).
  'feedback:write', // feedback#, feedback-rater#
  'requests:write', // datarequest#, datarequest-vote#
  'webhooks:write', // webhook#, webhook-delivery#, webhook-due#, webhook-event#, webhook-sweep#
  'keys:write', // apikey#
  // PutItem on the audit ledger's items only: appends entries (create-if-absent), advances the head,
  // records dedupe marks. Every function whose code appends to the ledger needs it; one without it
  // cannot write the ledger at all (test/infra/ledger-access.test.ts checks both against the bundles).
  'ledger:append',
  'published:read', // s3:GetObject on published datasets/* and catalog/*, ListBucket on those prefixes
  'published:write', // s3:PutObject on datasets/* (write-once, enforced by bucket policy) and catalog/*
  // s3:PutObjectTagging on datasets/<id>/v<n>/* (the `withdrawn` tag the bucket policy turns into a read deny),
  // ListBucket on datasets/, cloudfront:CreateInvalidation on the platform distribution only, and the
  // files gate (CloudFront KeyValueStore): describe, get, put — the 410 at the edge
  'published:withdraw',
  // the files gate only: describe, get, put (a committed version's files become servable at /files/)
  'files:open',
  'raw:read', // s3:GetObject on raw uploads/* + kms:Decrypt on the data key
  'raw:presign-upload', // s3:PutObject on raw uploads/* (to sign department upload URLs) + kms
  'pseudonym:read', // secretsmanager:GetSecretValue on the pseudonymization secret + kms:Decrypt
  'athena:query', // start/poll/stop queries in the platform workgroup, Glue read, results bucket
  'athena:results', // poll queries and read their results (workgroup, results bucket athena/*): no start, no data
  'glue:register', // glue:CreateTable/UpdateTable/GetTable on the platform database only
  'events:publish', // events:PutEvents on the platform bus (CatalogPublished -> site rebuild)
  // DynamoDB Get/Put/Update/Query on counter items only (partition keys CTR#..., dynamodb:LeadingKeys):
  // rate limits, quotas, usage counts. Added to every handler with routes (see resolveHandlers).
  'counters:write',
  // DynamoDB GetItem on API-key items only (partition keys apikey#..., dynamodb:LeadingKeys): the access
  // middleware's key lookup. Added to every handler with routes that has no catalog:read (see resolveHandlers).
  'keys:read',
  'alerts:publish', // sns:Publish on the alerts topic (privacy concerns -> department / admin e-mail)
  // The files gate's reconciliation: describe, list, get, put and UpdateKeys (batched puts); no S3, no
  // CloudFront invalidation. The maintenance function's, which brings the gate in line with the catalogue.
  'files:reconcile',
  // codebuild:StartBuild on the site rebuild project only: the maintenance function starts a build again
  // when the last one failed (the build's marker, read under catalog/ with published:read, is stale).
  'site:rebuild',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * An EventBridge schedule invoking a handler with a fixed JSON input (no `routeKey`: the handler
 * recognises a scheduled task by `input.task`). `expression` is an EventBridge schedule expression.
 */
export interface ScheduleSpec {
  /** PascalCase construct id, e.g. `WebhookSweep`. */
  readonly id: string;
  /** `rate(1 minute)` or `cron(15 3 * * ? *)`. */
  readonly expression: string;
  readonly input: { readonly task: string };
  readonly description: string;
}

export interface InfraHandlerSpec extends HandlerSpec {
  readonly events?: readonly string[];
  readonly access?: readonly string[];
  readonly schedules?: readonly ScheduleSpec[];
}

/**
 * Access for the handlers we know about. A handler not listed here and without an `access`
 * property gets DEFAULT_UNKNOWN_ACCESS (read-only catalogue): new handlers deploy with no infra
 * change, and anything that writes must be granted explicitly (here or via `access`).
 */
export const DEFAULT_ACCESS: Readonly<Record<string, readonly Capability[]>> = {
  health: [],
  // Serves a static document built from the route table.
  openapi: [],
  catalog: ['catalog:read'],
  // Downloads answer with a 302 to CloudFront: no S3 access needed, only the catalogue lookup.
  download: ['catalog:read'],
  // Versions above ATHENA_THRESHOLD_BYTES are submitted to Athena (workgroup + Glue read + results bucket).
  query: ['catalog:read', 'published:read', 'athena:query'],
  // Polls those Athena jobs, reads their results and presigns the result CSV (results bucket athena/*).
  queryJobs: ['catalog:read', 'athena:results'],
  // One read-only SELECT over published Parquet (copied to /tmp): never writes anything.
  sql: ['catalog:read', 'published:read'],
  // API-key admin: issues, lists and revokes key records in the table; audits both in the ledger.
  keys: ['catalog:read', 'keys:write', 'ledger:append'],
  // Usage metrics and scorecards, Atom feeds: read the catalogue (and counters), never write data.
  metrics: ['catalog:read'],
  feeds: ['catalog:read'],
  // Feedback and data requests are stored in the table; a privacy concern alerts the department. The
  // one-rating and one-vote-per-client marks are keyed with the pseudonym secret (feedback-limits.ts).
  // Moderation, replies and status changes are audited in the ledger.
  // Each writes its own document kinds only (feedback:write, requests:write), never a dataset, version,
  // release or API key.
  feedback: ['catalog:read', 'feedback:write', 'ledger:append', 'alerts:publish', 'pseudonym:read'],
  requests: ['catalog:read', 'requests:write', 'ledger:append', 'alerts:publish', 'pseudonym:read'],
  // Subscriptions and delivery state in the table; deliveries are outbound HTTPS (no VPC, no AWS API).
  // It audits nothing: no ledger:append, so this role, which talks to arbitrary outside URLs, cannot
  // write the ledger's items at all; nor any item but its own subscriptions, deliveries and sweep state
  // (webhooks:write): it reads versions, never writes them.
  webhooks: ['catalog:read', 'webhooks:write'],
  // The release API: signs raw uploads (presigned PUT); checks a release submitted by hand (DuckDB
  // processor, pseudonym key, newest published Parquet for the diff); records approvals and queues their
  // publication (ReleaseApproved on the bus); withdrawal closes the version in the files gate, tags its
  // files (read denied by the bucket policy), invalidates them in CloudFront and queues the snapshot
  // refresh and ledger export (VersionWithdrawn on the bus, for the maintenance function); tells the
  // department when a release it checked awaits approval or failed (alerts topic). It never publishes a
  // version in AWS, so it registers no Glue table; published:write stays for an approval repeated after
  // its publication, which completes the snapshot and ledger export of that publication.
  // Every transition, withdrawal and change of the roles directory is appended to the audit ledger.
  releases: [
    'catalog:write',
    'ledger:append',
    'raw:presign-upload',
    'raw:read',
    'pseudonym:read',
    'published:read',
    'published:write',
    'events:publish',
    'published:withdraw',
    'alerts:publish',
  ],
  // The release pipeline outside API requests: submits a release when its last raw file arrives and runs
  // its checks; publishes approved releases (write-once datasets/, the catalogue snapshot and ledger
  // export, the Glue table of the version in the platform database, CatalogPublished); tells the
  // department when a release awaits approval, failed its checks or was not published (alerts topic);
  // opens each committed version in the files gate (until then CloudFront serves none of its files).
  // Never withdraws, never signs uploads. Audits submissions, checks, publications and scorecards.
  ingest: [
    'catalog:write',
    'ledger:append',
    'raw:read',
    'pseudonym:read',
    'published:read',
    'published:write',
    'events:publish',
    'glue:register',
    'alerts:publish',
    'files:open',
  ],
  // Housekeeping with a 15-minute limit (no routes, no DuckDB, arm64): reads the catalogue (and the
  // community documents) and the published previews; writes catalog/snapshot.json (announcing
  // CatalogPublished) and the write-once ledger export under datasets/_audit/; queues stalled
  // publications again (ReleaseApproved); reconciles the files gate (list + batched UpdateKeys). Not the
  // ingest function, although it has 15 minutes too: that one parses department uploads with DuckDB and
  // holds raw, pseudonym and Glue grants this work does not need, and would need the gate's listing and
  // batch writes it does not (files:open only describes, gets and puts). Starts the site build again when
  // the last one failed (site:rebuild). No table writes, no raw uploads, no pseudonym key, no alerts, no
  // S3 tagging or invalidation.
  maintenance: [
    'catalog:read',
    'published:read',
    'published:write',
    'events:publish',
    'files:reconcile',
    'site:rebuild',
  ],
};

/**
 * Scheduled work, reviewed like DEFAULT_ACCESS. Every task is idempotent and safe to overlap: the
 * sweep claims deliveries with conditional writes; the ledger export writes write-once files named by
 * the head's sequence number (an export of an unchanged ledger is a no-op); the scorecard dataset
 * publishes nothing new when the day's numbers did not change; the snapshot refresh writes only a
 * changed snapshot; the files-gate reconciliation writes only what differs, conditionally on the ETag.
 */
export const DEFAULT_SCHEDULES: Readonly<Record<string, readonly ScheduleSpec[]>> = {
  webhooks: [
    {
      id: 'WebhookSweep',
      expression: 'rate(1 minute)',
      input: { task: 'webhook-sweep' },
      description: 'Fan out new catalogue events to webhooks and retry due deliveries',
    },
  ],
  // The platform's own scorecard dataset, published through the gate (DuckDB) like any version, so by
  // the function that publishes versions (catalogue, published files, Glue table, snapshot).
  ingest: [
    {
      id: 'ScorecardDataset',
      expression: 'cron(45 3 * * ? *)',
      input: { task: 'scorecard-dataset' },
      description: 'Daily publication of the department scorecards as the dataset platform-scorecards',
    },
  ],
  // Scheduled work that reads the whole catalogue: in the maintenance function (15 minutes), not the
  // 30 s releases function that ran it before and stopped finishing at about a thousand datasets.
  maintenance: [
    {
      id: 'AuditLedgerExport',
      expression: 'cron(15 3 * * ? *)',
      input: { task: 'audit-ledger-export' },
      description: 'Daily export of the audit ledger as write-once files under datasets/_audit/',
    },
    {
      id: 'CatalogSnapshotRefresh',
      expression: 'rate(1 hour)',
      input: { task: 'catalog-snapshot-refresh' },
      description:
        'Reconcile the files gate, rewrite the catalogue snapshot (and so rebuild the site) when it changed, start the site build again when the last one failed, queue stalled publications again',
    },
  ],
};

export const DEFAULT_UNKNOWN_ACCESS: readonly Capability[] = ['catalog:read'];

export interface ResolvedHandler {
  readonly name: string;
  readonly spec: InfraHandlerSpec;
  readonly access: readonly Capability[];
  readonly events: readonly EventSource[];
  readonly routes: readonly RouteSpec[];
  readonly schedules: readonly ScheduleSpec[];
}

function fail(message: string): never {
  throw new Error(`functions/routes.ts: ${message}`);
}

/** Validates the table against what infra can build and resolves access and events per handler. */
export function resolveHandlers(
  handlers: Readonly<Record<string, InfraHandlerSpec>> = HANDLERS,
  routes: readonly RouteSpec[] = ROUTES,
): ResolvedHandler[] {
  const seen = new Set<string>();
  for (const r of routes) {
    if (!(r.handler in handlers)) fail(`route ${r.method} ${r.path} names unknown handler "${r.handler}"`);
    if (!r.path.startsWith('/v1/'))
      fail(`route ${r.method} ${r.path}: API paths must start with /v1/ (CloudFront forwards /v1/* only)`);
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) fail(`route ${key} is declared twice`);
    seen.add(key);
  }
  return Object.entries(handlers).map(([name, spec]) => {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) fail(`handler name "${name}" must be camelCase letters and digits`);
    const events = (spec.events ?? []).map((e) =>
      (EVENT_SOURCES as readonly string[]).includes(e)
        ? (e as EventSource)
        : fail(`handler "${name}" has unknown event source "${e}" (known: ${EVENT_SOURCES.join(', ')})`),
    );
    const access = (spec.access ?? DEFAULT_ACCESS[name] ?? DEFAULT_UNKNOWN_ACCESS).map((c) =>
      (CAPABILITIES as readonly string[]).includes(c)
        ? (c as Capability)
        : fail(`handler "${name}" asks for unknown capability "${c}" (known: ${CAPABILITIES.join(', ')})`),
    );
    const own = routes.filter((r) => r.handler === name);
    const schedules = spec.schedules ?? DEFAULT_SCHEDULES[name] ?? [];
    for (const sc of schedules) {
      if (!/^(rate|cron)\(.+\)$/.test(sc.expression)) fail(`handler "${name}" schedule ${sc.id}: bad expression`);
    }
    return { name, spec, access: own.length ? withAccessCheck(access) : access, events, routes: own, schedules };
  });
}

/**
 * What the access middleware needs on every API route: its counters (rate limits, quotas, usage), and
 * the lookup of a presented API key — `keys:read` unless the handler reads the catalogue anyway.
 * Without it a client sending a key to /v1/health got a 500 (the key lookup was denied).
 */
function withAccessCheck(access: readonly Capability[]): Capability[] {
  const out = [...access];
  if (!out.includes('counters:write')) out.push('counters:write');
  const readsKeys = out.some((c) => c === 'catalog:read' || c === 'catalog:write' || c === 'keys:read');
  if (!readsKeys) out.push('keys:read');
  return out;
}

/** Largest timeout among handlers consuming an event source (sizes the queue's visibility timeout). */
export function maxTimeoutFor(
  source: EventSource,
  handlers: readonly ResolvedHandler[] = resolveHandlers(),
): number | undefined {
  const timeouts = handlers.filter((h) => h.events.includes(source)).map((h) => h.spec.timeoutSeconds);
  return timeouts.length ? Math.max(...timeouts) : undefined;
}
