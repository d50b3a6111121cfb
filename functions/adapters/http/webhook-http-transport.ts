import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { WebhookRequest, WebhookTransport } from '../../ports/webhook-transport.ts';

/** Bytes of a receiver's answer read before the connection is dropped (the body is ignored). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Webhook POSTs with node:http(s), connected to the vetted address only: the socket's `lookup` is
 * pinned to it, so the host name is never resolved a second time (DNS rebinding), while the Host
 * header, SNI and the certificate check still use the name. A fresh connection per attempt (no pool
 * keyed by name), a hard time limit, redirects not followed (node:http never follows them; a 3xx
 * counts as a failure, so a receiver cannot bounce signed payloads elsewhere), the answer drained.
 */
export class HttpWebhookTransport implements WebhookTransport {
  post({ url, address, body, headers, timeoutMs }: WebhookRequest): Promise<{ status: number } | { error: string }> {
    const family = isIP(address);
    if (family === 0) return Promise.resolve({ error: 'no vetted address to connect to' });
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const signal = AbortSignal.timeout(timeoutMs);
    return new Promise((resolve) => {
      const req = send(
        u,
        {
          method: 'POST',
          agent: false,
          lookup: pinned,
          signal,
          headers: {
            'content-type': 'application/json',
            ...headers,
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on('error', () => undefined);
          res.on('close', () => resolve({ status: res.statusCode ?? 0 }));
          res.resume();
        },
      );
      req.on('error', (e) =>
        resolve({ error: signal.aborted ? `timed out after ${timeoutMs} ms` : e.message.slice(0, 200) }),
      );
      req.end(body);
    });
  }
}
