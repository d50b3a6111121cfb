import type { RetryPolicy } from '../core/subscriptions/webhook.ts';
import type { WebhookTargetPolicy } from '../core/subscriptions/webhook-target.ts';
import type { HostResolver, WebhookTransport } from '../ports/webhook-transport.ts';

/** How webhooks are delivered (wired in wiring/compose.ts). */
export interface WebhookSettings {
  readonly transport: WebhookTransport;
  /** Resolves a receiver's host name before each attempt, so its addresses can be vetted. */
  readonly resolver: HostResolver;
  /** Which receivers are allowed (loopback only on the local platform). */
  readonly targets: WebhookTargetPolicy;
  readonly retry: RetryPolicy;
  /** Time limit of one POST. */
  readonly timeoutMs: number;
}
