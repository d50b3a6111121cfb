import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../functions/adapters/aws/s3-blob-store.ts';
import { S3UploadSigner } from '../../functions/adapters/aws/s3-upload-signer.ts';
import { main } from '../../functions/cli/main.ts';
import { parseManifestYaml } from '../../functions/core/manifest/parse.ts';
import { toPrincipal } from '../../functions/core/release/principal.ts';
import type { Release } from '../../functions/core/release/release.ts';
import { handler } from '../../functions/handlers/ingest.ts';
import { logger } from '../../functions/http/observability.ts';
import type { S3Notification } from '../../functions/http/s3-notification.ts';
import { type S3rverHandle, startS3rver } from '../../functions/local/standins/s3rver.ts';
import { sqsMessage } from '../../functions/local/upload-notifications.ts';
import type { UploadQueue } from '../../functions/ports/upload-queue.ts';
import { publishRelease } from '../../functions/usecases/publish-release.ts';
import { readLedger } from '../../functions/usecases/release/audit-ledger.ts';
import type { ReleaseDeps } from '../../functions/usecases/release/deps.ts';
import { loadRelease } from '../../functions/usecases/release/release-store.ts';
import { resumeStalledPublications } from '../../functions/usecases/release/resume-publications.ts';
import { createRelease } from '../../functions/usecases/release/submit-release.ts';
import { composeLocalReleaseDeps, installReleaseDeps } from '../../functions/wiring/release-deps.ts';
import { installUploadQueue } from '../../functions/wiring/upload-queue.ts';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureCsv, fixtureManifest, TOKENS } from '../support/release-fixtures.ts';

/**
 * The AWS upload path end to end, on the embedded stand-ins: a release announced with sizes and
 * hashes, its files PUT to presigned URLs of the raw bucket (s3rver, signed by the production
 * signer), s3rver's ObjectCreated notifications delivered as SQS messages to the ingest function,
 * which submits the release once its last file is there and runs the real checks (DuckDB).
 */
const RAW = 'raw';
let dir: string;
let s3: S3rverHandle;
let p: Awaited<ReturnType<typeof startTestPlatform>>;
let deps: ReleaseDeps;
const notifications: S3Notification[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-queue-'));
  s3 = await startS3rver({ directory: dir, buckets: [RAW] });
  // As the raw bucket's notification configuration: ObjectCreated events only (s3rver also raises removals).
  s3.onNotification((n) => {
    if (n.Records.every((r) => r.eventName.startsWith('ObjectCreated:'))) notifications.push(n);
  });
  p = await startTestPlatform({ only: [], publishScorecards: false });
  logger.setLogLevel('SILENT'); // the function's logs (release ids and outcomes) would drown the report
  const local = composeLocalReleaseDeps(p.deps, { dataDir: p.dataDir, datasetsDir: join(REPO_ROOT, 'datasets') });
  deps = { ...local, raw: new S3BlobStore(s3.client, RAW), uploadSigner: new S3UploadSigner(s3.client, RAW) };
  installReleaseDeps(deps);
}, 120_000);

afterAll(async () => {
  await p?.cleanup();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const principal = (id: string) => {
  const entry = deps.principals?.principals.find((e) => e.id === id);
  if (!entry) throw new Error(`no principal ${id}`);
  return toPrincipal(entry);
};

/** A release of two CSV files (rows split between them), so one upload alone does not complete it. */
function twoFileRelease(id: string) {
  const manifest = fixtureManifest({ id }).replace(
    'files: [{ path: data.csv }]',
    'files: [{ path: part-1.csv }, { path: part-2.csv }]',
  );
  const files = {
    'part-1.csv': Buffer.from('station,pm25\nnorth,12.5\nsouth,30.1\n'),
    'part-2.csv': Buffer.from('station,pm25\neast,8.2\n'),
  };
  const announced = Object.entries(files).map(([name, bytes]) => ({
    name,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }));
  return { manifest, files, announced };
}

async function put(upload: { url: string; headers: Record<string, string> }, body: Buffer): Promise<void> {
  const res = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(body) });
  expect(res.status, await res.text()).toBe(200);
}

let messageSeq = 0;
/** Waits for the notifications of `count` more uploads and wraps each in an SQS message, as the queue would. */
async function nextMessages(count: number): Promise<SQSEvent> {
  for (let i = 0; notifications.length < count && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
  expect(notifications.length).toBeGreaterThanOrEqual(count);
  return sqsEvent(notifications.splice(0, count).map((n) => JSON.stringify(n)));
}

function sqsEvent(bodies: string[]): SQSEvent {
  return { Records: bodies.map((body) => sqsMessage(`m-${++messageSeq}`, body)) };
}

/** The raw-upload queue as the ingest function acts on it (SQS in AWS), recording what it is asked. */
function recordingQueue() {
  const resent: string[] = [];
  const delays: Array<[string | undefined, number]> = [];
  const queue: UploadQueue = {
    resend: async (body) => void resent.push(body),
    retryAfter: async (handle, seconds) => void delays.push([handle, seconds]),
  };
  return { queue, resent, delays };
}

/** A fresh invocation with its whole 15-minute limit ahead. */
const context = { functionName: 'ingest', awsRequestId: 'req', getRemainingTimeInMillis: () => 900_000 } as Context;
const stateOf = async (id: string): Promise<Release> => (await loadRelease(deps, id)).value;

/**
 * Release A with its first file only, release B complete (two files): three messages in one batch, and an
 * invocation that has 15 minutes at the start but 6 left once the first message is done.
 */
async function batchOverBudget(name: string) {
  const a = twoFileRelease(`${name}-a`);
  const b = twoFileRelease(`${name}-b`);
  const createdA = await createRelease(deps, principal('alice'), { manifestYaml: a.manifest, files: a.announced });
  const createdB = await createRelease(deps, principal('alice'), { manifestYaml: b.manifest, files: b.announced });
  await put((createdA.uploads ?? [])[0] as { url: string; headers: Record<string, string> }, a.files['part-1.csv']);
  for (const [i, u] of (createdB.uploads ?? []).entries()) await put(u, Object.values(b.files)[i] as Buffer);
  const batch = await nextMessages(3);
  const left = [900_000, 900_000, 360_000];
  const timed = { ...context, getRemainingTimeInMillis: () => left.shift() ?? 360_000 } as Context;
  return { createdA, createdB, batch, timed };
}

describe('raw-upload queue → ingest function', () => {
  it('submits the release as its creator when the last file arrives, and runs its checks once', async () => {
    const r = twoFileRelease('upload-queue-air');
    const created = await createRelease(deps, principal('alice'), { manifestYaml: r.manifest, files: r.announced });
    expect(created.release.state).toBe('draft');
    const uploads = created.uploads ?? [];
    expect(uploads.map((u) => u.name)).toEqual(['part-1.csv', 'part-2.csv']);

    await put(uploads[0] as (typeof uploads)[number], r.files['part-1.csv']);
    expect(await handler(await nextMessages(1), context)).toEqual({ batchItemFailures: [] });
    expect((await stateOf(created.release.id)).state).toBe('draft');

    await put(uploads[1] as (typeof uploads)[number], r.files['part-2.csv']);
    const both = await nextMessages(1);
    expect(await handler(both, context)).toEqual({ batchItemFailures: [] });
    const checked = await stateOf(created.release.id);
    expect(checked.state).toBe('checks-passed');
    expect(checked.submittedBy).toBe('alice');
    expect(checked.checks?.rowsRead).toBe(3);

    // A redelivered notification (SQS is at-least-once) changes nothing.
    await handler(both, context);
    expect((await stateOf(created.release.id)).history).toEqual(checked.history);
    const submitted = ((await readLedger(deps)) as Array<{ action: string; subject: string; details: unknown }>).filter(
      (e) => e.action === 'release.submitted' && e.subject === `release/${created.release.id}`,
    );
    expect(submitted).toHaveLength(1);
    expect(submitted[0]?.details).toEqual({ trigger: 'upload-complete' });
  }, 60_000);

  it('checks a release once when the notifications of all its files come in one batch', async () => {
    const r = twoFileRelease('upload-queue-batch');
    const created = await createRelease(deps, principal('alice'), { manifestYaml: r.manifest, files: r.announced });
    for (const [i, u] of (created.uploads ?? []).entries()) await put(u, Object.values(r.files)[i] as Buffer);
    let runs = 0;
    const counting: ReleaseDeps = {
      ...deps,
      processor: {
        ...deps.processor,
        process: (input) => {
          runs++;
          return deps.processor.process(input);
        },
      },
    };
    installReleaseDeps(counting);
    try {
      expect(await handler(await nextMessages(2), context)).toEqual({ batchItemFailures: [] });
    } finally {
      installReleaseDeps(deps);
    }
    expect((await stateOf(created.release.id)).state).toBe('checks-passed');
    expect(runs).toBe(1);
  }, 60_000);

  it('leaves a message whose checks broke off to the queue, and the redelivery finishes them', async () => {
    const r = twoFileRelease('upload-queue-retry');
    const created = await createRelease(deps, principal('alice'), { manifestYaml: r.manifest, files: r.announced });
    for (const [i, u] of (created.uploads ?? []).entries()) await put(u, Object.values(r.files)[i] as Buffer);
    const messages = await nextMessages(2);
    installReleaseDeps({
      ...deps,
      processor: {
        ...deps.processor,
        process: async () => {
          // An internal error whose text quotes a cell, as DuckDB's do.
          throw new Error('Conversion Error: Could not convert string "13812345678" to INT64');
        },
      },
    });
    const q = recordingQueue();
    installUploadQueue(q.queue);
    const secondAttempt = {
      ...messages.Records[1],
      attributes: { ...messages.Records[1]?.attributes, ApproximateReceiveCount: '2' },
    };
    try {
      // Both messages complete the release, so both fail: the whole batch goes back to the queue, each
      // message after its back-off (1 min after a first attempt, 5 after a second), not 90 minutes.
      await expect(handler({ Records: [messages.Records[0], secondAttempt] } as SQSEvent, context)).rejects.toThrow(
        /All records failed/,
      );
    } finally {
      installReleaseDeps(deps);
      installUploadQueue(undefined);
    }
    expect(q.delays).toEqual([
      [messages.Records[0]?.receiptHandle, 60],
      [messages.Records[1]?.receiptHandle, 300],
    ]);
    expect(q.resent).toEqual([]);
    // Stuck on the platform's side, not on the data: the release says so (the error's class, never its
    // text), and after the second failure the department and the platform team are told (urgent).
    const stuck = await stateOf(created.release.id);
    expect(stuck.state).toBe('submitted');
    expect(stuck.checksError).toMatchObject({ kind: 'Conversion Error', attempts: 2 });
    const outbox = await readFile(join(p.dataDir, 'outbox', 'alerts.jsonl'), 'utf8').catch(() => '');
    const notices = outbox
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; urgency: string; link: string })
      .filter((n) => n.link.endsWith(`/v1/releases/${created.release.id}`));
    expect(notices.map((n) => [n.kind, n.urgency])).toEqual([['release-checks-error', 'urgent']]);
    expect(JSON.stringify(stuck) + outbox).not.toContain('13812345678');
    const audited = ((await readLedger(deps)) as Array<{ action: string; subject: string }>).filter(
      (e) => e.action === 'release.checks-error' && e.subject === `release/${created.release.id}`,
    );
    expect(audited).toHaveLength(2);
    // The redelivery runs the checks, and the error is history.
    expect(await handler(sqsEvent([messages.Records[1]?.body as string]), context)).toEqual({ batchItemFailures: [] });
    const checked = await stateOf(created.release.id);
    expect(checked.state).toBe('checks-passed');
    expect(checked.checksError).toBeUndefined();
  }, 60_000);

  it('keeps waiting while an upload differs from what was announced', async () => {
    const r = twoFileRelease('upload-queue-short');
    const created = await createRelease(deps, principal('alice'), { manifestYaml: r.manifest, files: r.announced });
    const [first, second] = created.uploads ?? [];
    await put(first as NonNullable<typeof first>, r.files['part-1.csv']);
    // Real S3 refuses this PUT (signed length and checksum); the stand-in stores it, and the check catches it.
    await fetch((second as NonNullable<typeof second>).url, { method: 'PUT', body: Buffer.from('station\n') });
    expect(await handler(await nextMessages(2), context)).toEqual({ batchItemFailures: [] });
    expect((await stateOf(created.release.id)).state).toBe('draft');
  }, 60_000);

  it.each([
    ['left the directory', () => (deps.principals?.principals ?? []).filter((e) => e.id !== 'alice')],
    [
      'lost the publisher role',
      () => (deps.principals?.principals ?? []).map((e) => (e.id === 'alice' ? { ...e, roles: [] } : e)),
    ],
  ])(
    'does not submit for a creator who %s, and does not retry that',
    async (why, directory) => {
      const r = twoFileRelease(`upload-queue-${why.replace(/ /g, '-')}`);
      const created = await createRelease(deps, principal('alice'), { manifestYaml: r.manifest, files: r.announced });
      installReleaseDeps({ ...deps, principals: { principals: directory() } });
      try {
        for (const [i, u] of (created.uploads ?? []).entries()) {
          await put(u, Object.values(r.files)[i] as Buffer);
        }
        expect(await handler(await nextMessages(2), context)).toEqual({ batchItemFailures: [] });
        expect((await stateOf(created.release.id)).state).toBe('draft');
      } finally {
        installReleaseDeps(deps);
      }
      // A publisher can still submit it by hand.
      const { submitRelease } = await import('../../functions/usecases/release/submit-release.ts');
      expect((await submitRelease(deps, principal('carol'), created.release.id)).state).toBe('checks-passed');
    },
    60_000,
  );

  it('reports only the messages it could not handle (partial batch response), ignoring test events and strangers', async () => {
    const stranger: S3Notification = {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: RAW }, object: { key: 'uploads/x/no-such-release/0-a.csv' } },
        },
      ],
    };
    const event = sqsEvent([
      JSON.stringify({ Event: 's3:TestEvent', Bucket: RAW }),
      'not json',
      JSON.stringify(stranger),
      JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put' }] }),
    ]);
    const ids = event.Records.map((m) => m.messageId);
    expect(await handler(event, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: ids[1] }, { itemIdentifier: ids[3] }],
    });
  });

  it('leaves the rest of a batch to another invocation once half the time limit is used', async () => {
    const { createdA, createdB, batch, timed } = await batchOverBudget('upload-queue-budget');
    const ids = batch.Records.map((m) => m.messageId);
    expect(await handler(batch, timed)).toEqual({
      batchItemFailures: [{ itemIdentifier: ids[1] }, { itemIdentifier: ids[2] }],
    });
    expect((await stateOf(createdB.release.id)).state).toBe('draft'); // not checked by this invocation
    // The deferred messages, redelivered to a fresh invocation, submit and check B.
    expect(await handler({ Records: batch.Records.slice(1) }, context)).toEqual({ batchItemFailures: [] });
    expect((await stateOf(createdB.release.id)).state).toBe('checks-passed');
    expect((await stateOf(createdA.release.id)).state).toBe('draft');
  }, 60_000);

  it('sends deferred messages again as new messages (no wait, no count towards the dead-letter queue)', async () => {
    const { createdB, batch, timed } = await batchOverBudget('upload-queue-resend');
    const q = recordingQueue();
    installUploadQueue(q.queue);
    try {
      // Done as far as this invocation goes: the two deferred messages are on the queue again as new ones.
      expect(await handler(batch, timed)).toEqual({ batchItemFailures: [] });
    } finally {
      installUploadQueue(undefined);
    }
    expect(q.resent).toEqual(batch.Records.slice(1).map((m) => m.body));
    expect(q.delays).toEqual([]);
    expect((await stateOf(createdB.release.id)).state).toBe('draft');
    // Received afresh by another invocation, they submit and check B.
    expect(await handler(sqsEvent(q.resent), context)).toEqual({ batchItemFailures: [] });
    expect((await stateOf(createdB.release.id)).state).toBe('checks-passed');
  }, 60_000);

  it('reports a deferred message failed when it cannot be sent again (it returns after the visibility timeout)', async () => {
    const { batch, timed } = await batchOverBudget('upload-queue-resend-fails');
    installUploadQueue({
      resend: async () => {
        throw new Error('AccessDenied');
      },
      retryAfter: async () => {},
    });
    try {
      expect(await handler(batch, timed)).toEqual({
        batchItemFailures: batch.Records.slice(1).map((m) => ({ itemIdentifier: m.messageId })),
      });
    } finally {
      installUploadQueue(undefined);
    }
  }, 60_000);
});

describe('daily schedule → ingest function publishes the scorecard dataset', () => {
  it('publishes platform-scorecards once per change, audited as published by the platform', async () => {
    // A dataset to score (a platform with none has nothing to publish: `no-datasets`, no refusal).
    const csv = join(dir, 'scored.csv');
    await writeFile(csv, fixtureCsv());
    const published = await publishRelease(deps, {
      releaseId: 'scored-dataset-1',
      manifest: parseManifestYaml(fixtureManifest({ id: 'upload-queue-scored' }), 'dataset.yaml'),
      sources: [{ label: 'data.csv', path: csv }],
      registry: await deps.registry(),
    });
    expect(published.status).toBe('published');
    const first = (await handler({ task: 'scorecard-dataset' } as never, context)) as {
      status: string;
      version: number;
    };
    expect(first.status).toBe('published');
    expect(await handler({ task: 'scorecard-dataset' } as never, context)).toEqual({
      status: 'unchanged',
      version: first.version,
    });
    const audited = ((await readLedger(deps)) as Array<{ action: string; subject: string }>).filter(
      (e) => e.action === 'scorecards.published',
    );
    expect(audited.map((e) => e.subject)).toEqual([`dataset/platform-scorecards/v${first.version}`]);
    // The catalogue snapshot (the site's source) lists it.
    const snapshot = JSON.parse(
      Buffer.from((await deps.blobs.readBytes('catalog/snapshot.json')) ?? new Uint8Array()).toString('utf8'),
    ) as { datasets: Array<{ entry: { id: string } }> };
    expect(snapshot.datasets.map((d) => d.entry.id)).toContain('platform-scorecards');
  }, 60_000);
});

describe('approval → ReleaseApproved event → ingest function publishes', () => {
  const approvedEvent = (releaseId: string) => ({
    source: 'opendata.releases',
    'detail-type': 'ReleaseApproved',
    detail: { releaseId },
  });

  async function checkedRelease(id: string): Promise<string> {
    const r = twoFileRelease(id);
    const created = await createRelease(deps, principal('alice'), { manifestYaml: r.manifest, files: r.announced });
    for (const [i, u] of (created.uploads ?? []).entries()) await put(u, Object.values(r.files)[i] as Buffer);
    await handler(await nextMessages(2), context);
    expect((await stateOf(created.release.id)).state).toBe('checks-passed');
    return created.release.id;
  }

  it('answers the approval with 202 and queues it; the event publishes exactly one version', async () => {
    const id = await checkedRelease('upload-queue-publish');
    const queued: string[] = [];
    installReleaseDeps({ ...deps, publication: { enqueue: async (releaseId) => void queued.push(releaseId) } });
    try {
      const res = await api(p.url, 'POST', `/v1/releases/${id}/approve`, { token: 'bob' });
      expect(res.status).toBe(202);
      expect(res.body.state).toBe('approved');
      expect(res.body.approvedBy).toBe('bob');
    } finally {
      installReleaseDeps(deps);
    }
    expect(queued).toEqual([id]);
    expect(await deps.catalog.listVersions('upload-queue-publish')).toEqual([]);

    const first = await handler(approvedEvent(id) as never, context);
    expect(first).toEqual({ releaseId: id, state: 'published', version: 1 });
    // EventBridge delivers at least once: a second delivery completes nothing new.
    expect(await handler(approvedEvent(id) as never, context)).toEqual(first);
    const versions = await deps.catalog.listVersions('upload-queue-publish');
    expect(versions.map((v) => [v.version, v.state])).toEqual([[1, 'published']]);
    const published = ((await readLedger(deps)) as Array<{ action: string; details: { release?: string } }>).filter(
      (e) => e.action === 'release.published' && e.details.release === id,
    );
    expect(published).toHaveLength(1);
    const download = await fetch(`${p.url}/v1/datasets/upload-queue-publish/versions/1/data.csv`);
    expect(download.status).toBe(200);
    expect(await download.text()).toContain('east');
  }, 60_000);

  /** Approves over the local API with a recording queue (as in AWS: 202, publication queued). */
  async function approvedRelease(name: string): Promise<string> {
    const id = await checkedRelease(name);
    installReleaseDeps({ ...deps, publication: { enqueue: async () => {} } });
    try {
      expect((await api(p.url, 'POST', `/v1/releases/${id}/approve`, { token: 'bob' })).status).toBe(202);
    } finally {
      installReleaseDeps(deps);
    }
    return id;
  }

  it('queues again, on the hourly task, an approved release whose publication event was lost', async () => {
    const lost = await approvedRelease('upload-queue-lost-event');
    const queued: string[] = [];
    const recorder = { ...deps, publication: { enqueue: async (id: string) => void queued.push(id) } };
    // Approved just now: not stalled yet.
    expect(await resumeStalledPublications(recorder)).toEqual([]);
    // Past the wait (here: none), it is queued again; published releases are not.
    expect(await resumeStalledPublications(recorder, 0)).toEqual([lost]);
    expect(queued).toEqual([lost]);
    expect(await handler(approvedEvent(lost) as never, context)).toMatchObject({ state: 'published', version: 1 });
    expect(await resumeStalledPublications(recorder, 0)).toEqual([]);
  }, 60_000);

  /** The notices sent about a release, in order (the local notifier's outbox file). */
  const noticesOf = async (id: string) => {
    const outbox = join(p.dataDir, 'outbox', 'alerts.jsonl');
    const lines = (await readFile(outbox, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return lines
      .map((l) => JSON.parse(l) as { kind: string; link: string; department: string })
      .filter((n) => n.link.endsWith(`/v1/releases/${id}`));
  };

  const ledgerOf = async (id: string) =>
    ((await readLedger(deps)) as Array<{ action: string; subject: string; details: Record<string, unknown> }>).filter(
      (e) => e.subject === `release/${id}`,
    );

  it('records a publication refused for good (raw file gone) as publication-failed, once, and publishes nothing', async () => {
    const id = await approvedRelease('upload-queue-gone');
    const release = await stateOf(id);
    await deps.raw.delete(release.files[1]?.key as string); // as the retention lifecycle rule would

    expect(await handler(approvedEvent(id) as never, context)).toMatchObject({ releaseId: id, refused: /raw file/ });
    const failed = await stateOf(id);
    expect(failed.state).toBe('publication-failed');
    expect(failed.publicationFailure).toMatchObject({ status: 410, type: 'gone', detail: /"part-2.csv"/ });
    expect(failed.publicationFailure?.hint).toMatch(/submit a new release/);
    expect(await deps.catalog.listVersions('upload-queue-gone')).toEqual([]);

    // A redelivered event is refused as not approved; the failure is audited once.
    expect(await handler(approvedEvent(id) as never, context)).toMatchObject({ refused: /publication-failed/ });
    const entries = (await ledgerOf(id)).filter((e) => e.action === 'release.publication-failed');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({ dataset: 'upload-queue-gone', status: 410 });
    // The department was told, once (through the platform's notifier: the outbox locally, SNS in AWS).
    expect((await noticesOf(id)).map((n) => n.kind)).toEqual([
      'release-awaiting-approval',
      'release-publication-failed',
    ]);
    // The department sees why over the API; the approver cannot approve it again.
    const seen = await api(p.url, 'GET', `/v1/releases/${id}`, { token: 'alice' });
    expect(seen.body.publicationFailure).toMatchObject({ status: 410 });
    expect((await api(p.url, 'POST', `/v1/releases/${id}/approve`, { token: 'bob' })).status).toBe(409);
  }, 60_000);

  it('keeps the issues when the data no longer passes the checks at publication (checks made stricter since)', async () => {
    const id = await approvedRelease('upload-queue-stricter');
    const issue = {
      type: 'pii/residual',
      field: 'station',
      message: 'a detector added since submission finds identities in "station"',
      hint: 'treat the column',
    } as const;
    const stricter: ReleaseDeps['processor'] = {
      process: async (input) => {
        const r = await deps.processor.process(input);
        return { report: { ...r.report, valid: false, issues: [issue], total: 1, counts: { 'pii/residual': 1 } } };
      },
    };
    installReleaseDeps({ ...deps, processor: stricter });
    try {
      await handler(approvedEvent(id) as never, context);
    } finally {
      installReleaseDeps(deps);
    }
    const failed = await stateOf(id);
    expect(failed.state).toBe('publication-failed');
    expect(failed.publicationFailure).toMatchObject({ status: 422, type: 'release-refused', issues: [issue] });
    expect(await deps.catalog.listVersions('upload-queue-stricter')).toEqual([]);
  }, 60_000);

  it('leaves a release approved when publication fails for a transient reason, and the retry publishes it', async () => {
    const id = await approvedRelease('upload-queue-transient');
    const flaky: ReleaseDeps['processor'] = {
      process: async () => {
        throw new Error('disk full');
      },
    };
    installReleaseDeps({ ...deps, processor: flaky });
    try {
      await expect(handler(approvedEvent(id) as never, context)).rejects.toThrow(/disk full/);
    } finally {
      installReleaseDeps(deps);
    }
    expect((await stateOf(id)).state).toBe('approved');
    expect(await handler(approvedEvent(id) as never, context)).toMatchObject({ state: 'published', version: 1 });
  }, 60_000);

  /** `opendata approve` against the platform, whose approvals are queued and published by the event ~0.3 s later. */
  async function cliApprove(id: string): Promise<{ code: number; out: string; err: string }> {
    const later = (releaseId: string) =>
      setTimeout(() => void handler(approvedEvent(releaseId) as never, context).catch(() => {}), 300);
    installReleaseDeps({ ...deps, publication: { enqueue: async (releaseId) => void later(releaseId) } });
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await main(['approve', id], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env: { OPENDATA_API: p.url, OPENDATA_TOKEN: TOKENS.bob, OPENDATA_WAIT_SECONDS: '30' },
        cwd: process.cwd(),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      installReleaseDeps(deps);
    }
  }

  it('opendata approve waits for a queued publication and says which version it became', async () => {
    const id = await checkedRelease('upload-queue-cli');
    const r = await cliApprove(id);
    expect(r.out).toMatch(/publication queued, waiting/);
    expect(r.out).toMatch(/published upload-queue-cli version 1/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('opendata approve exits 1 and shows why when the queued publication is refused', async () => {
    const id = await checkedRelease('upload-queue-cli-gone');
    await deps.raw.delete((await stateOf(id)).files[0]?.key as string);
    const r = await cliApprove(id);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/approved but not published/);
    expect(r.out).toMatch(/not published \(410 gone\): the raw file "part-1.csv"/);
  }, 60_000);

  it('does not publish a release that is not approved, and does not retry that', async () => {
    const id = await checkedRelease('upload-queue-unapproved');
    expect(await handler(approvedEvent(id) as never, context)).toMatchObject({
      releaseId: id,
      refused: /checks-passed/,
    });
    expect((await stateOf(id)).state).toBe('checks-passed');
    await expect(handler({ source: 'aws.s3', detail: {} } as never, context)).rejects.toThrow(/unknown event/);
  }, 60_000);
});
