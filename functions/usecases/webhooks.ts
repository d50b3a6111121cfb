import { randomBytes } from 'node:crypto';
import { badRequest, forbidden, notFound } from '../core/errors.ts';
import { Delivery, viewOfWebhook, Webhook, WebhookInput, type WebhookView } from '../core/subscriptions/webhook.ts';
import { checkWebhookUrl } from '../core/subscriptions/webhook-target.ts';
import { ConditionFailedError } from '../ports/catalog-store.ts';
import type { Deps } from './deps.ts';
import { parseOrBadRequest } from './feedback-parse.ts';

export const WEBHOOK_KIND = 'webhook';
export const DELIVERY_KIND = 'webhook-delivery';
/** Webhooks per API key. */
export const MAX_WEBHOOKS_PER_KEY = 10;

export type WebhookViewer = { kind: 'key'; keyId: string } | { kind: 'admin' };

/** Registers a webhook owned by the caller's API key; the signing secret is returned once. */
export async function registerWebhook(
  deps: Deps,
  keyId: string,
  body: unknown,
): Promise<{ webhook: WebhookView; secret: string }> {
  const input = parseOrBadRequest(WebhookInput, body);
  const target = checkWebhookUrl(input.url, deps.webhooks.targets);
  if (!target.ok) {
    throw badRequest({
      detail: `the webhook URL is not allowed: ${target.message}`,
      hint: target.hint,
      errors: [{ where: 'body.url', message: target.message, hint: target.hint }],
    });
  }
  const own = (await allWebhooks(deps)).filter((w) => w.keyId === keyId);
  if (own.length >= MAX_WEBHOOKS_PER_KEY) {
    throw forbidden({ detail: `at most ${MAX_WEBHOOKS_PER_KEY} webhooks per API key`, hint: 'delete one first' });
  }
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const w: Webhook = {
    id: `wh_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`,
    keyId,
    url: target.url,
    events: input.events,
    ...(input.datasets ? { datasets: input.datasets } : {}),
    ...(input.departments ? { departments: input.departments } : {}),
    ...(input.description ? { description: input.description } : {}),
    secret,
    status: 'active',
    consecutiveFailures: 0,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.catalog.putDoc(WEBHOOK_KIND, w.id, w, 0);
  return { webhook: viewOfWebhook(w), secret };
}

export async function allWebhooks(deps: Deps): Promise<Webhook[]> {
  return (await deps.catalog.listDocs<unknown>(WEBHOOK_KIND)).map((d) => Webhook.parse(d.value));
}

export async function listWebhooks(deps: Deps, viewer: WebhookViewer): Promise<WebhookView[]> {
  return (await allWebhooks(deps))
    .filter((w) => viewer.kind === 'admin' || w.keyId === viewer.keyId)
    .map(viewOfWebhook);
}

export async function loadWebhook(deps: Deps, id: string) {
  const doc = await deps.catalog.getDoc<unknown>(WEBHOOK_KIND, id);
  return doc && { value: Webhook.parse(doc.value), revision: doc.revision };
}

async function owned(deps: Deps, viewer: WebhookViewer, id: string) {
  const doc = await loadWebhook(deps, id);
  // Someone else's webhook answers 404, like a missing one: ids are not disclosed across keys.
  if (!doc || (viewer.kind === 'key' && doc.value.keyId !== viewer.keyId)) {
    throw notFound({ detail: `no webhook "${id}" for this key`, hint: 'see GET /v1/webhooks' });
  }
  return doc;
}

export async function getWebhook(deps: Deps, viewer: WebhookViewer, id: string): Promise<WebhookView> {
  return viewOfWebhook((await owned(deps, viewer, id)).value);
}

/** The delivery log of a webhook, newest first (each attempt with its time, status and duration). */
export async function listDeliveries(deps: Deps, viewer: WebhookViewer, id: string, limit = 100): Promise<Delivery[]> {
  await owned(deps, viewer, id);
  const docs = await deps.catalog.listDocs<unknown>(DELIVERY_KIND, { prefix: `${id}#` });
  return docs
    .map((d) => Delivery.parse(d.value))
    .reverse()
    .slice(0, Math.max(1, Math.min(500, limit)));
}

/** Conditional update of a webhook. */
export async function updateWebhook(deps: Deps, id: string, change: (w: Webhook) => Webhook): Promise<Webhook> {
  for (let i = 0; i < 8; i++) {
    const doc = await loadWebhook(deps, id);
    if (!doc) throw notFound({ detail: `no webhook "${id}"` });
    const next = change(doc.value);
    try {
      await deps.catalog.putDoc(WEBHOOK_KIND, id, next, doc.revision);
      return next;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
  throw new Error(`webhook ${id}: too many concurrent updates`);
}

/** Re-enables a disabled webhook (after the receiver is fixed) or disables it on purpose. */
export async function setWebhookStatus(
  deps: Deps,
  viewer: WebhookViewer,
  id: string,
  status: 'active' | 'disabled',
): Promise<WebhookView> {
  await owned(deps, viewer, id);
  const at = deps.clock.now().toISOString();
  const w = await updateWebhook(deps, id, (w) => {
    const { disabledAt: _a, disabledReason: _r, ...rest } = w;
    return status === 'active'
      ? { ...rest, status, consecutiveFailures: 0 }
      : { ...rest, status, disabledAt: at, disabledReason: 'disabled by its owner' };
  });
  return viewOfWebhook(w);
}
