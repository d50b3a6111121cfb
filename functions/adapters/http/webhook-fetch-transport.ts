import type { WebhookTransport } from '../../ports/webhook-transport.ts';

/**
 * Webhook POSTs with fetch: a hard time limit, redirects not followed (a 3xx counts as a failure, so a
 * receiver cannot bounce signed payloads elsewhere), the answer body drained and ignored.
 */
export class FetchWebhookTransport implements WebhookTransport {
  async post(url: string, body: string, headers: Readonly<Record<string, string>>, timeoutMs: number) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (e) {
      const err = e as Error;
      return { error: err.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : err.message.slice(0, 200) };
    }
  }
}
