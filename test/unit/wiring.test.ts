import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeCatalogEvents } from '../../functions/adapters/aws/eventbridge-catalog-events.ts';
import { IamAuthenticator } from '../../functions/adapters/aws/iam-authenticator.ts';
import { SqsUploadQueue } from '../../functions/adapters/aws/sqs-upload-queue.ts';
import { noCatalogEvents } from '../../functions/ports/catalog-events.ts';
import { compose } from '../../functions/wiring/compose.ts';
import { loadConfig } from '../../functions/wiring/config.ts';
import { getUploadQueue, installUploadQueue, resetUploadQueue } from '../../functions/wiring/upload-queue.ts';

/** The AWS composition root, as a Lambda cold start sees it (no AWS call is made by composing). */
describe('composition root (AWS)', () => {
  const base = {
    OPENDATA_MODE: 'aws',
    TABLE_NAME: 'opendata',
    PUBLISHED_BUCKET: 'published',
    PUBLIC_BASE_URL: 'https://data.example.gov',
    AWS_REGION: 'us-east-1',
  };
  afterEach(() => {
    delete process.env.PRINCIPALS_JSON;
  });

  it('announces snapshots on EventBridge and authenticates IAM callers when the stack configures them', () => {
    process.env.PRINCIPALS_JSON = JSON.stringify({
      principals: [{ id: 'ci-demo-stats', iamArns: ['arn:aws:iam::123456789012:role/ci'], roles: [] }],
    });
    const deps = compose(loadConfig({ ...base, EVENT_BUS_NAME: 'opendata-bus' }));
    expect(deps.events).toBeInstanceOf(EventBridgeCatalogEvents);
    expect(deps.authenticator).toBeInstanceOf(IamAuthenticator);
  });

  it('has no event bus or authenticator when the function is not given them', () => {
    const deps = compose(loadConfig(base));
    expect(deps.events).toBe(noCatalogEvents);
    expect(deps.authenticator).toBeUndefined();
  });

  it('fails at cold start naming a missing variable', () => {
    expect(() => loadConfig({ OPENDATA_MODE: 'aws', PUBLIC_BASE_URL: 'https://x.example' })).toThrow(/TABLE_NAME/);
  });
});

describe('raw-upload queue of the ingest function', () => {
  afterEach(() => installUploadQueue(undefined));

  it('is SQS at the URL the stack sets; none locally; a missing URL in AWS names the variable', () => {
    resetUploadQueue();
    expect(
      getUploadQueue({
        OPENDATA_MODE: 'aws',
        RAW_UPLOAD_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/1/q',
        AWS_REGION: 'cn-north-1',
      }),
    ).toBeInstanceOf(SqsUploadQueue);
    resetUploadQueue();
    expect(getUploadQueue({ OPENDATA_MODE: 'local' })).toBeUndefined();
    resetUploadQueue();
    expect(() => getUploadQueue({ OPENDATA_MODE: 'aws' })).toThrow(/RAW_UPLOAD_QUEUE_URL/);
  });
});
