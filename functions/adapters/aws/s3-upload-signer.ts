import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadSigner } from '../../ports/upload-signer.ts';

/** Presigned PUT URLs into the raw bucket; the signed checksum and length bind the URL to one file. */
export class S3UploadSigner implements UploadSigner {
  private readonly client: S3Client;
  private readonly bucket: string;
  constructor(client: S3Client, bucket: string) {
    this.client = client;
    this.bucket = bucket;
  }

  signPut(key: string, options: { sha256: string; bytes: number; expiresSeconds: number }): Promise<string> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentLength: options.bytes,
      ChecksumSHA256: Buffer.from(options.sha256, 'hex').toString('base64'),
      Metadata: { sha256: options.sha256 },
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresSeconds });
  }
}
