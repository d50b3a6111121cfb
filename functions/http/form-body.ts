import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { badRequest } from '../core/errors.ts';
import { header } from './response.ts';

/** A body as JSON or as an HTML form (`application/x-www-form-urlencoded`), and which it was. */
export function readBody(event: APIGatewayProxyEventV2): { body: unknown; form: boolean } {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (raw.length > 64 * 1024) throw badRequest({ detail: 'the body is too large (64 KiB at most)' });
  const type = (header(event, 'content-type') ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(raw);
    const out: Record<string, string> = {};
    for (const [k, v] of params) if (v !== '') out[k] = v;
    return { body: out, form: true };
  }
  if (!raw) return { body: {}, form: false };
  try {
    return { body: JSON.parse(raw), form: false };
  } catch {
    throw badRequest({ detail: 'the body is not JSON', hint: 'send application/json or an HTML form' });
  }
}

/**
 * After a plain HTML form POST: 303 back to the page it came from (a same-site path only: never an
 * open redirect), with a status the page shows.
 */
export function backToPage(returnTo: unknown, fallback: string, status: string): APIGatewayProxyStructuredResultV2 {
  const path = typeof returnTo === 'string' && /^\/(?!\/)[^\s\\]*$/.test(returnTo) ? returnTo : fallback;
  const [base, hash] = path.split('#');
  const sep = (base ?? '').includes('?') ? '&' : '?';
  return {
    statusCode: 303,
    headers: {
      location: `${base}${sep}sent=${encodeURIComponent(status)}${hash ? `#${hash}` : ''}`,
      'cache-control': 'no-store',
    },
    body: '',
  };
}

export const sourceIpOf = (event: APIGatewayProxyEventV2): string => event.requestContext?.http?.sourceIp ?? 'unknown';
