import type { Readable } from 'node:stream';

/** Metadata of a stored object. */
export interface BlobInfo {
  readonly key: string;
  readonly bytes: number;
  /** sha256 hex recorded at write time (when known). */
  readonly sha256?: string;
  readonly contentType?: string;
}

export interface PutOptions {
  readonly contentType?: string;
  /** Fail with `BlobExistsError` instead of overwriting (immutable published prefixes). */
  readonly ifNoneMatch?: boolean;
  /** Cache-Control stored with the object (CloudFront and browsers honour it). */
  readonly cacheControl?: string;
  /** sha256 hex of the content, stored with the object. */
  readonly sha256?: string;
  /**
   * Content-Disposition stored with the object and sent when it is read over HTTP (S3 through
   * CloudFront). Stores that serve no HTTP themselves (the filesystem: the local file route sets the
   * header) need not keep it.
   */
  readonly contentDisposition?: string;
}

export class BlobExistsError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`object already exists: ${key}`);
    this.key = key;
    this.name = 'BlobExistsError';
  }
}

/**
 * Object storage (S3 in AWS, the filesystem or s3rver locally). Keys are `/`-separated, no leading `/`.
 * Published keys are written once (`ifNoneMatch`) and never overwritten.
 */
export interface BlobStore {
  /** Uploads a local file. */
  putFile(key: string, path: string, options?: PutOptions): Promise<BlobInfo>;
  /** Uploads small bytes. */
  putBytes(key: string, body: Uint8Array | string, options?: PutOptions): Promise<BlobInfo>;
  /** Metadata, or undefined when absent. */
  head(key: string): Promise<BlobInfo | undefined>;
  /** Streams an object (optionally a byte range, inclusive end). Undefined when absent. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined>;
  /** Reads a whole small object. Undefined when absent. */
  readBytes(key: string): Promise<Uint8Array | undefined>;
  /** Copies an object to a local file (for DuckDB); returns the path. */
  download(key: string, path: string): Promise<void>;
  /** Keys under a prefix, in lexicographic order. */
  list(prefix: string): Promise<string[]>;
  /** Deletes an object (only for raw uploads and staging; never for published keys). */
  delete(key: string): Promise<void>;
}
