import { z } from 'zod';
import {
  type LimitHeader,
  QUOTA_HEADERS,
  RATE_LIMIT_HEADERS,
  RETRY_AFTER_HEADER,
} from '../../core/access/limit-headers.ts';
import { scopeForHandler } from '../../core/access/route-scope.ts';
import { ROUTES, type RouteSpec } from '../../routes.ts';
import { ADMIN_OPERATIONS } from './operations-admin.ts';
import { COMMUNITY_OPERATIONS } from './operations-community.ts';
import { type Obj, PROBLEM_RESPONSES, PUBLIC_OPERATIONS, ref } from './operations-public.ts';
import { NAMED_SCHEMAS } from './schemas.ts';

/** One operation per route key. A route without one is listed by undocumentedRoutes() (a test fails). */
const OPERATIONS: Record<string, Obj> = { ...PUBLIC_OPERATIONS, ...ADMIN_OPERATIONS, ...COMMUNITY_OPERATIONS };

/** Security of public routes: anonymous, or an API key in either header. */
const PUBLIC_SECURITY = [{}, { apiKey: [] }, { bearerApiKey: [] }];

/** Routes of the route table with no OpenAPI operation: must stay empty (test/unit/api/openapi.test.ts). */
export function undocumentedRoutes(): string[] {
  return ROUTES.map(routeKey).filter((k) => !OPERATIONS[k]);
}

/** The component schemas, generated from the zod schemas with $refs between them. */
export function componentSchemas(): Record<string, Obj> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(out.schemas).map(([id, s]) => {
      const { $schema: _s, $id: _i, ...rest } = s as Obj;
      return [id, rest];
    }),
  );
}

export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** Builds the OpenAPI 3.1 document from the route table, the zod schemas and the operations above. */
export function buildOpenApi(options: { version?: string } = {}): Obj {
  const paths: Record<string, Record<string, Obj>> = {};
  for (const r of ROUTES) {
    // Serving never fails on a missing operation; the test does.
    const op = OPERATIONS[routeKey(r)] ?? {
      summary: `${routeKey(r)} (not documented yet)`,
      responses: { default: { description: 'Undocumented' } },
    };
    paths[r.path] ??= {};
    // Public routes need nothing, and take an API key for its higher limits and scopes: `{}` (anonymous) first.
    paths[r.path]![r.method.toLowerCase()] = {
      ...op,
      security: r.auth === 'iam' ? [{ iam: [] }] : PUBLIC_SECURITY,
      responses: withAccessAnswers(r, (op.responses ?? {}) as Obj),
    };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Open data platform API',
      version: options.version ?? '1',
      summary: 'Catalogue, downloads and queries of published open datasets',
      description:
        'Every dataset version is immutable: version-pinned answers are cacheable forever, `latest` ones are short-lived. Errors are RFC 9457 problem+json with a stable `type`, each saying it in simplified Chinese too (`zh`: `detail` and `hint`, and `message` on each of its `errors`). Answers carry X-RateLimit-* (and for API keys X-Quota-*); 429 and 503 carry Retry-After. A method a path does not take is answered 405 with `Allow` by the local platform, and 404 by API Gateway in AWS.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: 'Open data office' },
    },
    // Relative: the document is served by the API it describes, whatever the host (CloudFront or local).
    servers: [{ url: '/', description: 'The origin serving this document' }],
    tags: [
      { name: 'Catalogue', description: 'Datasets and versions' },
      { name: 'Downloads', description: 'Files of a version in every format' },
      { name: 'Query', description: 'SoQL queries and read-only SQL' },
      { name: 'Platform', description: 'Health and this description' },
      { name: 'Releases', description: 'Department releases, review and withdrawal (admin)' },
      { name: 'Admin', description: 'API keys (admin)' },
      { name: 'Metrics', description: 'Usage metrics and department scorecards' },
      { name: 'Feedback', description: 'Ratings, comments and problem reports on datasets' },
      { name: 'Data requests', description: 'Requests for new datasets, with votes' },
      { name: 'Webhooks', description: 'Signed notifications of new versions' },
      { name: 'Feeds', description: 'Atom feeds' },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.entries(PROBLEM_RESPONSES).map(([name, r]) => [
          name,
          {
            description: r.description,
            headers: {
              // 429 and 503 always say when to retry (http/problem.ts writes Retry-After from `retryAfter`).
              ...(r.status === '429' || r.status === '503' ? { 'Retry-After': headerRef('RetryAfter') } : {}),
              ...LIMIT_HEADER_REFS,
            },
            content: { 'application/problem+json': { schema: ref('Problem') } },
          },
        ]),
      ),
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description:
            'Optional on public routes: an API key issued by the platform team (docs/api-keys.md) gives its own rate limit, daily quota and scopes (`query`, `download`, `sql`); without one, anonymous limits apply per client',
        },
        bearerApiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'The same API key as `apiKey`, sent as `Authorization: Bearer <key>`',
        },
        iam: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'Admin routes: AWS Signature Version 4 (IAM) in AWS; a bearer token on the local platform',
        },
      },
      headers: {
        ETag: { description: 'Strong entity tag; send it back in If-None-Match for a 304', schema: { type: 'string' } },
        CacheControl: {
          description:
            'public, max-age=31536000, immutable for version-pinned answers; short-lived for latest and listings',
          schema: { type: 'string' },
        },
        ...Object.fromEntries(
          LIMIT_HEADERS.map(({ id, header }) => [
            id,
            { description: header.description, schema: { type: 'integer', minimum: 0 } },
          ]),
        ),
        RetryAfter: { description: RETRY_AFTER_HEADER.description, schema: { type: 'integer', minimum: 1 } },
      },
    },
  };
}

/**
 * The access tiers' headers (core/access/limit-headers.ts, what the middleware writes), as components:
 * `X-RateLimit-*` on every answer of a limited caller, `X-Quota-*` on every answer to a key holder.
 */
const LIMIT_HEADERS: ReadonlyArray<{ id: string; header: LimitHeader }> = [
  ...Object.values(RATE_LIMIT_HEADERS).map((h) => ({
    id: h.header.replaceAll('-', ''),
    header: {
      ...h,
      description: `${h.description}. Not sent by /v1/health and /v1/openapi.json to callers without an API key: those are not limited for them.`,
    },
  })),
  ...Object.values(QUOTA_HEADERS).map((h) => ({
    id: h.header.replaceAll('-', ''),
    header: { ...h, description: `${h.description}. API key holders only, on every answer once the key is verified.` },
  })),
];
const headerRef = (id: string) => ({ $ref: `#/components/headers/${id}` });
const LIMIT_HEADER_REFS: Obj = Object.fromEntries(
  LIMIT_HEADERS.map(({ id, header }) => [header.header, headerRef(id)]),
);

const problemRef = (name: keyof typeof PROBLEM_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

/**
 * An operation's answers with what the access middleware adds on its route (http/access-control.ts):
 * the limit headers on every answer (the shared problem answers declare them once), and on public
 * routes the answers an API key can draw: 400 for two different keys, 401 for a bad one, 403 for one
 * without the route's scope (core/access/route-scope.ts).
 */
function withAccessAnswers(route: RouteSpec, responses: Obj): Obj {
  const out: Obj = {};
  for (const [status, answer] of Object.entries(responses)) {
    const a = answer as Obj;
    out[status] = '$ref' in a ? a : { ...a, headers: { ...(a.headers as Obj | undefined), ...LIMIT_HEADER_REFS } };
  }
  if (route.auth === 'public') {
    out['400'] ??= problemRef('BadRequest');
    out['401'] ??= problemRef('Unauthorized');
    if (scopeForHandler(route.handler)) out['403'] ??= problemRef('Forbidden');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
