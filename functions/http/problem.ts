import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type AppError, isAppError } from '../core/errors.ts';

/** Where problem `type` URIs point: a page per problem type on the catalogue site. */
export const PROBLEM_BASE = '/problems/';

/**
 * THE mapping from errors to RFC 9457 problem+json. AppErrors show their detail, hint and field
 * errors; anything else is a 500 that says nothing about internals.
 */
export function toProblem(err: unknown, instance?: string): APIGatewayProxyStructuredResultV2 {
  const e: AppError | undefined = isAppError(err) ? err : undefined;
  const status = e?.status ?? 500;
  const body = e
    ? {
        type: `${PROBLEM_BASE}${e.slug}`,
        title: e.title,
        status,
        detail: e.detail,
        ...(e.hint ? { hint: e.hint } : {}),
        ...(e.errors.length ? { errors: e.errors } : {}),
        ...(instance ? { instance } : {}),
        ...e.extensions,
      }
    : {
        type: `${PROBLEM_BASE}internal`,
        title: 'Internal error',
        status: 500,
        detail: 'Something went wrong on our side. It has been logged; please retry later.',
        zh: { detail: '服务器内部出错，已记录在日志中；请稍后重试。' },
        ...(instance ? { instance } : {}),
      };
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
  };
  const retryAfter = e?.extensions.retryAfter;
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  return { statusCode: status, headers, body: JSON.stringify(body) };
}
