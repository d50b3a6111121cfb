import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { objectCreated } from '../http/s3-notification.ts';

type IngestHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/** One SQS message as Lambda receives it from the raw-upload queue (`attempt` = its receive count). */
export const sqsMessage = (messageId: string, body: string, attempt = 1): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: {
    ApproximateReceiveCount: String(attempt),
    SentTimestamp: String(Date.now()),
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:local:000000000000:raw-uploads',
  awsRegion: 'local',
});

/** The attempts a notification gets, as the raw-upload queue's redrive policy (maxReceiveCount 5). */
const ATTEMPTS = 5;

/**
 * The raw-upload queue of the local platform: each stored upload becomes an S3 event notification in
 * an SQS message, delivered to the SAME ingest handler the stack subscribes to the queue, one message
 * at a time. A message the handler reports as failed is retried, then dropped with a log line (the
 * dead-letter queue in AWS).
 */
export class UploadNotifications {
  private readonly handler: () => Promise<IngestHandler>;
  private readonly context: Context;
  private readonly log: (line: string) => void;
  private tail: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(handler: () => Promise<IngestHandler>, context: Context, log: (line: string) => void) {
    this.handler = handler;
    this.context = context;
    this.log = log;
  }

  /** Queues the notification of one created object (returns at once, as S3 does). */
  objectCreated(bucket: string, key: string): void {
    const body = JSON.stringify(objectCreated(bucket, key));
    const messageId = `local-${++this.seq}`;
    this.tail = this.tail.then(() => this.deliver(messageId, body));
  }

  /** Resolves when every queued notification has been handled (the platform waits for it on stop). */
  drain(): Promise<void> {
    return this.tail;
  }

  private async deliver(messageId: string, body: string): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const event: SQSEvent = { Records: [sqsMessage(messageId, body, attempt)] };
      try {
        const out = await (await this.handler())(event, this.context);
        if (!out?.batchItemFailures.length) return;
      } catch {
        // A whole-batch failure: retried like a partial one (the handler logged why).
      }
    }
    this.log(`raw upload notification ${messageId} failed ${ATTEMPTS} times and was dropped (the ingest log says why)`);
  }
}
