import { randomBytes } from 'node:crypto';
import { badRequest, conflict, forbidden, notFound } from '../core/errors.ts';
import { Delivery, viewOfWebhook, Webhook, WebhookInput, type WebhookView } from '../core/subscriptions/webhook.ts';
import { checkWebhookUrl } from '../core/subscriptions/webhook-target.ts';
import { parseBody } from '../http/body-schema.ts';
import { logger } from '../http/observability.ts';
import { ConditionFailedError } from '../ports/catalog-store.ts';
import type { Deps } from './deps.ts';
import { disabledForOwner, OWNER_KEY_STATE_ZH, ownerKeyOf, ownerKeys } from './webhooks-owner.ts';

export const WEBHOOK_KIND = 'webhook';
export const DELIVERY_KIND = 'webhook-delivery';
/** Webhooks per API key. */
export const MAX_WEBHOOKS_PER_KEY = 10;

/** The caller: the owning API key, or an admin principal (`id` names them in what they change). */
export type WebhookViewer = { kind: 'key'; keyId: string } | { kind: 'admin'; id?: string };

/** The start of the `disabledReason` of a webhook an admin disabled: only an admin re-enables it. */
export const ADMIN_DISABLED_REASON = 'disabled by an admin';

/** Registers a webhook owned by the caller's API key; the signing secret is returned once. */
export async function registerWebhook(
  deps: Deps,
  keyId: string,
  body: unknown,
): Promise<{ webhook: WebhookView; secret: string }> {
  const input = parseBody(WebhookInput, body ?? {});
  const target = checkWebhookUrl(input.url, deps.webhooks.targets);
  if (!target.ok) {
    throw badRequest({
      detail: `the webhook URL is not allowed: ${target.message}`,
      hint: target.hint,
      zh: { detail: `不允许使用这个 webhook 地址：${target.zh.message}`, hint: target.zh.hint },
      errors: [{ where: 'body.url', message: target.message, hint: target.hint, zh: target.zh }],
    });
  }
  const own = (await allWebhooks(deps)).filter((w) => w.keyId === keyId);
  if (own.length >= MAX_WEBHOOKS_PER_KEY) {
    throw forbidden({
      detail: `at most ${MAX_WEBHOOKS_PER_KEY} webhooks per API key`,
      hint: 'delete one first',
      zh: { detail: `每个 API 密钥最多 ${MAX_WEBHOOKS_PER_KEY} 个 webhook`, hint: '请先删除一个' },
    });
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

/**
 * Webhooks as their caller sees them. Admins see a webhook whose key was revoked or has expired as
 * disabled (`key revoked`, `key expired`) from that moment, before the sweep records it; a key holder
 * is authenticated by an active key, so its own webhooks need no such check.
 */
export async function listWebhooks(deps: Deps, viewer: WebhookViewer): Promise<WebhookView[]> {
  const own = (await allWebhooks(deps)).filter((w) => viewer.kind === 'admin' || w.keyId === viewer.keyId);
  if (viewer.kind === 'key') return own.map(viewOfWebhook);
  const ownerOf = ownerKeys(deps);
  const now = deps.clock.now();
  return Promise.all(own.map(async (w) => disabledForOwner(viewOfWebhook(w), await ownerOf(w.keyId), now)));
}

export async function loadWebhook(deps: Deps, id: string) {
  const doc = await deps.catalog.getDoc<unknown>(WEBHOOK_KIND, id);
  return doc && { value: Webhook.parse(doc.value), revision: doc.revision };
}

async function owned(deps: Deps, viewer: WebhookViewer, id: string) {
  const doc = await loadWebhook(deps, id);
  // Someone else's webhook answers 404, like a missing one: ids are not disclosed across keys.
  if (!doc || (viewer.kind === 'key' && doc.value.keyId !== viewer.keyId)) {
    throw notFound({
      detail: `no webhook "${id}" for this key`,
      hint: 'see GET /v1/webhooks',
      zh: { detail: `这个密钥下没有 webhook“${id}”`, hint: '请查看 GET /v1/webhooks' },
    });
  }
  return doc;
}

export async function getWebhook(deps: Deps, viewer: WebhookViewer, id: string): Promise<WebhookView> {
  const w = (await owned(deps, viewer, id)).value;
  if (viewer.kind === 'key') return viewOfWebhook(w);
  return disabledForOwner(viewOfWebhook(w), await ownerKeyOf(deps, w.keyId), deps.clock.now());
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
    if (!doc) throw notFound({ detail: `no webhook "${id}"`, zh: { detail: `没有 webhook“${id}”` } });
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

/**
 * Re-enables a disabled webhook (after the receiver is fixed) or disables it on purpose: its owner, or
 * an admin. Re-enabling is refused while the owning key is revoked or expired (the sweep would stop it
 * again; its holder registers the webhook again with a new key), and the owner cannot re-enable what
 * an admin disabled.
 */
export async function setWebhookStatus(
  deps: Deps,
  viewer: WebhookViewer,
  id: string,
  status: 'active' | 'disabled',
): Promise<WebhookView> {
  const current = (await owned(deps, viewer, id)).value;
  if (status === 'active') {
    const owner = await ownerKeyOf(deps, current.keyId);
    if (owner.state !== 'active') {
      throw conflict({
        detail: `webhook "${id}" cannot be enabled: its API key ${current.keyId} is ${owner.state === 'missing' ? 'not found' : owner.state}`,
        hint: 'the key holder registers the webhook again with its new key (POST /v1/webhooks); see "Rotating a key" in docs/api-keys.md',
        zh: {
          detail: `webhook“${id}”不能启用：它的 API 密钥 ${current.keyId} ${OWNER_KEY_STATE_ZH[owner.state]}`,
          hint: '请密钥持有者用新密钥重新登记这个 webhook（POST /v1/webhooks）；参见 docs/api-keys.md 中的“Rotating a key”',
        },
      });
    }
    if (viewer.kind === 'key' && current.disabledReason?.startsWith(ADMIN_DISABLED_REASON)) {
      throw conflict({
        detail: `webhook "${id}" was disabled by the platform's admins`,
        hint: "ask the platform's admins to enable it again",
        zh: { detail: `webhook“${id}”已被平台管理员停用`, hint: '请联系平台管理员重新启用' },
      });
    }
  }
  const at = deps.clock.now().toISOString();
  const reason =
    viewer.kind === 'admin' ? `${ADMIN_DISABLED_REASON} (${viewer.id ?? 'admin'})` : 'disabled by its owner';
  const w = await updateWebhook(deps, id, (w) => {
    // The owner disabling it again must not replace the admins' reason (and so unlock re-enabling).
    if (viewer.kind === 'key' && status === 'disabled' && w.disabledReason?.startsWith(ADMIN_DISABLED_REASON)) return w;
    const { disabledAt: _a, disabledReason: _r, ...rest } = w;
    return status === 'active'
      ? { ...rest, status, consecutiveFailures: 0 }
      : { ...rest, status, disabledAt: at, disabledReason: reason };
  });
  if (viewer.kind === 'admin') {
    // What an admin changed, and who: the webhooks function has no ledger:append (it calls outside
    // URLs, so it may not write the audit ledger), so the trail is this log line and the record.
    logger.info(status === 'active' ? 'webhook enabled by an admin' : 'webhook disabled by an admin', {
      webhookId: id,
      keyId: w.keyId,
      admin: viewer.id ?? 'admin',
    });
  }
  return viewOfWebhook(w);
}
