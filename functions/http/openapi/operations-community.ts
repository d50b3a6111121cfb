import { type Obj, problems } from './operations-public.ts';
import { ID_PARAM } from './parameters.ts';

/**
 * Operations of the metrics, feedback, data-request, webhook and feed routes. Their handlers belong
 * to other slices: answers are described loosely (JSON objects) until those slices export zod schemas
 * for them; what matters here is that every route is listed with its parameters and error answers.
 */

const PATH_PARAM_DESCRIPTIONS: Record<string, string> = {
  department: 'Department (publisher) id',
  fid: 'Feedback id',
  rid: 'Data request id',
  wid: 'Webhook id',
};

type Kind = 'read' | 'write' | 'admin-read' | 'admin-write';

function op(operationId: string, tag: string, summary: string, path: string, kind: Kind, extra: Obj = {}): Obj {
  const params = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) =>
    name === 'id'
      ? ID_PARAM
      : {
          name,
          in: 'path',
          required: true,
          description: PATH_PARAM_DESCRIPTIONS[name!] ?? name,
          schema: { type: 'string' },
        },
  );
  const write = kind === 'write' || kind === 'admin-write';
  const admin = kind.startsWith('admin');
  return {
    operationId,
    tags: [tag],
    summary,
    ...(params.length ? { parameters: params } : {}),
    ...(write
      ? { requestBody: { required: false, content: { 'application/json': { schema: { type: 'object' } } } } }
      : {}),
    responses: {
      '200': { description: 'The answer', content: { 'application/json': { schema: { type: 'object' } } } },
      ...problems(
        ...(write ? (['BadRequest'] as const) : []),
        ...(admin ? (['Unauthorized', 'Forbidden'] as const) : []),
        ...(params.length ? (['NotFound'] as const) : []),
        ...(!write && !admin && !params.length ? (['BadRequest'] as const) : []),
      ),
    },
    ...extra,
  };
}

/** An operation with more problem answers. */
const withProblems =
  (...names: Parameters<typeof problems>) =>
  (o: Obj): Obj => ({ ...o, responses: { ...(o.responses as Obj), ...problems(...names) } });
/** Re-enabling answers 409 when the webhook cannot be enabled (its key is not active; an admin disabled it). */
const withConflict = withProblems('Conflict');
/** Routes that read JSON only (no HTML form posts to them): another Content-Type is a 415. */
const jsonOnly = withProblems('UnsupportedMediaType');

const ATOM = {
  responses: {
    '200': { description: 'Atom feed', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
    ...problems('NotFound'),
  },
};

export const COMMUNITY_OPERATIONS: Record<string, Obj> = {
  'GET /v1/metrics/usage': op('getUsage', 'Metrics', 'Usage of the calling API key', '/v1/metrics/usage', 'read'),
  'GET /v1/metrics/datasets/{id}': op(
    'getDatasetMetrics',
    'Metrics',
    'Downloads and queries of a dataset',
    '/v1/metrics/datasets/{id}',
    'read',
  ),
  'GET /v1/admin/metrics/usage': op(
    'getAllUsage',
    'Metrics',
    'Usage of every key (admin)',
    '/v1/admin/metrics/usage',
    'admin-read',
  ),
  'GET /v1/admin/metrics/datasets/{id}': op(
    'getDatasetMetricsAdmin',
    'Metrics',
    'Detailed metrics of a dataset (admin)',
    '/v1/admin/metrics/datasets/{id}',
    'admin-read',
  ),
  'GET /v1/scorecards': op('listScorecards', 'Metrics', 'Department scorecards', '/v1/scorecards', 'read'),
  'GET /v1/scorecards/{department}': op(
    'getScorecard',
    'Metrics',
    'Scorecard of a department',
    '/v1/scorecards/{department}',
    'read',
  ),
  'POST /v1/datasets/{id}/feedback': op(
    'createFeedback',
    'Feedback',
    'Rate, comment on or report a problem with a dataset',
    '/v1/datasets/{id}/feedback',
    'write',
  ),
  'GET /v1/datasets/{id}/feedback': op(
    'listDatasetFeedback',
    'Feedback',
    'Published feedback of a dataset',
    '/v1/datasets/{id}/feedback',
    'read',
  ),
  'GET /v1/feedback': op(
    'listFeedback',
    'Feedback',
    'All feedback, for moderation (admin)',
    '/v1/feedback',
    'admin-read',
  ),
  'GET /v1/feedback/{fid}': op(
    'getFeedback',
    'Feedback',
    'One feedback item (admin)',
    '/v1/feedback/{fid}',
    'admin-read',
  ),
  'POST /v1/feedback/{fid}/moderation': jsonOnly(
    op(
      'moderateFeedback',
      'Feedback',
      'Publish or hide a feedback item (admin)',
      '/v1/feedback/{fid}/moderation',
      'admin-write',
    ),
  ),
  'POST /v1/feedback/{fid}/replies': jsonOnly(
    op('replyFeedback', 'Feedback', 'Reply to a feedback item (admin)', '/v1/feedback/{fid}/replies', 'admin-write'),
  ),
  'GET /v1/requests': op('listDataRequests', 'Data requests', 'Data requests', '/v1/requests', 'read'),
  'POST /v1/requests': op('createDataRequest', 'Data requests', 'Ask for a dataset', '/v1/requests', 'write'),
  'GET /v1/requests/{rid}': op('getDataRequest', 'Data requests', 'One data request', '/v1/requests/{rid}', 'read'),
  'POST /v1/requests/{rid}/votes': op(
    'voteDataRequest',
    'Data requests',
    'Vote for a data request',
    '/v1/requests/{rid}/votes',
    'write',
  ),
  'PUT /v1/requests/{rid}/status': jsonOnly(
    op(
      'setDataRequestStatus',
      'Data requests',
      'Set the status of a data request (admin)',
      '/v1/requests/{rid}/status',
      'admin-write',
    ),
  ),
  'POST /v1/webhooks': jsonOnly(
    op('createWebhook', 'Webhooks', 'Subscribe a webhook (API key holders)', '/v1/webhooks', 'write'),
  ),
  'GET /v1/webhooks': op('listWebhooks', 'Webhooks', 'Webhooks of the calling key', '/v1/webhooks', 'read'),
  'GET /v1/webhooks/{wid}': op('getWebhook', 'Webhooks', 'One webhook', '/v1/webhooks/{wid}', 'read'),
  'GET /v1/webhooks/{wid}/deliveries': op(
    'listWebhookDeliveries',
    'Webhooks',
    'Deliveries of a webhook',
    '/v1/webhooks/{wid}/deliveries',
    'read',
  ),
  'POST /v1/webhooks/{wid}/enable': withConflict(
    op('enableWebhook', 'Webhooks', 'Enable a webhook', '/v1/webhooks/{wid}/enable', 'write'),
  ),
  'POST /v1/webhooks/{wid}/disable': op(
    'disableWebhook',
    'Webhooks',
    'Disable a webhook',
    '/v1/webhooks/{wid}/disable',
    'write',
  ),
  'GET /v1/admin/webhooks': op(
    'listAllWebhooks',
    'Webhooks',
    'Every webhook (admin)',
    '/v1/admin/webhooks',
    'admin-read',
  ),
  'GET /v1/admin/webhooks/{wid}': op(
    'getWebhookAdmin',
    'Webhooks',
    'One webhook (admin)',
    '/v1/admin/webhooks/{wid}',
    'admin-read',
  ),
  'GET /v1/admin/webhooks/{wid}/deliveries': op(
    'listWebhookDeliveriesAdmin',
    'Webhooks',
    'Deliveries of a webhook (admin)',
    '/v1/admin/webhooks/{wid}/deliveries',
    'admin-read',
  ),
  'POST /v1/admin/webhooks/{wid}/enable': withConflict(
    op(
      'enableWebhookAdmin',
      'Webhooks',
      'Re-enable a disabled webhook (admin)',
      '/v1/admin/webhooks/{wid}/enable',
      'admin-write',
    ),
  ),
  'POST /v1/admin/webhooks/{wid}/disable': op(
    'disableWebhookAdmin',
    'Webhooks',
    'Disable a webhook (admin)',
    '/v1/admin/webhooks/{wid}/disable',
    'admin-write',
  ),
  'GET /v1/feeds/datasets/{id}': op(
    'getDatasetFeed',
    'Feeds',
    "Atom feed of a dataset's versions",
    '/v1/feeds/datasets/{id}',
    'read',
    ATOM,
  ),
  'GET /v1/feeds/departments/{department}': op(
    'getDepartmentFeed',
    'Feeds',
    "Atom feed of a department's datasets",
    '/v1/feeds/departments/{department}',
    'read',
    ATOM,
  ),
};
