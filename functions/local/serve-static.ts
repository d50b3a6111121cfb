import { type FileHandle, open, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { builtInNotFoundPage, notFoundPage, siteLanguage } from '../core/site/not-found-page.ts';
import { CONTENT_SECURITY_POLICY } from '../http/content-security-policy.ts';
import { waitOutSwap } from './site-swap.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonld': 'application/ld+json; charset=utf-8',
  '.ttl': 'text/turtle; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/** Security headers the CloudFront response-headers policy sets in AWS. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
};

/**
 * Serves the built catalogue site (directory index; the localized 404 page with status 404), refusing
 * paths outside the root. A miss while a rebuild swaps the site in (site-swap.ts) is looked up again
 * in the new site. The file is opened before the status line is written, so one that cannot be read
 * is a 404, and an error after the headers are out ends the response instead of writing a second status.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string) {
  const base = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    rel = '/';
  }
  const path = normalize(join(base, rel));
  if (path !== base && !path.startsWith(base + sep)) return notFound(req, res, base, pathname);
  let found = await locate(path, pathname);
  if (!found) {
    // Not there, or the site was swapped under this request (site/build.ts): look again once the swap
    // is over. Only a miss pays for this; a hit costs no more than before swaps existed.
    await waitOutSwap(base);
    found = await locate(path, pathname);
  }
  if (!found) return notFound(req, res, base, pathname);
  if ('redirect' in found) {
    res.writeHead(301, { location: found.redirect }).end();
    return;
  }
  const type = TYPES[extname(found.path)] ?? 'application/octet-stream';
  await send(req, res, found.file, 200, {
    'content-type': type,
    'cache-control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=3600',
  });
}

/** The file for a path (a folder's index.html), opened; a redirect for a folder without its slash. */
async function locate(
  path: string,
  pathname: string,
): Promise<{ redirect: string } | { path: string; file: OpenFile } | undefined> {
  const s = await stat(path).catch(() => undefined);
  let filePath = path;
  if (s?.isDirectory()) {
    // Same-origin path only: `//host/` (from `/.//host` or `%2F`) would send the browser elsewhere.
    if (!pathname.endsWith('/')) return { redirect: `/${pathname.replace(/^[/\\]+/, '')}/` };
    filePath = join(path, 'index.html');
  }
  const file = await openFile(filePath);
  return file ? { path: filePath, file } : undefined;
}

type OpenFile = { handle: FileHandle; size: number };

/** A regular file opened for reading, with its size; undefined when there is none (or it is a folder). */
async function openFile(path: string): Promise<OpenFile | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  const s = await handle.stat().catch(() => undefined);
  if (!s?.isFile()) {
    await handle.close();
    return undefined;
  }
  return { handle, size: s.size };
}

/** Writes the status and headers, then the file (closed either way). */
async function send(
  req: IncomingMessage,
  res: ServerResponse,
  file: OpenFile,
  status: number,
  headers: Record<string, string>,
): Promise<void> {
  try {
    res.writeHead(status, { ...headers, 'content-length': String(file.size), ...SECURITY_HEADERS });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(file.handle.createReadStream({ autoClose: false }), res);
  } catch {
    // The status line is out: all that is left is to cut the response short (the client sees it as
    // incomplete, as it is) rather than answer a second time.
    res.destroy();
  } finally {
    await file.handle.close().catch(() => undefined);
  }
}

async function notFound(req: IncomingMessage, res: ServerResponse, base: string, pathname: string) {
  const page = await openFile(join(base, notFoundPage(pathname)));
  if (page) {
    await send(req, res, page, 404, { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-cache' });
    return;
  }
  // As the site's not-found function in AWS: the built-in page in the path's language.
  res
    .writeHead(404, { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-cache', ...SECURITY_HEADERS })
    .end(builtInNotFoundPage(siteLanguage(pathname)));
}
