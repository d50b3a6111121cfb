import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { BlobExistsError, type BlobInfo, type BlobStore, type PutOptions } from '../../ports/blob-store.ts';
import { sha256File } from '../local/fs-blob-store.ts';

/**
 * BlobStore on S3. Immutability of published keys uses S3 conditional writes (`If-None-Match: *`);
 * the bucket policy in infra/ denies overwrites as a second line. The sha256 is kept as object
 * metadata so a HEAD tells it without reading the object.
 */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  readonly bucket: string;
  constructor(client: S3Client, bucket: string) {
    this.client = client;
    this.bucket = bucket;
  }

  async putFile(key: string, path: string, options?: PutOptions): Promise<BlobInfo> {
    const bytes = (await stat(path)).size;
    const sha256 = options?.sha256 ?? (await sha256File(path));
    await this.put(key, createReadStream(path), bytes, sha256, options);
    return { key, bytes, sha256, contentType: options?.contentType };
  }

  async putBytes(key: string, body: Uint8Array | string, options?: PutOptions): Promise<BlobInfo> {
    const buf = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
    const { createHash } = await import('node:crypto');
    const sha256 = options?.sha256 ?? createHash('sha256').update(buf).digest('hex');
    await this.put(key, buf, buf.length, sha256, options);
    return { key, bytes: buf.length, sha256, contentType: options?.contentType };
  }

  private async put(
    key: string,
    body: Readable | Buffer,
    bytes: number,
    sha256: string,
    options?: PutOptions,
  ): Promise<void> {
    // Real S3 enforces If-None-Match atomically; the HEAD first also gives the right answer on
    // stand-ins that ignore the header (s3rver), where races are not a concern.
    if (options?.ifNoneMatch && (await this.head(key))) throw new BlobExistsError(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: bytes,
          ContentType: options?.contentType,
          ...(options?.cacheControl ? { CacheControl: options.cacheControl } : {}),
          ...(options?.contentDisposition ? { ContentDisposition: options.contentDisposition } : {}),
          Metadata: { sha256 },
          ...(options?.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
        }),
      );
    } catch (e) {
      if (e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 412 || e.name === 'PreconditionFailed')) {
        throw new BlobExistsError(key);
      }
      throw e;
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, bytes: r.ContentLength ?? 0, sha256: r.Metadata?.sha256, contentType: r.ContentType };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    try {
      const r = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return r.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async readBytes(key: string): Promise<Uint8Array | undefined> {
    const s = await this.read(key);
    if (!s) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks);
  }

  async download(key: string, path: string): Promise<void> {
    const s = await this.read(key);
    if (!s) throw new Error(`no such object: ${key}`);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(s, createWriteStream(path));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of r.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function isNotFound(e: unknown): boolean {
  return (
    e instanceof S3ServiceException &&
    (e.$metadata.httpStatusCode === 404 || e.name === 'NoSuchKey' || e.name === 'NotFound')
  );
}
