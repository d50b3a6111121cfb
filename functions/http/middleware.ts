import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { isAppError } from '../core/errors.ts';
import { getDeps } from '../wiring/compose.ts';
import { accessControl } from './access-control.ts';
import { logger, metrics, tracing } from './observability.ts';
import { toProblem } from './problem.ts';
import { rejectRepeatedParams } from './repeated-params.ts';

export { logger } from './observability.ts';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The middy chain every API handler uses: tracing, EMF metrics (cold starts, responses by route and
 * status class), and errors turned into problem+json through the ONE mapping; unexpected errors are
 * logged (name and stack, no request data) and answered as a bare 500. `accessControl` applies the
 * access tiers: rate limits and quotas, X-RateLimit-* on every response, usage metering. A repeated
 * query parameter is a 400 unless the route takes a list there (`repeated-params.ts`).
 */
export function apiHandler(fn: ApiHandler) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(fn)
    .use(tracing)
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(accessControl(getDeps))
    .use(rejectRepeatedParams)
    .use({
      after: async (request) => countResponse(request.event, request.response?.statusCode ?? 200),
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
        countResponse(request.event, request.response.statusCode ?? 500);
      },
    });
}

function countResponse(event: APIGatewayProxyEventV2, status: number): void {
  // Bounded dimensions only (the route template and the status class): no ids, no client data.
  metrics.addDimensions({ route: event.routeKey ?? 'unknown', status: `${Math.floor(status / 100)}xx` });
  metrics.addMetric('responses', MetricUnit.Count, 1);
}
