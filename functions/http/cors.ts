import { QUOTA_HEADERS, RATE_LIMIT_HEADERS, RETRY_AFTER_HEADER } from '../core/access/limit-headers.ts';

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
   * What a browser client needs to page (link, x-total-count, x-truncated, x-truncated-by), follow a
   * created or queued resource (location), back off (retry-after, rate and quota headers: the access
   * tiers' own list), verify and resume a file (etag, digests, content-range, accept-ranges) and name a
   * download (content-disposition). Content-Length and Cache-Control are readable without being listed.
   */
  exposeHeaders: [
    'etag',
    'link',
    'location',
    'x-total-count',
    'x-truncated',
    'x-truncated-by',
    RETRY_AFTER_HEADER.name,
    ...Object.values(RATE_LIMIT_HEADERS).map((h) => h.name),
    ...Object.values(QUOTA_HEADERS).map((h) => h.name),
    'content-digest',
    'repr-digest',
    'content-range',
    'accept-ranges',
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
