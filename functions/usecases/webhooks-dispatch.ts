import { randomBytes } from 'node:crypto';
import type { DatasetEntry, VersionRecord } from '../core/catalog/schema.ts';
import { type CatalogEvent, eventsOf } from '../core/subscriptions/events.ts';
import { SIGNATURE_HEADER, sign } from '../core/subscriptions/signature.ts';
import { type Delivery, retryDelayMs, type Webhook, wants } from '../core/subscriptions/webhook.ts';
import { logger } from '../http/observability.ts';
import { ConditionFailedError, type VersionChange } from '../ports/catalog-store.ts';
import { listCatalogVersions } from './catalog-versions.ts';
import type { Deps } from './deps.ts';
import { allWebhooks, DELIVERY_KIND, loadWebhook, updateWebhook, WEBHOOK_KIND } from './webhooks.ts';
import { vetDestination } from './webhooks-destination.ts';
import { disabledForOwner, logOwnerDisabled, type OwnerKey, ownerKeys } from './webhooks-owner.ts';

/** Events already fanned out to webhooks (one document per event id: exactly-once fan-out). */
export const EVENT_KIND = 'webhook-event';
/** The sweep's high-water mark: the latest version write it has fanned out (the store's clock). */
export const SWEEP_KIND = 'webhook-sweep';
/** One small document per pending delivery: what the sweep lists instead of every delivery ever made. */
export const DUE_KIND = 'webhook-due';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/**
 * How far before its high-water mark each sweep reads the version changes again: the change index is
 * eventually consistent and every writer stamps its own clock, so a write can become visible after a
 * later one was swept. Anything seen twice is stopped by its event mark.
 */
export const SWEEP_LOOKBACK_MS = 10 * MINUTE_MS;
/**
 * An event older than this when a sweep first sees it is not delivered: a version record written again
 * long after its events (the marks of which have expired) must not announce them a second time.
 */
export const EVENT_MAX_AGE_MS = 7 * DAY_MS;
/** Event marks are kept this long: far longer than the look-back and the maximum event age. */
export const EVENT_MARK_TTL_MS = 30 * DAY_MS;
/** Finished (delivered or failed) deliveries stay in the delivery log this long, then expire (TTL). */
export const DELIVERY_RETENTION_MS = 30 * DAY_MS;

type Cursor = { changedThrough: string };
type Due = { nextAttemptAt: string };

const minus = (iso: string, ms: number) => (iso ? new Date(Date.parse(iso) - ms).toISOString() : '');

/**
 * Finds catalogue events (new versions, breaking changes, withdrawals) not yet fanned out and creates
 * one pending delivery per interested webhook registered before the event whose API key is still
 * active (webhooks-owner.ts). Each sweep reads only the version records written since its high-water
 * mark (less SWEEP_LOOKBACK_MS), not the catalogue; the first sweep (no mark yet) reads the whole
 * catalogue once, for records written before the change index existed. Each event is claimed with a conditional create of its mark (expiring after
 * EVENT_MARK_TTL_MS), so concurrent or overlapping sweeps fan it out once. The mark advances only
 * after the fan-out, so a sweep cut off half-way is repeated by the next one.
 */
export async function syncEvents(deps: Deps, ownerOf = ownerKeys(deps)): Promise<number> {
  const cursor = await deps.catalog.getDoc<Cursor>(SWEEP_KIND, 'cursor');
  const changes = await deps.catalog.listVersionsChangedSince(
    cursor ? minus(cursor.value.changedThrough, SWEEP_LOOKBACK_MS) : '',
  );
  const events = cursor ? await eventsOfChanges(deps, changes) : await allEvents(deps);
  const now = deps.clock.now();
  const fresh = events.filter((e) => Date.parse(e.at) >= now.getTime() - EVENT_MAX_AGE_MS);
  const hooks = fresh.length ? await deliverable(deps, await allWebhooks(deps), ownerOf) : [];
  let created = 0;
  for (const e of fresh) {
    try {
      await deps.catalog.putDoc(EVENT_KIND, e.id, { at: e.at, seenAt: now.toISOString() }, 0, {
        expiresAt: new Date(now.getTime() + EVENT_MARK_TTL_MS),
      });
    } catch (err) {
      if (err instanceof ConditionFailedError) continue; // fanned out already (or by a concurrent sweep)
      throw err;
    }
    for (const w of hooks) {
      if (!wants(w, e) || w.createdAt > e.at) continue;
      const d = newDelivery(deps, w, e);
      // The due entry first: a delivery never exists without one (a lone due entry is dropped later).
      await deps.catalog.putDoc<Due>(DUE_KIND, d.id, { nextAttemptAt: d.nextAttemptAt ?? d.createdAt }, 0);
      await deps.catalog.putDoc(DELIVERY_KIND, d.id, d, 0);
      created++;
    }
  }
  let through = cursor?.value.changedThrough ?? '';
  for (const c of changes) if (c.changedAt > through) through = c.changedAt;
  if (!cursor || through !== cursor.value.changedThrough) {
    try {
      await deps.catalog.putDoc<Cursor>(SWEEP_KIND, 'cursor', { changedThrough: through }, cursor?.revision ?? 0);
    } catch (err) {
      // A concurrent sweep moved it: it read at least what this one did, less at most its look-back.
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }
  return created;
}

/**
 * The active webhooks whose API key is active too. One whose key was revoked or has expired gets no
 * more deliveries: it is disabled (`key revoked`, `key expired`) and stays so.
 */
async function deliverable(
  deps: Deps,
  hooks: readonly Webhook[],
  ownerOf: (keyId: string) => Promise<OwnerKey>,
): Promise<Webhook[]> {
  const out: Webhook[] = [];
  for (const w of hooks) {
    if (w.status !== 'active') continue;
    const owner = await ownerOf(w.keyId);
    if (owner.state === 'active') out.push(w);
    else await disableForOwner(deps, w, owner);
  }
  return out;
}

/** Records that a webhook's key stopped it (if it is still active: an owner or admin may have acted). */
async function disableForOwner(deps: Deps, w: Webhook, owner: OwnerKey): Promise<void> {
  const now = deps.clock.now();
  let stopped = false;
  await updateWebhook(deps, w.id, (cur) => {
    stopped = cur.status === 'active';
    return disabledForOwner(cur, owner, now);
  });
  if (stopped) logOwnerDisabled(w, owner);
}

/** The events of the changed version records only (each with its dataset's title and department). */
async function eventsOfChanges(deps: Deps, changes: readonly VersionChange[]): Promise<CatalogEvent[]> {
  const byDataset = new Map<string, VersionRecord[]>();
  for (const { record } of changes)
    byDataset.set(record.datasetId, [...(byDataset.get(record.datasetId) ?? []), record]);
  const out: CatalogEvent[] = [];
  for (const [id, versions] of byDataset) {
    const entry = await deps.catalog.getDataset(id);
    if (entry) out.push(...eventsOf(entry.value, versions));
  }
  return out;
}

/** Every event of the catalogue: the first sweep's, before it has a high-water mark. */
async function allEvents(deps: Deps): Promise<CatalogEvent[]> {
  return (await listCatalogVersions(deps.catalog)).flatMap(({ entry, versions }) => eventsOf(entry, versions));
}

/** Deliveries read per sweep while indexing those made before the due index existed. */
const INDEXING_PAGE = 1_000;

/**
 * Deliveries made before the due index existed and still pending get their due entry: a page per sweep
 * (its progress in a `webhook-sweep` document), so a long delivery log cannot outlast one run; once
 * done, one read per sweep.
 */
async function indexPendingDeliveries(deps: Deps): Promise<void> {
  const progress = await deps.catalog.getDoc<{ after?: string; done: boolean }>(SWEEP_KIND, 'deliveries-indexed');
  if (progress?.value.done) return;
  const after = progress?.value.after;
  const page = await deps.catalog.listDocs<Delivery>(DELIVERY_KIND, {
    limit: INDEXING_PAGE,
    ...(after !== undefined ? { after } : {}),
  });
  for (const d of page) {
    if (d.value.state !== 'pending' || (await deps.catalog.getDoc(DUE_KIND, d.id))) continue;
    await deps.catalog
      .putDoc<Due>(DUE_KIND, d.id, { nextAttemptAt: d.value.nextAttemptAt ?? d.value.createdAt }, 0)
      .catch((e: unknown) => {
        if (!(e instanceof ConditionFailedError)) throw e;
      });
  }
  const next = {
    ...(page.length ? { after: page[page.length - 1]?.id } : after ? { after } : {}),
    done: page.length < INDEXING_PAGE,
  };
  await deps.catalog.putDoc(SWEEP_KIND, 'deliveries-indexed', next, progress?.revision ?? 0).catch((e: unknown) => {
    if (!(e instanceof ConditionFailedError)) throw e;
  });
}

function newDeliveryId(webhookId: string, now: Date): string {
  return `${webhookId}#${now.toISOString().replace(/[-:T.Z]/g, '')}-${randomBytes(4).toString('hex')}`;
}

function newDelivery(deps: Deps, w: Webhook, e: CatalogEvent): Delivery {
  const now = deps.clock.now().toISOString();
  const id = newDeliveryId(w.id, deps.clock.now());
  return {
    id,
    webhookId: w.id,
    eventId: e.id,
    eventType: e.type,
    body: bodyOf(deps, e),
    state: 'pending',
    attempts: [],
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** The JSON body a webhook receives for an event. */
function bodyOf(deps: Deps, e: CatalogEvent): string {
  const base = deps.publicBaseUrl;
  return JSON.stringify({
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
}

/** A version as the catalogue shows it now: its dataset entry and record (undefined: either is gone). */
type CurrentVersion = { entry: DatasetEntry; record: VersionRecord } | undefined;

/**
 * `getDataset` + `getVersion`, each version read once per sweep: one event fanned out to many webhooks
 * (and retried every minute) makes many due deliveries of the same version.
 */
export function currentVersions(deps: Deps): (datasetId: string, version: number) => Promise<CurrentVersion> {
  const seen = new Map<string, Promise<CurrentVersion>>();
  return (datasetId, version) => {
    const key = `${datasetId}@${version}`;
    let found = seen.get(key);
    if (!found) {
      found = Promise.all([deps.catalog.getDataset(datasetId), deps.catalog.getVersion(datasetId, version)]).then(
        ([entry, record]) => (entry && record ? { entry: entry.value, record: record.value } : undefined),
      );
      seen.set(key, found);
    }
    return found;
  };
}

/** The dataset and version of an event id (`<dataset>/v<version>/<type>`, events.ts). */
function versionOfEvent(eventId: string): { datasetId: string; version: number } | undefined {
  const m = /^(.+)\/v(\d+)\/[^/]+$/.exec(eventId);
  return m?.[1] && m[2] ? { datasetId: m[1], version: Number(m[2]) } : undefined;
}

/**
 * A pending delivery's body as the catalogue may show its event now. A delivery keeps the body it was
 * made with, and is retried for hours: when its version was withdrawn since (or its dataset
 * altogether), a retry must not send on what the withdrawal stopped publishing (a breaking-change note,
 * the title), so the body is made again from the event as the feeds derive it (events.ts). Otherwise
 * it is sent unchanged.
 */
async function currentBody(deps: Deps, d: Delivery, versionOf: ReturnType<typeof currentVersions>): Promise<string> {
  const of = versionOfEvent(d.eventId);
  if (!of) return d.body;
  const current = await versionOf(of.datasetId, of.version);
  if (!current) return d.body;
  const { entry, record } = current;
  if (record.state !== 'withdrawn' && entry.latestVersion !== null) return d.body;
  const now = eventsOf(entry, [record]).find((e) => e.id === d.eventId);
  return now ? bodyOf(deps, now) : d.body;
}

/**
 * Attempts every pending delivery that is due: signed POST; 2xx delivers; anything else is retried
 * with exponential backoff until `maxAttempts`, and `disableAfter` failed attempts in a row disable
 * the webhook (its status says so; the owner re-enables it). A webhook disabled since, or whose API key
 * was revoked or has expired since (it is disabled now), gets no attempt: the delivery fails. Reads the due index (one small document
 * per pending delivery), not the delivery log; a finished delivery expires from the log after
 * DELIVERY_RETENTION_MS, and its due entry at once.
 */
export async function deliverDue(
  deps: Deps,
  ownerOf = ownerKeys(deps),
  versionOf = currentVersions(deps),
): Promise<{ attempted: number; delivered: number; failed: number }> {
  const now = deps.clock.now();
  const due = (await deps.catalog.listDocs<Due>(DUE_KIND)).filter((d) => d.value.nextAttemptAt <= now.toISOString());
  const result = { attempted: 0, delivered: 0, failed: 0 };
  for (const { id } of due) {
    const doc = await deps.catalog.getDoc<Delivery>(DELIVERY_KIND, id);
    if (!doc) {
      // A due entry whose delivery was never written (a sweep cut off in between): dropped once stale.
      if (id.slice(id.indexOf('#') + 1) < staleDeliveryIdPart(now)) await setDue(deps, id, undefined);
      continue;
    }
    if (doc.value.state !== 'pending') {
      await setDue(deps, id, undefined);
      continue;
    }
    if ((doc.value.nextAttemptAt ?? '') > now.toISOString()) {
      // Claimed by another sweep, or rescheduled: the due entry catches up.
      await setDue(deps, id, doc.value.nextAttemptAt);
      continue;
    }
    const hook = await loadWebhook(deps, doc.value.webhookId);
    // A webhook whose key was revoked or has expired since this delivery was made is disabled now.
    if (hook?.value.status === 'active') {
      const owner = await ownerOf(hook.value.keyId);
      if (owner.state !== 'active') {
        await disableForOwner(deps, hook.value, owner);
        hook.value = disabledForOwner(hook.value, owner, now);
      }
    }
    if (hook?.value.status !== 'active') {
      if (await saveDelivery(deps, id, { ...doc.value, state: 'failed', nextAttemptAt: undefined }, doc.revision))
        await setDue(deps, id, undefined);
      continue;
    }
    // Claim the attempt first (conditional write), so two sweepers never POST the same attempt.
    // The attempt may take two time limits: resolving the host name, then the POST.
    const claimedUntil = new Date(now.getTime() + 2 * deps.webhooks.timeoutMs + 5_000).toISOString();
    if (!(await saveDelivery(deps, id, { ...doc.value, nextAttemptAt: claimedUntil }, doc.revision))) continue;
    // Only once claimed: a delivery another sweep claimed costs no catalogue read.
    const delivery: Delivery = { ...doc.value, body: await currentBody(deps, doc.value, versionOf) };
    result.attempted++;
    const outcome = await attempt(deps, hook.value, delivery);
    const attempts = [...doc.value.attempts, outcome.record];
    const ok = outcome.ok;
    const hookAfter = await recordOutcome(deps, hook.value.id, ok, outcome.record.at);
    // Given up: attempts exhausted, or the webhook was just disabled by this failure.
    const giveUp = !ok && (attempts.length >= deps.webhooks.retry.maxAttempts || hookAfter.status !== 'active');
    const next: Delivery = {
      ...delivery,
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
    if (fresh && (await saveDelivery(deps, id, stripUndefined(next), fresh.revision)))
      await setDue(deps, id, next.state === 'pending' ? next.nextAttemptAt : undefined);
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

/** Writes a delivery conditionally; a finished one (delivered, failed) expires after the retention. */
async function saveDelivery(deps: Deps, id: string, d: Delivery, revision: number): Promise<boolean> {
  const finished = d.state !== 'pending';
  try {
    await deps.catalog.putDoc(
      DELIVERY_KIND,
      id,
      stripUndefined(d),
      revision,
      finished ? { expiresAt: new Date(deps.clock.now().getTime() + DELIVERY_RETENTION_MS) } : undefined,
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionFailedError) return false;
    throw e;
  }
}

/** Points a delivery's due entry at its next attempt, or (undefined) ends it: expired at once. */
async function setDue(deps: Deps, id: string, nextAttemptAt: string | undefined): Promise<void> {
  const now = deps.clock.now();
  for (let i = 0; i < 5; i++) {
    const cur = await deps.catalog.getDoc<Due>(DUE_KIND, id);
    if (!cur && nextAttemptAt === undefined) return;
    if (cur && nextAttemptAt !== undefined && cur.value.nextAttemptAt === nextAttemptAt) return;
    try {
      await deps.catalog.putDoc<Due>(
        DUE_KIND,
        id,
        { nextAttemptAt: nextAttemptAt ?? cur?.value.nextAttemptAt ?? now.toISOString() },
        cur?.revision ?? 0,
        nextAttemptAt === undefined ? { expiresAt: now } : undefined,
      );
      return;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
}

/** The time part of a delivery id made 10 minutes ago (ids are `<webhook>#<yyyymmddhhmmssmmm>-<random>`). */
const staleDeliveryIdPart = (now: Date) =>
  new Date(now.getTime() - 10 * MINUTE_MS).toISOString().replace(/[-:T.Z]/g, '');

const stripUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** One sweep: fan out new events, then attempt due deliveries (the schedule calls this every minute). */
export async function runWebhooks(deps: Deps) {
  await indexPendingDeliveries(deps);
  const ownerOf = ownerKeys(deps); // each owning key read once per sweep
  const fannedOut = await syncEvents(deps, ownerOf);
  const delivery = await deliverDue(deps, ownerOf, currentVersions(deps)); // each version read once per sweep
  return { fannedOut, ...delivery };
}

export { WEBHOOK_KIND };
