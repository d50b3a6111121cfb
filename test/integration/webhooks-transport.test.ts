import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookTransport } from '../../functions/adapters/http/webhook-http-transport.ts';

/** A local receiver that answers each path its own way and records every request. */
let server: Server;
let port: number;
const received: Array<{ url?: string; headers: IncomingMessage['headers']; body: string }> = [];
beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    received.push({ url: req.url, headers: req.headers, body });
    if (req.url === '/redirect') res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 1_000);
    else res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const transport = new HttpWebhookTransport();
const post = (path: string, o: { host?: string; address?: string; timeoutMs?: number } = {}) =>
  transport.post({
    url: `http://${o.host ?? 'hooks.example.test'}:${port}${path}`,
    address: o.address ?? '127.0.0.1',
    body: '{"event":"x"}',
    headers: { 'x-opendata-event': 'x' },
    timeoutMs: o.timeoutMs ?? 2_000,
  });

describe('webhook HTTP transport', () => {
  it('connects to the vetted address without resolving the name; Host still names the receiver', async () => {
    // hooks.example.test does not resolve at all (.test is reserved): only the pinned address is used.
    expect(await post('/hook')).toEqual({ status: 204 });
    const r = received.at(-1);
    expect(r?.headers.host).toBe(`hooks.example.test:${port}`);
    expect(r?.headers['content-type']).toBe('application/json');
    expect(r?.headers['x-opendata-event']).toBe('x');
    expect(r?.body).toBe('{"event":"x"}');
  });

  it('does not follow redirects', async () => {
    const before = received.length;
    expect(await post('/redirect')).toEqual({ status: 302 });
    expect(received.slice(before).map((r) => r.url)).toEqual(['/redirect']);
  });

  it('stops at the time limit', async () => {
    expect(await post('/slow', { timeoutMs: 100 })).toEqual({ error: 'timed out after 100 ms' });
  });

  it('refuses to send without a vetted address', async () => {
    expect(await post('/hook', { address: 'hooks.example.test' })).toEqual({
      error: 'no vetted address to connect to',
    });
  });
});
