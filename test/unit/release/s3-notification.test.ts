import { describe, expect, it } from 'vitest';
import { createdObjectKeys, objectCreated } from '../../../functions/http/s3-notification.ts';

const record = (eventName: string, key: string) => ({
  eventName,
  s3: { bucket: { name: 'raw' }, object: { key, size: 1 } },
});

describe('S3 event notifications on the raw-upload queue', () => {
  it('gives the created keys, URL-decoded as S3 encodes them (a space as +)', () => {
    const body = JSON.stringify({
      Records: [
        record('ObjectCreated:Put', 'uploads/stats/r-1/0-data.csv'),
        record('ObjectCreated:CompleteMultipartUpload', 'uploads/stats/r-1/1-my+file%2B1%E6%95%B0.csv'),
        record('ObjectRemoved:Delete', 'uploads/stats/r-1/2-old.csv'),
      ],
    });
    expect(createdObjectKeys(body)).toEqual(['uploads/stats/r-1/0-data.csv', 'uploads/stats/r-1/1-my file+1数.csv']);
  });

  it('announces nothing for the test event S3 sends when the notification is configured', () => {
    expect(createdObjectKeys(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'raw' }))).toEqual(
      [],
    );
  });

  it('throws, naming the problem, on a body that is not a notification (the queue retries, then dead-letters it)', () => {
    expect(() => createdObjectKeys('{')).toThrow(/not JSON/);
    expect(() => createdObjectKeys(JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put' }] }))).toThrow(
      /not an S3 event notification: Records\.0\.s3/,
    );
  });

  it('reads back the keys the local stand-ins announce, encoded as S3 encodes them', () => {
    const key = 'uploads/stats/r-1/0-my file+1%数.csv';
    const n = objectCreated('raw', key);
    expect(n.Records[0]?.s3.object.key).toBe('uploads/stats/r-1/0-my+file%2B1%25%E6%95%B0.csv');
    expect(createdObjectKeys(JSON.stringify(n))).toEqual([key]);
  });
});
