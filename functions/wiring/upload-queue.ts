import { SQSClient } from '@aws-sdk/client-sqs';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { SqsUploadQueue } from '../adapters/aws/sqs-upload-queue.ts';
import type { UploadQueue } from '../ports/upload-queue.ts';

let installed: UploadQueue | null | undefined;

/**
 * The raw-upload queue the ingest function consumes: SQS in AWS (RAW_UPLOAD_QUEUE_URL, set by the stack
 * on the functions the queue feeds); none locally, where the in-process queue retries at once.
 */
export function getUploadQueue(env: NodeJS.ProcessEnv = process.env): UploadQueue | undefined {
  if (installed === undefined) {
    const url = env[RUNTIME_ENV.rawUploadQueueUrl];
    if (!url && env[RUNTIME_ENV.mode] === 'aws') {
      throw new Error(
        `invalid ingest configuration: ${RUNTIME_ENV.rawUploadQueueUrl} is not set\nhint: the stack sets it on the functions the raw-upload queue feeds; redeploy`,
      );
    }
    installed = url ? new SqsUploadQueue(new SQSClient({}), url) : null;
  }
  return installed ?? undefined;
}

/** Tests and the local platform: this queue from now on (`undefined`: none). */
export function installUploadQueue(queue: UploadQueue | undefined): void {
  installed = queue ?? null;
}

/** Tests: compose afresh from the environment on the next `getUploadQueue`. */
export function resetUploadQueue(): void {
  installed = undefined;
}
