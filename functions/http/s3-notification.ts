import { z } from 'zod';

/** An S3 event notification as S3 puts it on a queue (only what the platform reads). */
const Notification = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string().min(1) }) }),
    }),
  ),
});
export type S3Notification = z.output<typeof Notification>;

/** Sent once when the notification is configured. */
const TestEvent = z.object({ Event: z.literal('s3:TestEvent') });

/** A key as S3 writes it in a notification: URL-encoded per path segment, a space as `+`. */
export const notificationKey = (key: string): string =>
  key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');

/** The notification S3 sends for one object created by a PUT (what the local stand-ins announce). */
export const objectCreated = (bucket: string, key: string): S3Notification => ({
  Records: [
    { eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key: notificationKey(key) } } },
  ],
});

/**
 * The keys of the objects created according to one notification message (an SQS message body).
 * S3 URL-encodes keys in notifications, with `+` for a space. A test event announces nothing; a
 * body that is not a notification throws (the queue retries it, then moves it to the dead-letter queue).
 */
export function createdObjectKeys(body: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new Error('the message is not JSON: expected an S3 event notification');
  }
  if (TestEvent.safeParse(raw).success) return [];
  const n = Notification.safeParse(raw);
  if (!n.success) {
    const where = n.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new Error(`the message is not an S3 event notification: ${where}`);
  }
  return n.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) =>
    decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
  );
}
