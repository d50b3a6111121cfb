import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { RELEASE_APPROVED_EVENT } from '../../infra/runtime-env.ts';
import { isAppError } from '../core/errors.ts';
import { ReleaseId } from '../core/release/release.ts';
import { uploadRetryDelaySeconds } from '../core/release/upload-retry.ts';
import { logger } from '../http/observability.ts';
import { createdObjectKeys } from '../http/s3-notification.ts';
import type { UploadQueue } from '../ports/upload-queue.ts';
import { refreshSnapshotAfterChange } from '../usecases/build-snapshot.ts';
import { registerPublishedTables } from '../usecases/publish-release.ts';
import { publishScorecardDataset } from '../usecases/publish-scorecard-dataset.ts';
import { publishApprovedRelease } from '../usecases/release/approve-release.ts';
import { submitOnUpload } from '../usecases/release/submit-on-upload.ts';
import { getReleaseDeps } from '../wiring/release-deps.ts';
import { getUploadQueue } from '../wiring/upload-queue.ts';

const processor = new BatchProcessor(EventType.SQS);

/**
 * Whether the invocation has used half of the time it started with. From then on no new message is
 * started: the rest go back to the queue (partial batch failure) for another invocation, rather than a
 * release check being cut off by the time limit with the whole batch. The first message always runs.
 */
function halfTimeUsed(context: Context): () => boolean {
  const atStart = context.getRemainingTimeInMillis();
  return () => context.getRemainingTimeInMillis() < atStart / 2;
}

/**
 * A message this invocation leaves to another one. With the queue at hand it is sent again as a new
 * message and this one reported done: received again at once, with its receive count back at one (a
 * deferral is no failure and must not lead to the dead-letter queue). Without it, or if the send fails,
 * the message is reported failed and comes back after the visibility timeout.
 */
async function defer(record: SQSRecord, queue: UploadQueue | undefined): Promise<void> {
  if (queue) {
    try {
      await queue.resend(record.body);
      logger.info('upload message deferred: half of the time limit is used; sent again', {
        messageId: record.messageId,
      });
      return;
    } catch (e) {
      logger.warn('deferred upload message could not be sent again; it returns after the visibility timeout', {
        messageId: record.messageId,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  throw new Error('deferred to another invocation');
}

/** A failed message is retried after a back-off (1, 5, 15 min), not the queue's 90-minute visibility timeout. */
async function backOff(record: SQSRecord, queue: UploadQueue | undefined): Promise<number | undefined> {
  if (!queue) return undefined;
  const seconds = uploadRetryDelaySeconds(Number(record.attributes.ApproximateReceiveCount));
  try {
    await queue.retryAfter(record.receiptHandle, seconds);
    return seconds;
  } catch (e) {
    logger.warn('could not set the retry back-off; the message returns after the visibility timeout', {
      messageId: record.messageId,
      error: e instanceof Error ? e.message : String(e),
    });
    return undefined;
  }
}

/** One queue message: an S3 notification of raw uploads (release id and outcome are logged, never file contents). */
async function onMessage(record: SQSRecord, overBudget: () => boolean, queue: UploadQueue | undefined): Promise<void> {
  if (overBudget()) return defer(record, queue);
  try {
    for (const key of createdObjectKeys(record.body)) {
      const result = await submitOnUpload(getReleaseDeps(), key);
      if (result.outcome === 'creator-not-allowed') logger.warn('upload not submitted', result);
      else logger.info('upload', result);
    }
  } catch (e) {
    // The message goes back to the queue; say why once per attempt (messages carry keys, not data).
    const retryInSeconds = await backOff(record, queue);
    logger.error('upload message failed', {
      messageId: record.messageId,
      attempt: record.attributes.ApproximateReceiveCount,
      ...(retryInSeconds !== undefined ? { retryInSeconds } : {}),
      error: e instanceof Error ? e.message : String(e),
    });
    throw e;
  }
}

/** The EventBridge event an approval puts on the bus in AWS (infra/runtime-env.ts RELEASE_APPROVED_EVENT). */
const ReleaseApproved = z.object({
  source: z.literal(RELEASE_APPROVED_EVENT.source),
  'detail-type': z.literal(RELEASE_APPROVED_EVENT.detailType),
  detail: z.object({ releaseId: ReleaseId }),
});

async function onApproved(event: z.output<typeof ReleaseApproved>): Promise<unknown> {
  const id = event.detail.releaseId;
  try {
    const r = await publishApprovedRelease(getReleaseDeps(), id);
    logger.info('release published', { releaseId: id, dataset: r.datasetId, version: r.version });
    return { releaseId: id, state: r.state, version: r.version };
  } catch (e) {
    // Refusals are final, not retried: a release that is not approved (any more), or one whose data no
    // longer passes its checks — that one is now `publication-failed` with the reason, which the
    // department sees in GET /v1/releases/{id} (it submits a new release).
    if (isAppError(e) && e.status < 500) {
      logger.warn('release not published', { releaseId: id, reason: e.detail });
      return { releaseId: id, refused: e.detail };
    }
    throw e; // retried by the asynchronous invocation, then alarmed as a function error
  }
}

/** The daily schedule: the department scorecards as the dataset platform-scorecards (audited). */
async function onScorecardSchedule(): Promise<unknown> {
  const deps = getReleaseDeps();
  const out = await publishScorecardDataset(deps, await deps.registry());
  if (out.status === 'refused') {
    // The platform's own data failing its own gate is a bug: a function error (alarmed), not a quiet log.
    throw new Error(`the scorecard dataset was refused by the gate (${out.report.total} problem(s))`);
  }
  if (out.status === 'no-datasets') return { status: out.status };
  if (out.status === 'published') await refreshSnapshotAfterChange(deps);
  logger.info('scorecard dataset', { status: out.status, version: out.version });
  return { status: out.status, version: out.version };
}

/**
 * The release pipeline outside API requests, with a time limit that fits large releases:
 * - the raw-upload queue (S3 ObjectCreated under `uploads/` → SQS): submits a release when its last file
 *   arrives and runs its checks. Messages are handled one after the other, so two files of one release
 *   in one batch check it once; a failed message alone is retried (partial batch response) after a
 *   back-off of 1, 5 and 15 minutes, then dead-lettered; once half the time limit is used, the remaining
 *   messages are sent again as new messages for another invocation, so every check starts with at least
 *   half the limit ahead of it;
 * - `ReleaseApproved` events (EventBridge): publishes the approved release — the approval request only
 *   records the approval;
 * - the daily `scorecard-dataset` task (EventBridge schedule): publishes the department scorecards.
 */
export const handler = async (event: SQSEvent | { source?: string }, context: Context) => {
  if ('Records' in event) {
    const overBudget = halfTimeUsed(context);
    const queue = getUploadQueue();
    return processPartialResponse(event, (record: SQSRecord) => onMessage(record, overBudget, queue), processor, {
      context,
      processInParallel: false,
    });
  }
  const task = (event as { task?: string }).task;
  if (task === 'scorecard-dataset') return onScorecardSchedule();
  if (task === 'register-tables') {
    // Invoked by an operator (docs/deploy.md): every published version's Athena table, again.
    const out = await registerPublishedTables(getReleaseDeps());
    logger.info('tables registered', out);
    return out;
  }
  const approved = ReleaseApproved.safeParse(event);
  if (!approved.success) {
    throw new Error(
      'unknown event: expected SQS messages, a ReleaseApproved event, or the scorecard-dataset or register-tables task',
    );
  }
  return onApproved(approved.data);
};
