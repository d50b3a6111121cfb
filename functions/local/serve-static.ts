import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CONTENT_SECURITY_POLICY } from '../http/content-security-policy.ts';

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

/** Serves the built catalogue site (directory index, 404 page), refusing paths outside the root. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string) {
  const base = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    rel = '/';
  }
  let path = normalize(join(base, rel));
  if (path !== base && !path.startsWith(base + sep)) return notFound(res, base);
  try {
    let s = await stat(path);
    if (s.isDirectory()) {
      if (!pathname.endsWith('/')) {
        // Same-origin path only: `//host/` (from `/.//host` or `%2F`) would send the browser elsewhere.
        res.writeHead(301, { location: `/${pathname.replace(/^[/\\]+/, '')}/` }).end();
        return;
      }
      path = join(path, 'index.html');
      s = await stat(path);
    }
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': String(s.size),
      'cache-control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=3600',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(createReadStream(path), res);
  } catch {
    await notFound(res, base);
  }
}

async function notFound(res: ServerResponse, base: string) {
  const page = join(base, '404.html');
  try {
    const s = await stat(page);
    res.writeHead(404, {
      'content-type': TYPES['.html'] as string,
      'content-length': String(s.size),
      ...SECURITY_HEADERS,
    });
    await pipeline(createReadStream(page), res);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found\n');
  }
}
