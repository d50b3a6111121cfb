import type { Scope } from './api-key.ts';

/**
 * The scope a key needs for a handler's routes. Handlers not listed (health, catalogue) need none:
 * any valid key, or none at all, may read the catalogue.
 */
const HANDLER_SCOPES: Readonly<Record<string, Scope>> = {
  query: 'query',
  download: 'download',
  sql: 'sql',
};

export function scopeForHandler(handler: string): Scope | undefined {
  return HANDLER_SCOPES[handler];
}

/**
 * Handlers an anonymous caller may call without counting against the anonymous per-minute limit: the
 * liveness check (a monitor behind a shared address must not see the platform down because others
 * used the limit) and the OpenAPI document (one small answer, the same for everyone, cacheable). A
 * request that sends an API key is checked and counted as on any route, so a key cannot be guessed
 * here without limit. API Gateway's stage throttling still bounds them.
 */
const ANONYMOUS_UNLIMITED: ReadonlySet<string> = new Set(['health', 'openapi']);

export function anonymousLimitApplies(handler: string): boolean {
  return !ANONYMOUS_UNLIMITED.has(handler);
}

/**
 * The anonymous per-minute budget a route draws on. The catalogue's metadata reads — the search and
 * list (`GET /v1/datasets`) and one dataset (`GET /v1/datasets/{id}`) — have their own, larger one:
 * they are cheap, cacheable answers (60 s at the CDN), and the site's search box asks them as the
 * visitor types, so on one shared budget a few searches by anyone behind the same address (an office,
 * a campus, a carrier NAT) would use up what their downloads and queries need. Everything else limited
 * (data: query, SQL, downloads; versions, diffs, feedback, requests, …) shares the general budget.
 * Routes are named by their route key (`GET /v1/datasets`, as in routes.ts).
 */
export type AnonymousBudget = 'catalog' | 'general';

const CATALOG_READS: ReadonlySet<string> = new Set(['GET /v1/datasets', 'GET /v1/datasets/{id}']);

export function anonymousBudgetOf(routeKey: string | undefined): AnonymousBudget {
  return routeKey !== undefined && CATALOG_READS.has(routeKey) ? 'catalog' : 'general';
}
