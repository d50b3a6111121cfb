/**
 * The API's CORS contract, one list for CloudFront's response-headers policy (headers on responses)
 * and the HTTP API's preflight configuration (answers to OPTIONS): the open-data API and files are
 * meant to be called from other origins (read-only, no cookies). The local platform answers with the same
 * headers (functions/local/cors.ts).
 */
export const CORS = {
  /** API keys in either header; conditional (If-Match, If-None-Match) and range requests from browser code. */
  allowHeaders: ['content-type', 'x-api-key', 'authorization', 'if-match', 'if-none-match', 'range', 'if-range'],
  allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
  /**
   * What a browser client needs to page (link, x-total-count, x-truncated), back off (retry-after,
   * rate and quota headers), verify (digests) and name a download (content-disposition).
   */
  exposeHeaders: [
    'etag',
    'link',
    'x-total-count',
    'x-truncated',
    'retry-after',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
    'x-quota-limit',
    'x-quota-remaining',
    'x-quota-reset',
    'content-digest',
    'repr-digest',
    'content-disposition',
  ],
  maxAgeSeconds: 3600,
} as const;

/**
 * The CORS headers on a response (not a preflight's): any origin, and what a browser script may read.
 * The local platform (functions/local/cors.ts) and the files gate's CloudFront function, whose
 * answers the response-headers policy does not reach (infra/constructs/files-gate-function.ts).
 */
export const CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': CORS.exposeHeaders.join(', '),
};
