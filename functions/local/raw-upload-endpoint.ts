import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LocalUploadSigner } from '../adapters/local/local-upload-signer.ts';
import { type AppError, badRequest, forbidden } from '../core/errors.ts';
import { toProblem } from '../http/problem.ts';
import { methodNotAllowed } from '../http/route-problems.ts';
import type { BlobStore } from '../ports/blob-store.ts';

/** The local stand-in for presigned uploads into the raw bucket and the raw-upload queue. */
export interface LocalUploads {
  readonly signer: LocalUploadSigner;
  readonly raw: BlobStore;
  readonly tmpDir: string;
  /** Announces a stored upload (the raw-upload queue). */
  readonly stored: (key: string) => void;
}

/**
 * `PUT /uploads/<key>?…signature`: the local platform's stand-in for a presigned PUT into the raw
 * bucket. Like S3 with a signed length and checksum, it stores the body only if it is exactly the
 * signed bytes (size and sha256); anything else stores nothing. A stored upload is then announced
 * (`stored`), as S3 announces it on the raw-upload queue.
 */
export async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  uploads: LocalUploads,
): Promise<void> {
  const { signer, raw, tmpDir, stored } = uploads;
  const answer = (e: AppError) => {
    const p = toProblem(e, url.pathname);
    res.writeHead(p.statusCode ?? 400, { ...(p.headers as Record<string, string>), connection: 'close' }).end(p.body);
    req.resume();
  };
  if (req.method !== 'PUT') {
    return answer(methodNotAllowed(req.method ?? 'GET', url.pathname, ['PUT']));
  }
  const signed = signer.verify(url);
  if ('error' in signed) return answer(forbidden({ detail: signed.error, zh: { detail: signed.zh } }));
  const declared = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || declared !== signed.bytes) {
    return answer(
      badRequest({
        detail: `the upload must be exactly ${signed.bytes} bytes with a Content-Length (got ${req.headers['content-length'] ?? 'none'})`,
        hint: 'PUT the file announced for this URL, unchanged',
        zh: {
          detail: `上传必须正好 ${signed.bytes} 字节，并带 Content-Length（收到的是 ${req.headers['content-length'] ?? '无'}）`,
          hint: '请原样 PUT 为这个地址声明的文件',
        },
      }),
    );
  }
  await mkdir(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `upload-${randomUUID()}`);
  try {
    const hash = createHash('sha256');
    let size = 0;
    await pipeline(
      req,
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(tmp),
    );
    const sha256 = hash.digest('hex');
    if (size !== signed.bytes || sha256 !== signed.sha256) {
      return answer(
        badRequest({
          detail: `the uploaded bytes differ from the announced file (sha256 ${sha256}, ${size} bytes): nothing was stored`,
          hint: 'upload the exact file whose size and sha256 the release announced',
          zh: {
            detail: `上传的字节与声明的文件不同（sha256 ${sha256}，${size} 字节）：没有保存任何内容`,
            hint: '请上传发布申请中声明了大小和 sha256 的那个文件，原样不变',
          },
        }),
      );
    }
    await raw.putFile(signed.key, tmp, { sha256 });
    res.writeHead(200, { etag: `"${sha256}"`, 'content-length': '0' }).end();
    stored(signed.key);
  } finally {
    await rm(tmp, { force: true });
  }
}
