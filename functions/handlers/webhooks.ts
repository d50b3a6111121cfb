import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { forbidden } from '../core/errors.ts';
import { requireAdmin, requireApiKey } from '../http/auth-guard.ts';
import { readJsonBody } from '../http/json-body.ts';
import { apiHandler, logger } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import {
  getWebhook,
  listDeliveries,
  listWebhooks,
  registerWebhook,
  setWebhookStatus,
  type WebhookViewer,
} from '../usecases/webhooks.ts';
import { runWebhooks } from '../usecases/webhooks-dispatch.ts';
import { getDeps } from '../wiring/compose.ts';

/** Registration reads JSON only. */
const WEBHOOK_BODY = { empty: {}, example: '{"url": "https://example.org/hook", "events": ["version.published"]}' };

const api = apiHandler(async (event) => {
  const deps = getDeps();
  const admin = event.routeKey.includes(' /v1/admin/');
  const viewer: WebhookViewer = admin
    ? await requireAdmin(deps, event).then((p) => ({ kind: 'admin' as const, id: p.id }))
    : requireApiKey(event);
  const id = event.pathParameters?.wid ?? '';
  switch (event.routeKey) {
    case 'POST /v1/webhooks': {
      if (viewer.kind !== 'key') {
        throw forbidden({
          detail: 'a webhook is registered with an API key',
          hint: 'send POST /v1/webhooks with X-API-Key: odk_…',
          zh: { detail: 'webhook 要用 API 密钥登记', hint: '请带上 X-API-Key: odk_… 发送 POST /v1/webhooks' },
        });
      }
      return json(event, await registerWebhook(deps, viewer.keyId, readJsonBody(event, WEBHOOK_BODY)), {
        status: 201,
        caching: 'none',
      });
    }
    case 'GET /v1/webhooks':
    case 'GET /v1/admin/webhooks':
      return json(event, { webhooks: await listWebhooks(deps, viewer) }, { caching: 'none' });
    case 'GET /v1/webhooks/{wid}':
    case 'GET /v1/admin/webhooks/{wid}':
      return json(event, await getWebhook(deps, viewer, id), { caching: 'none' });
    case 'GET /v1/webhooks/{wid}/deliveries':
    case 'GET /v1/admin/webhooks/{wid}/deliveries': {
      const limit = Number(event.queryStringParameters?.limit ?? 100) || 100;
      return json(event, { deliveries: await listDeliveries(deps, viewer, id, limit) }, { caching: 'none' });
    }
    case 'POST /v1/webhooks/{wid}/enable':
    case 'POST /v1/admin/webhooks/{wid}/enable':
      return json(event, await setWebhookStatus(deps, viewer, id, 'active'), { caching: 'none' });
    case 'POST /v1/webhooks/{wid}/disable':
    case 'POST /v1/admin/webhooks/{wid}/disable':
      return json(event, await setWebhookStatus(deps, viewer, id, 'disabled'), { caching: 'none' });
    default:
      throw noRoute(event.routeKey);
  }
});

/**
 * Webhooks API, and the delivery sweep: an EventBridge schedule invokes this function every minute
 * with a scheduled event (no routeKey), which fans out new events and retries due deliveries.
 */
export const handler = async (event: APIGatewayProxyEventV2 | { source?: string }, context: never) => {
  if (!('routeKey' in event) || !event.routeKey) {
    const r = await runWebhooks(getDeps());
    logger.info('webhook sweep', r);
    return r;
  }
  return api(event as APIGatewayProxyEventV2, context);
};
