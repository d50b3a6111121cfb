import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { localS3Client } from '../../adapters/aws/local-clients.ts';
import { notificationKey, type S3Notification } from '../../http/s3-notification.ts';

export interface S3rverHandle {
  readonly endpoint: string;
  readonly client: S3Client;
  /** Calls `listener` with each event notification (as S3 would put it on a queue). */
  onNotification(listener: (n: S3Notification) => void): void;
  stop(): Promise<void>;
}

/** Embedded S3 (s3rver on the filesystem) in a child process. */
export async function startS3rver(options: { directory: string; buckets: string[] }): Promise<S3rverHandle> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 's3rver-child.cjs');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', script, options.directory, options.buckets.join(',')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const listeners: Array<(n: S3Notification) => void> = [];
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
        const msg = JSON.parse(buf.slice(0, nl)) as { port?: number; event?: S3Notification };
        buf = buf.slice(nl + 1);
        if (msg.port !== undefined) resolve(msg.port);
        if (msg.event) {
          const n: S3Notification = {
            Records: msg.event.Records.map((r) => ({
              ...r,
              // s3rver gives keys raw; S3 URL-encodes them.
              s3: { ...r.s3, object: { ...r.s3.object, key: notificationKey(r.s3.object.key) } },
            })),
          };
          for (const l of listeners) l(n);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localS3Client(endpoint);
  return {
    endpoint,
    client,
    onNotification: (l) => listeners.push(l),
    stop: async () => {
      client.destroy();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      await exited;
    },
  };
}
