import { randomBytes } from 'node:crypto';
import { type CatalogEvent, eventsOf } from '../core/subscriptions/events.ts';
import { SIGNATURE_HEADER, sign } from '../core/subscriptions/signature.ts';
import { type Delivery, retryDelayMs, type Webhook, wants } from '../core/subscriptions/webhook.ts';
import { logger } from '../http/observability.ts';
import { ConditionFailedError } from '../ports/catalog-store.ts';
import type { Deps } from './deps.ts';
import { allWebhooks, DELIVERY_KIND, loadWebhook, updateWebhook, WEBHOOK_KIND } from './webhooks.ts';
import { vetDestination } from './webhooks-destination.ts';

/** Events already fanned out to webhooks (one document per event id: exactly-once fan-out). */
export const EVENT_KIND = 'webhook-event';

/**
 * Finds catalogue events (new versions, breaking changes, withdrawals) not yet fanned out and creates
 * one pending delivery per interested webhook registered before the event. The event document is
 * claimed with a conditional create first, so concurrent sweepers fan out each event once.
 */
export async function syncEvents(deps: Deps): Promise<number> {
  const hooks = (await allWebhooks(deps)).filter((w) => w.status === 'active');
  let created = 0;
  for (const entry of await deps.catalog.listDatasets()) {
    const events = eventsOf(entry, await deps.catalog.listVersions(entry.id));
    for (const e of events) {
      if (await deps.catalog.getDoc(EVENT_KIND, e.id)) continue;
      try {
        await deps.catalog.putDoc(EVENT_KIND, e.id, { at: e.at, seenAt: deps.clock.now().toISOString() }, 0);
      } catch (err) {
        if (err instanceof ConditionFailedError) continue;
        throw err;
      }
      for (const w of hooks) {
        if (!wants(w, e) || w.createdAt > e.at) continue;
        await deps.catalog.putDoc(DELIVERY_KIND, newDeliveryId(w.id, deps.clock.now()), newDelivery(deps, w, e), 0);
        created++;
      }
    }
  }
  return created;
}

function newDeliveryId(webhookId: string, now: Date): string {
  return `${webhookId}#${now.toISOString().replace(/[-:T.Z]/g, '')}-${randomBytes(4).toString('hex')}`;
}

function newDelivery(deps: Deps, w: Webhook, e: CatalogEvent): Delivery {
  const now = deps.clock.now().toISOString();
  const id = newDeliveryId(w.id, deps.clock.now());
  const base = deps.publicBaseUrl;
  const body = JSON.stringify({
    event: e.type,
    eventId: e.id,
    occurredAt: e.at,
    dataset: {
      id: e.datasetId,
      department: e.department,
      title: e.title,
      version: e.version,
      rowCount: e.rowCount,
      ...(e.note ? { note: e.note } : {}),
    },
    links: {
      dataset: `${base}/v1/datasets/${encodeURIComponent(e.datasetId)}`,
      version: `${base}/v1/datasets/${encodeURIComponent(e.datasetId)}/versions/${e.version}`,
      page: `${base}/datasets/${encodeURIComponent(e.datasetId)}/`,
    },
  });
  return {
    id,
    webhookId: w.id,
    eventId: e.id,
    eventType: e.type,
    body,
    state: 'pending',
    attempts: [],
    nextAttemptAt: now,
    createdAt: now,
  };
}

/**
 * Attempts every pending delivery that is due: signed POST; 2xx delivers; anything else is retried
 * with exponential backoff until `maxAttempts`, and `disableAfter` failed attempts in a row disable
 * the webhook (its status says so; the owner re-enables it).
 */
export async function deliverDue(deps: Deps): Promise<{ attempted: number; delivered: number; failed: number }> {
  const now = deps.clock.now();
  const due = (await deps.catalog.listDocs<Delivery>(DELIVERY_KIND)).filter(
    (d) => d.value.state === 'pending' && (d.value.nextAttemptAt ?? '') <= now.toISOString(),
  );
  const result = { attempted: 0, delivered: 0, failed: 0 };
  for (const { id } of due) {
    const doc = await deps.catalog.getDoc<Delivery>(DELIVERY_KIND, id);
    if (doc?.value.state !== 'pending') continue;
    const hook = await loadWebhook(deps, doc.value.webhookId);
    if (hook?.value.status !== 'active') {
      await saveDelivery(deps, id, { ...doc.value, state: 'failed', nextAttemptAt: undefined }, doc.revision);
      continue;
    }
    // Claim the attempt first (conditional write), so two sweepers never POST the same attempt.
    // The attempt may take two time limits: resolving the host name, then the POST.
    const claimedUntil = new Date(now.getTime() + 2 * deps.webhooks.timeoutMs + 5_000).toISOString();
    if (!(await saveDelivery(deps, id, { ...doc.value, nextAttemptAt: claimedUntil }, doc.revision))) continue;
    result.attempted++;
    const outcome = await attempt(deps, hook.value, doc.value);
    const attempts = [...doc.value.attempts, outcome.record];
    const ok = outcome.ok;
    const hookAfter = await recordOutcome(deps, hook.value.id, ok, outcome.record.at);
    // Given up: attempts exhausted, or the webhook was just disabled by this failure.
    const giveUp = !ok && (attempts.length >= deps.webhooks.retry.maxAttempts || hookAfter.status !== 'active');
    const next: Delivery = {
      ...doc.value,
      attempts,
      state: ok ? 'delivered' : giveUp ? 'failed' : 'pending',
      ...(ok || giveUp
        ? { nextAttemptAt: undefined }
        : {
            nextAttemptAt: new Date(
              deps.clock.now().getTime() + retryDelayMs(attempts.length, deps.webhooks.retry),
            ).toISOString(),
          }),
    };
    const fresh = await deps.catalog.getDoc<Delivery>(DELIVERY_KIND, id);
    if (fresh) await saveDelivery(deps, id, stripUndefined(next), fresh.revision);
    if (ok) result.delivered++;
    else if (giveUp) result.failed++;
  }
  return result;
}

async function attempt(deps: Deps, w: Webhook, d: Delivery) {
  const started = performance.now();
  const at = deps.clock.now();
  const headers = {
    'user-agent': 'opendata-webhooks/1',
    'x-opendata-event': d.eventType,
    'x-opendata-delivery': d.id,
    'x-opendata-webhook': w.id,
    [SIGNATURE_HEADER]: sign(w.secret, d.body, Math.floor(at.getTime() / 1000)),
  };
  const to = await vetDestination(deps.webhooks, w.url);
  const res =
    'address' in to
      ? await deps.webhooks.transport.post({ ...to, body: d.body, headers, timeoutMs: deps.webhooks.timeoutMs })
      : { error: 'refused' in to ? `refused: ${to.refused}` : to.error };
  if ('refused' in to)
    logger.warn('webhook delivery refused by the target rules', { webhookId: w.id, reason: to.refused });
  const ms = Math.round(performance.now() - started);
  const ok = 'status' in res && res.status >= 200 && res.status < 300;
  return {
    ok,
    record: { at: at.toISOString(), ms, ...('status' in res ? { status: res.status } : { error: res.error }) },
  };
}

async function recordOutcome(deps: Deps, webhookId: string, ok: boolean, at: string): Promise<Webhook> {
  return updateWebhook(deps, webhookId, (w) => {
    if (ok) return { ...w, consecutiveFailures: 0, lastSuccessAt: at };
    const failures = w.consecutiveFailures + 1;
    const disable = w.status === 'active' && failures >= deps.webhooks.retry.disableAfter;
    if (disable) logger.warn('webhook disabled after repeated failures', { webhookId, failures });
    return {
      ...w,
      consecutiveFailures: failures,
      lastFailureAt: at,
      ...(disable
        ? {
            status: 'disabled' as const,
            disabledAt: at,
            disabledReason: `${failures} failed delivery attempts in a row; fix the receiver, then POST /v1/webhooks/${w.id}/enable`,
          }
        : {}),
    };
  });
}

async function saveDelivery(deps: Deps, id: string, d: Delivery, revision: number): Promise<boolean> {
  try {
    await deps.catalog.putDoc(DELIVERY_KIND, id, stripUndefined(d), revision);
    return true;
  } catch (e) {
    if (e instanceof ConditionFailedError) return false;
    throw e;
  }
}

const stripUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** One sweep: fan out new events, then attempt due deliveries (the schedule calls this every minute). */
export async function runWebhooks(deps: Deps) {
  const fannedOut = await syncEvents(deps);
  const delivery = await deliverDue(deps);
  return { fannedOut, ...delivery };
}

export { WEBHOOK_KIND };
