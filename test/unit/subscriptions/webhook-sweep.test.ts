import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../../functions/adapters/memory/memory-catalog-store.ts';
import type { VersionRecord } from '../../../functions/core/catalog/schema.ts';
import { EVENT_TYPES } from '../../../functions/core/subscriptions/events.ts';
import { DEFAULT_RETRY, type Webhook } from '../../../functions/core/subscriptions/webhook.ts';
import type { CatalogStore, VersionChange } from '../../../functions/ports/catalog-store.ts';
import type { WebhookRequest } from '../../../functions/ports/webhook-transport.ts';
import { KEY_DOC_KIND } from '../../../functions/usecases/access/key-store.ts';
import type { Deps } from '../../../functions/usecases/deps.ts';
import { DELIVERY_KIND, WEBHOOK_KIND } from '../../../functions/usecases/webhooks.ts';
import {
  DUE_KIND,
  EVENT_KIND,
  EVENT_MARK_TTL_MS,
  runWebhooks,
  SWEEP_LOOKBACK_MS,
} from '../../../functions/usecases/webhooks-dispatch.ts';
import { sampleEntry, sampleVersion } from '../../support/catalog-samples.ts';

/**
 * The per-minute webhook sweep at scale: after its first run it reads only the version records written
 * since its high-water mark (not every dataset, version, event mark and delivery), and still fans out
 * every event exactly once — with writes that show up in the change index late (eventually consistent,
 * writers' clocks apart), with two sweeps overlapping, and after its marks and finished deliveries expired.
 */
const MINUTE = 60_000;
let now: number;
const clock = { now: () => new Date(now) };
let store: MemoryCatalogStore;
/** Calls per store method, and the changes the index does not show yet (by `dataset/version`). */
let calls: Record<string, number>;
let hidden: Set<string>;
let received: Array<{ event: string; eventId: string; status: number }>;
let failNext: number;

/** The store as the sweep sees it: counted, and with an index that may lag behind (GSI1 in AWS). */
function observed(inner: CatalogStore): CatalogStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const name = String(prop);
        const key = name === 'listDocs' || name === 'getDoc' ? `${name}:${String(args[0])}` : name;
        calls[key] = (calls[key] ?? 0) + 1;
        const out = await value.apply(target, args);
        if (name === 'listVersionsChangedSince') {
          return (out as VersionChange[]).filter((c) => !hidden.has(`${c.record.datasetId}/${c.record.version}`));
        }
        return out;
      };
    },
  });
}

function deps(): Deps {
  return {
    catalog: observed(store),
    clock,
    publicBaseUrl: 'https://opendata.example.gov',
    webhooks: {
      transport: {
        post: async (req: WebhookRequest) => {
          const body = JSON.parse(req.body) as { event: string; eventId: string };
          const status = failNext-- > 0 ? 503 : 200;
          received.push({ event: body.event, eventId: body.eventId, status });
          return { status };
        },
      },
      resolver: { resolve: async () => ['93.184.216.34'] },
      targets: { allowLoopback: false },
      retry: { ...DEFAULT_RETRY, baseMs: MINUTE },
      timeoutMs: 1_000,
    },
  } as unknown as Deps;
}

async function publish(datasetId: string, version: number): Promise<void> {
  if (!(await store.getDataset(datasetId))) await store.putDataset(sampleEntry(datasetId), 0);
  await store.createVersion(sampleVersion(datasetId, version));
  const v = await store.getVersion(datasetId, version);
  const at = new Date(now).toISOString();
  await store.updateVersion({ ...(v?.value as VersionRecord), state: 'published', publishedAt: at }, v?.revision ?? 0);
}

async function withdraw(datasetId: string, version: number): Promise<void> {
  const v = await store.getVersion(datasetId, version);
  const at = new Date(now).toISOString();
  await store.updateVersion(
    { ...(v?.value as VersionRecord), state: 'withdrawn', withdrawn: { reason: 'wrong units', at, by: 'ann' } },
    v?.revision ?? 0,
  );
}

const delivered = () => received.filter((r) => r.status === 200).map((r) => r.eventId);

beforeEach(async () => {
  now = Date.parse('2026-11-22T10:00:00Z');
  store = new MemoryCatalogStore(clock);
  calls = {};
  hidden = new Set();
  received = [];
  failNext = 0;
  // A catalogue with history, and a webhook for everything, registered after that history.
  for (let d = 0; d < 20; d++) for (const v of [1, 2]) await publish(`ds-${d}`, v);
  now += MINUTE;
  // Its owner: an active API key (a revoked or expired key's webhooks get nothing).
  await store.putDoc(
    KEY_DOC_KIND,
    'key1key1key1',
    {
      id: 'key1key1key1',
      name: 'Enterprise',
      sha256: '0'.repeat(64),
      scopes: ['query'],
      ratePerMinute: 60,
      dailyQuota: 1000,
      createdAt: new Date(now).toISOString(),
      createdBy: 'admin',
      expiresAt: new Date(now + 3650 * 24 * 60 * MINUTE).toISOString(),
    },
    0,
  );
  const hook: Webhook = {
    id: 'wh_all',
    keyId: 'key1key1key1',
    url: 'https://hooks.example.com/in',
    events: [...EVENT_TYPES],
    secret: 'whsec_test',
    status: 'active',
    consecutiveFailures: 0,
    createdAt: new Date(now).toISOString(),
  };
  await store.putDoc(WEBHOOK_KIND, hook.id, hook, 0);
});

describe('webhook sweep', () => {
  it('after its first run reads only what changed: no catalogue listing, no mark per past event, no delivery log', async () => {
    await runWebhooks(deps()); // first run: the whole catalogue once
    expect(delivered()).toEqual([]); // history before the webhook existed is not sent
    calls = {};
    now += MINUTE;
    await runWebhooks(deps());
    expect(calls.listDatasets ?? 0).toBe(0);
    expect(calls.listVersions ?? 0).toBe(0);
    expect(calls[`getDoc:${EVENT_KIND}`] ?? 0).toBe(0);
    expect(calls[`listDocs:${DELIVERY_KIND}`] ?? 0).toBe(0);
    expect(calls.listVersionsChangedSince).toBe(1);

    await publish('ds-3', 3);
    now += MINUTE;
    calls = {};
    await runWebhooks(deps());
    expect(delivered()).toEqual(['ds-3/v3/version.published']);
    expect(calls.listDatasets ?? 0).toBe(0);
    expect(calls.listVersions ?? 0).toBe(0);
    expect(calls[`listDocs:${DELIVERY_KIND}`] ?? 0).toBe(0);
  });

  it('delivers every event exactly once across sweeps: late index entries, overlapping sweeps, retries', async () => {
    await runWebhooks(deps());
    const expected: string[] = [];
    for (let round = 0; round < 12; round++) {
      now += MINUTE;
      const d = `ds-${round % 5}`;
      const v = 3 + Math.floor(round / 5);
      await publish(d, v);
      expected.push(`${d}/v${v}/version.published`);
      if (round % 3 === 1) {
        // Written now, visible in the index only after the next change has been swept.
        await publish('late', round);
        hidden.add(`late/${round}`);
        expected.push(`late/v${round}/version.published`);
      }
      if (round % 4 === 2) {
        await withdraw('ds-9', 1);
        if (!expected.includes('ds-9/v1/version.withdrawn')) expected.push('ds-9/v1/version.withdrawn');
      }
      if (round === 6) failNext = 2; // the receiver fails twice: retried after the backoff
      now += 30_000;
      // Two sweeps at once (the schedule and a late retry of the previous invocation).
      await Promise.all([runWebhooks(deps()), runWebhooks(deps())]);
      if (round % 3 === 2) hidden.clear();
    }
    // Let the retries come due.
    for (let i = 0; i < 10; i++) {
      now += 5 * MINUTE;
      await runWebhooks(deps());
    }
    expect(delivered().sort()).toEqual([...expected].sort());
    expect(new Set(delivered()).size).toBe(delivered().length);
    expect(received.filter((r) => r.status === 503)).toHaveLength(2);
  });

  it('reads the version of an event once per sweep, however many webhooks it is delivered to', async () => {
    const first = await store.getDoc<Webhook>(WEBHOOK_KIND, 'wh_all');
    for (let i = 0; i < 4; i++) {
      const hook = { ...(first?.value as Webhook), id: `wh_${i}`, url: `https://hooks.example.com/in/${i}` };
      await store.putDoc(WEBHOOK_KIND, hook.id, hook, 0);
    }
    await runWebhooks(deps());
    now += MINUTE;
    await publish('ds-3', 3);
    now += MINUTE;
    calls = {};
    await runWebhooks(deps());
    expect(delivered()).toEqual(Array(5).fill('ds-3/v3/version.published'));
    expect(calls.getVersion).toBe(1);

    // Retries too: the five come due again in one later sweep, which reads the version once.
    await withdraw('ds-3', 3);
    now += MINUTE;
    failNext = 5;
    await runWebhooks(deps());
    expect(received.filter((r) => r.status === 503)).toHaveLength(5);
    now += 10 * MINUTE;
    calls = {};
    await runWebhooks(deps());
    expect(received.filter((r) => r.eventId === 'ds-3/v3/version.withdrawn' && r.status === 200)).toHaveLength(5);
    expect(calls.getVersion).toBe(1);
  });

  it('a change whose index entry shows up within the look-back is still delivered', async () => {
    await runWebhooks(deps());
    now += MINUTE;
    await publish('ds-1', 3);
    hidden.add('ds-1/3');
    // Five minutes apart: the look-back (ten minutes) re-reads ds-1 v3 once it shows up.
    expect(SWEEP_LOOKBACK_MS).toBeGreaterThan(5 * MINUTE);
    now += 5 * MINUTE;
    await publish('ds-2', 3); // swept: the high-water mark passes ds-1 v3's write
    await runWebhooks(deps());
    expect(delivered()).toEqual(['ds-2/v3/version.published']);
    hidden.clear();
    now += MINUTE;
    await runWebhooks(deps());
    expect(delivered()).toEqual(['ds-2/v3/version.published', 'ds-1/v3/version.published']);
  });

  it('still attempts deliveries left pending by the sweep before the due index existed', async () => {
    // As the earlier sweep stored them: a delivery document only.
    const at = new Date(now).toISOString();
    await store.putDoc(
      DELIVERY_KIND,
      'wh_all#20261122095900000-0001',
      {
        id: 'wh_all#20261122095900000-0001',
        webhookId: 'wh_all',
        eventId: 'ds-1/v2/version.published',
        eventType: 'version.published',
        body: JSON.stringify({ event: 'version.published', eventId: 'ds-1/v2/version.published' }),
        state: 'pending',
        attempts: [],
        nextAttemptAt: at,
        createdAt: at,
      },
      0,
    );
    await runWebhooks(deps());
    expect(delivered()).toEqual(['ds-1/v2/version.published']);
    calls = {};
    now += MINUTE;
    await runWebhooks(deps());
    expect(calls[`listDocs:${DELIVERY_KIND}`] ?? 0).toBe(0);
  });

  it('expires event marks and finished deliveries, and a version written again later announces nothing again', async () => {
    await runWebhooks(deps());
    now += MINUTE;
    await publish('ds-4', 3);
    now += MINUTE;
    await runWebhooks(deps());
    expect(delivered()).toEqual(['ds-4/v3/version.published']);
    const deliveryIds = (await store.listDocs(DELIVERY_KIND)).map((d) => d.id);
    expect(deliveryIds).toHaveLength(1);
    expect(await store.getDoc(EVENT_KIND, 'ds-4/v3/version.published')).toBeDefined();
    expect(await store.listDocs(DUE_KIND)).toEqual([]);

    now += EVENT_MARK_TTL_MS + MINUTE;
    expect(await store.getDoc(EVENT_KIND, 'ds-4/v3/version.published')).toBeUndefined();
    expect(await store.listDocs(DELIVERY_KIND)).toEqual([]);
    // The version record is written again (any later update): its old event is not sent a second time.
    const v = await store.getVersion('ds-4', 3);
    await store.updateVersion({ ...(v?.value as VersionRecord), label: 'relabelled' }, v?.revision ?? 0);
    await runWebhooks(deps());
    expect(delivered()).toEqual(['ds-4/v3/version.published']);
  });
});
