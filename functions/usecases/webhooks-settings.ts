import type { RetryPolicy } from '../core/subscriptions/webhook.ts';
import type { WebhookTransport } from '../ports/webhook-transport.ts';

/** How webhooks are delivered (wired in wiring/compose.ts). */
export interface WebhookSettings {
  readonly transport: WebhookTransport;
  readonly retry: RetryPolicy;
  /** Time limit of one POST. */
  readonly timeoutMs: number;
}
