/**
 * The infrastructure's view of functions/routes.ts. The route table stays the single source of truth;
 * this module only widens its types with the optional properties infra understands, and fills in
 * what the table does not say (the IAM access of each handler) from a small, reviewed default map.
 *
 * Optional properties a HANDLERS entry may carry (no infra change needed when they appear):
 *   - `events: ['raw-uploads']`  the handler is not (only) HTTP: it consumes the raw-upload queue
 *                                (S3 ObjectCreated under `uploads/` -> SQS -> Lambda, SQS batch event).
 *   - `access: Capability[]`     the IAM capabilities it needs; overrides DEFAULT_ACCESS below.
 */
import { HANDLERS, type HandlerSpec, ROUTES, type RouteSpec } from '../functions/routes.ts';

/** Event sources infra can wire to a handler. */
export const EVENT_SOURCES = ['raw-uploads'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/**
 * What a function may do, in platform terms. Each capability maps to a fixed, prefix-scoped set of
 * IAM statements in constructs/handler-access.ts; there is no capability granting `*` on data.
 */
export const CAPABILITIES = [
  'catalog:read', // DynamoDB GetItem/Query/BatchGetItem on the table and its indexes
  'catalog:write', // plus PutItem/UpdateItem/DeleteItem/BatchWriteItem (conditional writes)
  'published:read', // s3:GetObject on published datasets/* and catalog/*, ListBucket on those prefixes
  'published:write', // s3:PutObject on datasets/* (write-once, enforced by bucket policy) and catalog/*
  'raw:read', // s3:GetObject on raw uploads/* + kms:Decrypt on the data key
  'raw:presign-upload', // s3:PutObject on raw uploads/* (to sign department upload URLs) + kms
  'pseudonym:read', // secretsmanager:GetSecretValue on the pseudonymization secret + kms:Decrypt
  'athena:query', // start/poll/stop queries in the platform workgroup, Glue read, results bucket
  'glue:register', // glue:CreateTable/UpdateTable/GetTable on the platform database only
  'events:publish', // events:PutEvents on the platform bus (CatalogPublished -> site rebuild)
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface InfraHandlerSpec extends HandlerSpec {
  readonly events?: readonly string[];
  readonly access?: readonly string[];
}

/**
 * Access for the handlers we know about. A handler not listed here and without an `access`
 * property gets DEFAULT_UNKNOWN_ACCESS (read-only catalogue): new handlers deploy with no infra
 * change, and anything that writes must be granted explicitly (here or via `access`).
 */
export const DEFAULT_ACCESS: Readonly<Record<string, readonly Capability[]>> = {
  health: [],
  catalog: ['catalog:read'],
  // Downloads answer with a 302 to CloudFront: no S3 access needed, only the catalogue lookup.
  download: ['catalog:read'],
  query: ['catalog:read', 'published:read', 'athena:query'],
  // Validates an upload and records the release as pending approval; desensitization preview needs the key.
  ingest: ['raw:read', 'catalog:write', 'pseudonym:read'],
  // Department release routes: create releases, sign uploads, approve (second person).
  releases: ['catalog:write', 'raw:presign-upload'],
  // Writes the immutable version, registers the Glue table and announces the new catalogue.
  publish: ['raw:read', 'catalog:write', 'pseudonym:read', 'published:write', 'glue:register', 'events:publish'],
  feedback: ['catalog:write'],
};

export const DEFAULT_UNKNOWN_ACCESS: readonly Capability[] = ['catalog:read'];

export interface ResolvedHandler {
  readonly name: string;
  readonly spec: InfraHandlerSpec;
  readonly access: readonly Capability[];
  readonly events: readonly EventSource[];
  readonly routes: readonly RouteSpec[];
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
    return { name, spec, access, events, routes: routes.filter((r) => r.handler === name) };
  });
}

/** Largest timeout among handlers consuming an event source (sizes the queue's visibility timeout). */
export function maxTimeoutFor(
  source: EventSource,
  handlers: readonly ResolvedHandler[] = resolveHandlers(),
): number | undefined {
  const timeouts = handlers.filter((h) => h.events.includes(source)).map((h) => h.spec.timeoutSeconds);
  return timeouts.length ? Math.max(...timeouts) : undefined;
}
