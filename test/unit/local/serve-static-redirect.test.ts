import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../../functions/local/serve-static.ts';

/** The local site server adds the trailing slash of a folder: always as a path of this origin. */
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'static-'));
  await mkdir(join(dir, 'evil.example'), { recursive: true });
  await mkdir(join(dir, 'datasets'), { recursive: true });
  server = createServer((req, res) => {
    void serveStatic(req, res, dir, new URL(req.url ?? '/', 'http://x').pathname);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('folder redirects of the local site server', () => {
  it('adds the slash to a folder path', async () => {
    const r = await fetch(`${base}/datasets`, { redirect: 'manual' });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/datasets/');
  });

  it('never redirects to another host (a path starting with // is protocol-relative)', async () => {
    // fetch normalises paths; send the raw request line as a client or proxy could.
    const { request } = await import('node:http');
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(`${base}/.//evil.example`, { method: 'GET', path: '/.//evil.example' }, (res) => {
        res.resume();
        resolve(res.headers.location);
      });
      req.on('error', reject);
      req.end();
    });
    expect(location).toBeDefined();
    expect(location?.startsWith('//')).toBe(false);
    expect(location?.startsWith('/')).toBe(true);
  });
});
