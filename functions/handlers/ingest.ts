import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../http/observability.ts';
import { createdObjectKeys } from '../http/s3-notification.ts';
import { submitOnUpload } from '../usecases/release/submit-on-upload.ts';
import { getReleaseDeps } from '../wiring/release-deps.ts';

const processor = new BatchProcessor(EventType.SQS);

/** One queue message: an S3 notification of raw uploads (release id and outcome are logged, never file contents). */
async function onMessage(record: SQSRecord): Promise<void> {
  for (const key of createdObjectKeys(record.body)) {
    const result = await submitOnUpload(getReleaseDeps(), key);
    if (result.outcome === 'creator-not-allowed') logger.warn('upload not submitted', result);
    else logger.info('upload', result);
  }
}

/**
 * The raw-upload queue's consumer (S3 ObjectCreated under `uploads/` → SQS → here): submits a release
 * when its last file arrives and runs its checks, with this function's long time limit rather than an
 * API request's. Messages are handled one after the other, so two files of one release in one batch
 * check it once; a failed message alone is retried (partial batch response), then dead-lettered.
 */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, onMessage, processor, { context, processInParallel: false });
