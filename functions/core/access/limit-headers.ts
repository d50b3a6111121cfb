/**
 * The headers the access tiers put on API responses (usecases/access/check-access.ts), with what they
 * mean: ONE list, from which the middleware writes them, CORS exposes them (http/cors.ts) and the
 * OpenAPI document declares them (http/openapi/build-openapi.ts).
 */
export const RATE_LIMIT_HEADERS = {
  limit: limitHeader(
    'X-RateLimit-Limit',
    "Requests allowed in the current window: the caller's per-minute rate (an API key's, or the anonymous limit); on a 429 for a used-up daily quota, the quota",
  ),
  remaining: limitHeader('X-RateLimit-Remaining', 'Requests left in the current window (approximate)'),
  reset: limitHeader('X-RateLimit-Reset', 'Seconds until the current window ends'),
} as const;

/** Sent to API key holders only, on every answer once the key is verified (429 and 403 included). */
export const QUOTA_HEADERS = {
  limit: limitHeader('X-Quota-Limit', "The API key's daily quota (requests per UTC day)"),
  remaining: limitHeader('X-Quota-Remaining', "Requests left in the key's daily quota (approximate)"),
  reset: limitHeader('X-Quota-Reset', 'Seconds until the daily quota resets (00:00 UTC)'),
} as const;

/** On 429 (rate limit or quota) and 503 (the access check could not reach its storage). */
export const RETRY_AFTER_HEADER = limitHeader('Retry-After', 'Seconds to wait before retrying');

/** One header: its wire name (lower case, as API Gateway v2 carries it), its usual spelling, its meaning. */
export type LimitHeader = { readonly name: string; readonly header: string; readonly description: string };

/** The header by its usual spelling; its wire name is that in lower case. */
function limitHeader(header: string, description: string): LimitHeader {
  return { name: header.toLowerCase(), header, description };
}
