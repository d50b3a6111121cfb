import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { localS3Client } from '../../adapters/aws/local-clients.ts';

export interface S3rverHandle {
  readonly endpoint: string;
  readonly client: S3Client;
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
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localS3Client(endpoint);
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      await exited;
    },
  };
}
