import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type AppError, badRequest, isAppError } from '../core/errors.ts';
import { isSitePath } from '../core/site/site-path.ts';
import type { AccessSettings } from '../usecases/access/settings.ts';
import { clientAddress } from './access-control.ts';
import { header } from './response.ts';

/** A body as JSON or as an HTML form (`application/x-www-form-urlencoded`), and which it was. */
export function readBody(event: APIGatewayProxyEventV2): { body: unknown; form: boolean } {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (raw.length > 64 * 1024) {
    throw badRequest({
      detail: 'the body is too large (64 KiB at most)',
      zh: { detail: '请求体太大（最多 64 KiB）' },
    });
  }
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
    throw badRequest({
      detail: 'the body is not JSON',
      hint: 'send application/json or an HTML form',
      zh: { detail: '请求体不是 JSON', hint: '请发送 application/json 或 HTML 表单' },
    });
  }
}

/**
 * After a plain HTML form POST: 303 back to the page it came from (a same-site path only: never an
 * open redirect), with `?sent=<status>` and the form's `#<fragment>-sent`, the thanks the page shows by
 * CSS alone (:target). Not the form's plain fragment: a link to a form (…/#feedback) is no thanks.
 */
export function backToPage(returnTo: unknown, fallback: string, status: string): APIGatewayProxyStructuredResultV2 {
  return seeOther(returnTo, fallback, new URLSearchParams({ sent: status }), (hash) =>
    hash ? `${hash}-sent` : undefined,
  );
}

/**
 * After a plain HTML form POST the API refused (4xx): 303 back to the page, not a problem+json page
 * the reader cannot use, with `?error=<type>&field=<name>…` and the form's `#<fragment>-error`, which
 * the page explains in its language (site/src/scripts/form-problem.ts). Same-site paths only.
 */
export function backToPageRefused(returnTo: unknown, fallback: string, e: AppError): APIGatewayProxyStructuredResultV2 {
  const q = new URLSearchParams({ error: e.slug });
  for (const err of e.errors ?? []) {
    const field = err.where.replace(/^body\./, '').split('.')[0];
    if (field && !q.getAll('field').includes(field)) q.append('field', field);
  }
  return seeOther(returnTo, fallback, q, (hash) => (hash ? `${hash}-error` : undefined));
}

function seeOther(
  returnTo: unknown,
  fallback: string,
  query: URLSearchParams,
  fragment: (hash: string | undefined) => string | undefined,
): APIGatewayProxyStructuredResultV2 {
  const path = typeof returnTo === 'string' && isSitePath(returnTo) ? returnTo : fallback;
  const [base, hash] = path.split('#');
  const sep = (base ?? '').includes('?') ? '&' : '?';
  const frag = fragment(hash);
  return {
    statusCode: 303,
    headers: { location: `${base}${sep}${query.toString()}${frag ? `#${frag}` : ''}`, 'cache-control': 'no-store' },
    body: '',
  };
}

/**
 * The submitting client, as the rate limiter sees it (access-control.ts clientAddress): behind
 * CloudFront the viewer's address, not the edge server's (one edge serves a whole region).
 */
export const sourceIpOf = (
  event: APIGatewayProxyEventV2,
  access: Pick<AccessSettings, 'clientIpHeader' | 'edgeToken'>,
): string => clientAddress(event, access.clientIpHeader, access.edgeToken);

/**
 * Runs a form-submitting use case: for a plain HTML form post a refusal (4xx) comes back as the 303 of
 * `backToPageRefused`; a JSON call, or a server error, throws as usual (problem+json).
 */
export async function refusedFormBack<T>(
  form: boolean,
  returnTo: unknown,
  fallback: string,
  run: () => Promise<T>,
): Promise<{ readonly value: T } | { readonly refused: APIGatewayProxyStructuredResultV2 }> {
  try {
    return { value: await run() };
  } catch (e) {
    if (form && isAppError(e) && e.status < 500) return { refused: backToPageRefused(returnTo, fallback, e) };
    throw e;
  }
}
