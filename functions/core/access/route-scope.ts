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
