import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UploadSigner } from '../../ports/upload-signer.ts';

/** What a valid upload URL allows: one PUT of exactly these bytes under this key. */
export interface SignedUpload {
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Path prefix of the local platform's upload URLs (the raw bucket's presigned PUTs in AWS). */
export const LOCAL_UPLOAD_PATH = '/uploads/';

/**
 * Presigned upload URLs for the local platform, shaped like S3's: the URL names the key, the size,
 * the sha256 and an expiry, and carries an HMAC of them under a key that lives only in this process
 * (so URLs die with the platform). The local server accepts a PUT only of exactly the signed bytes,
 * as S3 does with a signed length and checksum.
 */
export class LocalUploadSigner implements UploadSigner {
  private readonly baseUrl: string;
  private readonly secret: Uint8Array;
  private readonly now: () => number;
  constructor(baseUrl: string, options: { secret?: Uint8Array; now?: () => number } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.secret = options.secret ?? randomBytes(32);
    this.now = options.now ?? Date.now;
  }

  async signPut(key: string, options: { sha256: string; bytes: number; expiresSeconds: number }): Promise<string> {
    const expires = Math.floor(this.now() / 1000) + options.expiresSeconds;
    const path = key.split('/').map(encodeURIComponent).join('/');
    const q = new URLSearchParams({
      sha256: options.sha256,
      bytes: String(options.bytes),
      expires: String(expires),
      signature: this.mac(key, options.sha256, options.bytes, expires),
    });
    return `${this.baseUrl}${LOCAL_UPLOAD_PATH}${path}?${q}`;
  }

  /** The upload a URL allows, or why it allows none (tampered, expired, malformed), in English and Chinese. */
  verify(url: URL): SignedUpload | { error: string; zh: string } {
    const key = url.pathname
      .slice(LOCAL_UPLOAD_PATH.length)
      .split('/')
      .map((p) => decodeURIComponent(p))
      .join('/');
    const sha256 = url.searchParams.get('sha256') ?? '';
    const bytes = Number(url.searchParams.get('bytes'));
    const expires = Number(url.searchParams.get('expires'));
    const signature = Buffer.from(url.searchParams.get('signature') ?? '', 'hex');
    if (!/^[0-9a-f]{64}$/.test(sha256) || !Number.isSafeInteger(bytes) || bytes < 0 || !Number.isSafeInteger(expires)) {
      return {
        error: 'the upload URL is incomplete: use the URL exactly as the release API gave it',
        zh: '上传地址不完整：请原样使用发布接口给出的地址',
      };
    }
    const expected = Buffer.from(this.mac(key, sha256, bytes, expires), 'hex');
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return {
        error: 'the upload URL does not match its signature: use it exactly as the release API gave it',
        zh: '上传地址与其签名不符：请原样使用发布接口给出的地址',
      };
    }
    if (expires * 1000 < this.now()) {
      return {
        error: 'the upload URL has expired: create the release again (same id) for fresh URLs',
        zh: '上传地址已过期：请重新创建发布申请（使用同一个 id）以获得新的地址',
      };
    }
    return { key, sha256, bytes };
  }

  private mac(key: string, sha256: string, bytes: number, expires: number): string {
    return createHmac('sha256', this.secret).update(`PUT\n${key}\n${sha256}\n${bytes}\n${expires}`).digest('hex');
  }
}
