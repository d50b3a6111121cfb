import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { isAppError } from '../core/errors.ts';
import { toProblem } from './problem.ts';

/** Structured logger: request ids and routes only; never query strings, bodies or client addresses. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'opendata' });

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The middy chain every API handler uses: errors become problem+json through the ONE mapping;
 * unexpected errors are logged (name and stack, no request data) and answered as a bare 500.
 */
export function apiHandler(fn: ApiHandler) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(fn).use({
    onError: async (request) => {
      const err = request.error;
      if (!isAppError(err)) {
        logger.error('unhandled error', {
          route: request.event.routeKey,
          requestId: request.event.requestContext?.requestId,
          error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
        });
      }
      request.response = toProblem(err, request.event.rawPath);
    },
  });
}
