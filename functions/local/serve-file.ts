import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FsBlobStore } from '../adapters/local/fs-blob-store.ts';
import { attachmentDisposition, PUBLISHED_PREFIX } from '../core/catalog/artifact-keys.ts';
import { classifyFilesPath, FILES_GATE_TEXT, fillFilesGateText } from '../core/catalog/files-gate.ts';
import { AppError, gone, notFound } from '../core/errors.ts';
import { etagMatches } from '../http/etag.ts';
import { toProblem } from '../http/problem.ts';
import { cacheControl } from '../http/response.ts';

/**
 * Serves a published artifact the way CloudFront serves it in AWS: streamed (never buffered whole),
 * Range requests (206/416), strong ETag from the sha256, If-Match (412) and If-None-Match (304) as
 * RFC 9110 (13.1, 13.2.2) compares them, Repr-Digest and (on 200) Content-Digest, and a
 * Content-Disposition with a good file name (dataset-vN-name). Errors are problem+json.
 */
/** What the catalogue says of a version whose files are asked for. */
export type VersionAccess =
  | { readonly state: 'published' }
  | { readonly state: 'withdrawn'; readonly reason: string }
  | { readonly state: 'unpublished' };

export async function serveArtifact(
  req: IncomingMessage,
  res: ServerResponse,
  blobs: FsBlobStore,
  key: string,
  /**
   * Whether a version's files may be served: `published`; `withdrawn` (410 Gone with the reason); or
   * `unpublished` (404: the files of a publication still in progress, or one that failed, are not data
   * of the catalogue yet). The files gate's rule (core/catalog/files-gate.ts), as CloudFront applies it.
   */
  versionAccess: (datasetId: string, version: number) => Promise<VersionAccess>,
) {
  const filesPath = key.startsWith(PUBLISHED_PREFIX) ? key.slice(PUBLISHED_PREFIX.length) : undefined;
  const kind = filesPath === undefined ? ({ kind: 'other' } as const) : classifyFilesPath(filesPath);
  if (kind.kind === 'version') {
    const access = await versionAccess(kind.id, kind.v);
    if (access.state === 'unpublished') {
      writeProblem(res, notFound(fillFilesGateText(FILES_GATE_TEXT.unpublished, kind)));
      return;
    }
    if (access.state === 'withdrawn') {
      const { reason } = access;
      writeProblem(
        res,
        gone({ ...fillFilesGateText(FILES_GATE_TEXT.withdrawn, { ...kind, reason }), extensions: { reason } }),
      );
      return;
    }
  }
  let info: Awaited<ReturnType<FsBlobStore['head']>>;
  try {
    info = kind.kind === 'other' ? undefined : await blobs.head(key);
  } catch {
    info = undefined;
  }
  if (!info) {
    writeProblem(res, notFound(fillFilesGateText(FILES_GATE_TEXT.noFile, { path: filesPath ?? key })));
    return;
  }
  const etag = info.sha256 ? `"${info.sha256}"` : undefined;
  const headers: Record<string, string> = {
    'content-type': info.contentType ?? 'application/octet-stream',
    'cache-control': cacheControl('immutable'),
    'accept-ranges': 'bytes',
    'content-disposition': attachmentDisposition(key),
    'x-content-type-options': 'nosniff',
  };
  if (etag) headers.etag = etag;
  // RFC 9530: Repr-Digest is the sha256 of the whole file, on every answer; Content-Digest that of the
  // bytes in this message, so only on a full 200 (a 206 carries a part, whose digest it would have to be).
  const digest = info.sha256 ? `sha-256=:${Buffer.from(info.sha256, 'hex').toString('base64')}:` : undefined;
  if (digest) headers['repr-digest'] = digest;
  // RFC 9110 13.2.2: If-Match first (strong comparison), then If-None-Match (weak comparison).
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined && !etagMatches(ifMatch, etag, 'strong')) {
    writeProblem(
      res,
      new AppError('precondition-failed', 412, 'Precondition failed', {
        detail: `If-Match ${ifMatch} does not match the file's ETag${etag ? ` ${etag}` : ''}`,
        hint: 'the file of a published version never changes: check the ETag you sent, or send none',
        zh: {
          detail: `If-Match ${ifMatch} 与文件的 ETag${etag ? ` ${etag}` : ''} 不符`,
          hint: '已发布版本的文件永远不变：请检查发送的 ETag，或者不发送',
        },
      }),
      etag ? { etag } : {},
    );
    return;
  }
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag, 'weak')) {
    res.writeHead(304, headers).end();
    return;
  }
  const path = blobs.pathOf(key);
  const ifRange = req.headers['if-range'];
  const range = parseRange(req.headers.range, info.bytes, Array.isArray(ifRange) ? ifRange[0] : ifRange, etag);
  if (range === 'unsatisfiable') {
    writeProblem(
      res,
      new AppError('range-not-satisfiable', 416, 'Range not satisfiable', {
        detail: `${req.headers.range} is outside the file's ${info.bytes} bytes`,
        hint: `ask for bytes between 0 and ${info.bytes - 1}, e.g. Range: bytes=0-`,
        zh: {
          detail: `${req.headers.range} 超出了文件的 ${info.bytes} 字节`,
          hint: `请把范围限定在第 0 到 ${info.bytes - 1} 字节之间，例如 Range: bytes=0-`,
        },
        extensions: { size: info.bytes },
      }),
      { 'accept-ranges': 'bytes', 'content-range': `bytes */${info.bytes}` },
    );
    return;
  }
  if (range) {
    const len = range.end - range.start + 1;
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${range.start}-${range.end}/${info.bytes}`,
      'content-length': String(len),
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(createReadStream(path, range), res);
    return;
  }
  res.writeHead(200, {
    ...headers,
    ...(digest ? { 'content-digest': digest } : {}),
    'content-length': String(info.bytes),
  });
  if (req.method === 'HEAD') return void res.end();
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), res);
}

function parseRange(
  h: string | undefined,
  size: number,
  ifRange: string | undefined,
  etag: string | undefined,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!h) return undefined;
  if (ifRange && ifRange !== etag) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(h.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // multi-range or malformed: send the whole file
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** Writes an error as the one problem+json shape, with the headers it needs (Content-Range of a 416). */
function writeProblem(res: ServerResponse, error: AppError, headers: Record<string, string> = {}) {
  const p = toProblem(error);
  res.writeHead(p.statusCode ?? 500, { ...(p.headers as Record<string, string>), ...headers }).end(p.body);
}
