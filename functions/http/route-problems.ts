import { AppError, notFound } from '../core/errors.ts';

/**
 * The answers for a request no route takes, in English and Chinese: a handler given a route key it
 * does not serve (API Gateway sent it a route of another function), and, on the local server, a path
 * no route matches or a method the path does not take.
 */

/** 404 from a handler: `routeKey` (`GET /v1/…`) is not one of its routes. */
export const noRoute = (routeKey: string): AppError =>
  notFound({
    detail: `no route ${routeKey}`,
    hint: 'see /v1/openapi.json',
    zh: { detail: `没有接口 ${routeKey}`, hint: '请查看 /v1/openapi.json' },
  });

/** 404: no API route has this path. */
export const noApiRoute = (path: string): AppError =>
  new AppError('not-found', 404, 'Not found', {
    detail: `no API route ${path}`,
    hint: 'see /v1/openapi.json',
    zh: { detail: `没有 API 接口 ${path}`, hint: '请查看 /v1/openapi.json' },
  });

/** 405: the path takes only the `allowed` methods (RFC 9110 15.5.6: the answer lists them in Allow). */
export const methodNotAllowed = (method: string, path: string, allowed: readonly string[]): AppError =>
  new AppError('method-not-allowed', 405, 'Method not allowed', {
    detail: `${method} is not allowed on ${path}`,
    hint: `use ${allowed.join(' or ')}; see /v1/openapi.json`,
    zh: { detail: `${path} 不接受 ${method} 方法`, hint: `请使用 ${allowed.join(' 或 ')}；参见 /v1/openapi.json` },
  });
