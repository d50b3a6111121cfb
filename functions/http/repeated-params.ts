import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FACET_DIMENSIONS } from '../core/catalog/search/search-request.ts';
import { badRequest } from '../core/errors.ts';

/**
 * Parameters that are lists by design, by route: a repeated one means "any of these", and its values
 * arriving comma-joined (below) is what the route expects.
 */
const LIST_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'GET /v1/datasets': FACET_DIMENSIONS,
  'GET /v1/metrics/usage': ['groupBy'],
  'GET /v1/metrics/datasets/{id}': ['groupBy'],
  'GET /v1/admin/metrics/usage': ['groupBy'],
  'GET /v1/admin/metrics/datasets/{id}': ['groupBy'],
};

/** Names that occur more than once in a raw query string (decoded, as API Gateway decodes them). */
export function repeatedParams(rawQueryString: string | undefined): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const [name] of new URLSearchParams(rawQueryString ?? '')) {
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  return [...repeated];
}

/**
 * API Gateway (and the local server, which builds the same events) joins a repeated parameter's
 * values with commas in `queryStringParameters`: `?weather=snow&weather=fog` would read as the one
 * value "snow,fog" and `$limit=5&$limit=2` as "5,2". Unless the route takes a list there, a repeated
 * parameter is refused with a 400 naming it, before any handler reads the joined value.
 */
export const rejectRepeatedParams: middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> = {
  before: async (request) => {
    const event = request.event;
    const lists = LIST_PARAMS[event.routeKey] ?? [];
    const refused = repeatedParams(event.rawQueryString).filter((name) => !lists.includes(name));
    if (!refused.length) return;
    throw badRequest({
      detail: `query parameter${refused.length > 1 ? 's' : ''} given more than once: ${refused.join(', ')}`,
      hint: "give each parameter once; to match several values of a column in a query, use $where, e.g. weather IN ('snow', 'fog')",
      errors: refused.map((name) => ({
        where: `query.${name}`,
        message: 'given more than once',
        zh: { message: '出现了不止一次' },
      })),
      zh: {
        detail: `查询参数出现了不止一次：${refused.join('、')}`,
        hint: "每个参数只给一次；要在查询中匹配某列的多个值，请用 $where，例如 weather IN ('snow', 'fog')",
      },
    });
  },
};
