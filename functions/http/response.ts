import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { etagMatches } from './etag.ts';

export type Caching = 'immutable' | 'short' | 'none';

const CACHE_CONTROL: Record<Caching, string> = {
  immutable: 'public, max-age=31536000, immutable',
  short: 'public, max-age=60, stale-while-revalidate=60',
  none: 'no-store',
};

/**
 * A JSON response with a strong ETag; answers 304 when the client already has it.
 * Version-pinned resources are immutable; `latest` and listings are short-lived.
 */
export function json(
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
  body: unknown,
  options: { status?: number; caching?: Caching; headers?: Record<string, string> } = {},
): APIGatewayProxyStructuredResultV2 {
  const text = JSON.stringify(body);
  return withEtag(event, {
    statusCode: options.status ?? 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': CACHE_CONTROL[options.caching ?? 'short'],
      ...options.headers,
    },
    body: text,
  });
}

export function text(
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
  body: string,
  contentType: string,
  options: { status?: number; caching?: Caching; headers?: Record<string, string> } = {},
): APIGatewayProxyStructuredResultV2 {
  return withEtag(event, {
    statusCode: options.status ?? 200,
    headers: {
      'content-type': contentType,
      'cache-control': CACHE_CONTROL[options.caching ?? 'short'],
      ...options.headers,
    },
    body,
  });
}

export function redirect(location: string, caching: Caching): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 302, headers: { location, 'cache-control': CACHE_CONTROL[caching] }, body: '' };
}

export function cacheControl(caching: Caching): string {
  return CACHE_CONTROL[caching];
}

function withEtag(
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
  res: APIGatewayProxyStructuredResultV2 & { body: string },
): APIGatewayProxyStructuredResultV2 {
  const etag = `"${createHash('sha256').update(res.body).digest('base64url').slice(0, 27)}"`;
  const headers = { ...(res.headers as Record<string, string>), etag };
  const inm = header(event, 'if-none-match');
  if (inm && etagMatches(inm, etag, 'weak')) {
    return { statusCode: 304, headers, body: '' };
  }
  return { ...res, headers };
}

/** Case-insensitive header lookup (API Gateway lower-cases v2 headers; be tolerant anyway). */
export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const h = event.headers ?? {};
  return h[name] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
}
