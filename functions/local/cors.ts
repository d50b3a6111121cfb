import type { IncomingMessage } from 'node:http';
import { CORS, CORS_RESPONSE_HEADERS } from '../http/cors.ts';

/**
 * CORS locally as CloudFront and the HTTP API do it in AWS (the same contract, functions/http/cors.ts):
 * any origin, no credentials; headers on responses to requests that carry an Origin; preflights
 * answered here. Only for the API and the files, as in AWS.
 */
export function corsApplies(pathname: string): boolean {
  return pathname.startsWith('/v1/') || pathname.startsWith('/files/');
}

/** An OPTIONS request a browser sends before a cross-origin request. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers.origin !== undefined && 'access-control-request-method' in req.headers;
}

export function preflightHeaders(): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': CORS.allowMethods.join(', '),
    'access-control-allow-headers': CORS.allowHeaders.join(', '),
    'access-control-max-age': String(CORS.maxAgeSeconds),
  };
}

/** Headers for the response to a request with an Origin (none without one). */
export function responseCorsHeaders(req: IncomingMessage): Record<string, string> {
  return req.headers.origin === undefined ? {} : { ...CORS_RESPONSE_HEADERS };
}
