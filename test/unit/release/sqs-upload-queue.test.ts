import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsUploadQueue } from '../../../functions/adapters/aws/sqs-upload-queue.ts';
import { uploadRetryDelaySeconds } from '../../../functions/core/release/upload-retry.ts';

/**
 * SQS cannot run here. The real SDK client talks to a loopback endpoint that records each call as the
 * service receives it (AWS JSON protocol: `X-Amz-Target` names the action) and answers as SQS does, so
 * the assertions are on what goes over the wire, SDK checks included (the MD5 of a sent body).
 */
type Call = { target: string; body: Record<string, unknown> };
const calls: Call[] = [];
let server: Server;
let queueUrl: string;
let failNext: string | undefined;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = await readJson(req);
    calls.push({ target, body });
    res.setHeader('content-type', 'application/x-amz-json-1.0');
    if (failNext) {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#ReceiptHandleIsInvalid', message: failNext }));
      failNext = undefined;
      return;
    }
    if (target === 'AmazonSQS.SendMessage') {
      const md5 = createHash('md5').update(String(body.MessageBody)).digest('hex');
      res.end(JSON.stringify({ MessageId: `m-${calls.length}`, MD5OfMessageBody: md5 }));
      return;
    }
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  queueUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/000000000000/raw-uploads`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const queue = () =>
  new SqsUploadQueue(
    new SQSClient({
      region: 'cn-north-1',
      endpoint: new URL(queueUrl).origin,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    }),
    queueUrl,
  );

describe('SqsUploadQueue', () => {
  it('sends a deferred message body again, unchanged, to the queue', async () => {
    calls.length = 0;
    const body = JSON.stringify({
      Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: 'uploads/a/b/0-x.csv' } } }],
    });
    await queue().resend(body);
    expect(calls).toEqual([{ target: 'AmazonSQS.SendMessage', body: { QueueUrl: queueUrl, MessageBody: body } }]);
  });

  it('sets the visibility of a received message (whole seconds, within SQS limits)', async () => {
    calls.length = 0;
    await queue().retryAfter('handle-1', 300);
    await queue().retryAfter('handle-2', 99_999.6);
    expect(calls).toEqual([
      {
        target: 'AmazonSQS.ChangeMessageVisibility',
        body: { QueueUrl: queueUrl, ReceiptHandle: 'handle-1', VisibilityTimeout: 300 },
      },
      {
        target: 'AmazonSQS.ChangeMessageVisibility',
        body: { QueueUrl: queueUrl, ReceiptHandle: 'handle-2', VisibilityTimeout: 43_200 },
      },
    ]);
  });

  it('passes the service refusal on to the caller', async () => {
    failNext = 'the receipt handle has expired';
    await expect(queue().retryAfter('old-handle', 60)).rejects.toThrow(/expired/);
  });
});

describe('uploadRetryDelaySeconds', () => {
  it('backs off 1, 5 and 15 minutes by attempt, and never less than a minute', () => {
    expect([1, 2, 3, 4, 10].map(uploadRetryDelaySeconds)).toEqual([60, 300, 900, 900, 900]);
    expect([0, -1, Number.NaN].map(uploadRetryDelaySeconds)).toEqual([60, 60, 60]);
  });
});
