import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deps } from '../../functions/usecases/deps.ts';

/** A local webhook receiver: answers with the scripted statuses in turn, then 200; records every request. */
export async function receiver(script: number[] = []) {
  const received: Array<{ headers: IncomingMessage['headers']; body: string; status: number }> = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    const status = script.shift() ?? 200;
    received.push({ headers: req.headers, body, status });
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const events = () => received.map((r) => JSON.parse(r.body).eventId as string);
  return { url, received, events, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The platform's dependencies with webhook retries measured in milliseconds, so a test sees them all. */
export function fastWebhooks<D extends Pick<Deps, 'webhooks'>>(
  deps: D,
  retry: { baseMs: number; maxDelayMs: number; maxAttempts: number; disableAfter: number },
): D {
  return { ...deps, webhooks: { ...deps.webhooks, timeoutMs: 2_000, retry } };
}
