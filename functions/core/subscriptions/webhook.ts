import { z } from 'zod';
import { EVENT_TYPES } from './events.ts';

/** A registration request (the caller's API key owns the webhook). */
export const WebhookInput = z.strictObject({
  /** A public https URL: the target rules (`checkWebhookUrl` in webhook-target.ts) apply on top. */
  url: z.string().url().max(2000),
  /** Which events to receive (all by default). */
  events: z
    .array(z.enum(EVENT_TYPES))
    .min(1)
    .default([...EVENT_TYPES]),
  /** Only these datasets (all when absent). */
  datasets: z.array(z.string().min(1).max(100)).max(200).optional(),
  /** Only these departments (all when absent). */
  departments: z.array(z.string().min(1).max(100)).max(50).optional(),
  description: z.string().max(200).optional(),
});
export type WebhookInput = z.output<typeof WebhookInput>;

export const WEBHOOK_STATES = ['active', 'disabled'] as const;

export const Webhook = z.strictObject({
  id: z.string(),
  /** Id of the API key that registered it (the owner). */
  keyId: z.string(),
  url: z.string(),
  events: z.array(z.enum(EVENT_TYPES)),
  datasets: z.array(z.string()).optional(),
  departments: z.array(z.string()).optional(),
  description: z.string().optional(),
  /** HMAC secret; returned once at registration, never listed again. */
  secret: z.string(),
  status: z.enum(WEBHOOK_STATES),
  /** Failed attempts in a row (any delivery); reset by a success. */
  consecutiveFailures: z.number().int().nonnegative(),
  disabledAt: z.iso.datetime().optional(),
  disabledReason: z.string().optional(),
  createdAt: z.iso.datetime(),
  lastSuccessAt: z.iso.datetime().optional(),
  lastFailureAt: z.iso.datetime().optional(),
});
export type Webhook = z.output<typeof Webhook>;

export type WebhookView = Omit<Webhook, 'secret'>;
/** What owners and admins see: no secret, and no credentials in a URL stored before they were refused. */
export const viewOfWebhook = ({ secret: _s, ...rest }: Webhook): WebhookView => ({
  ...rest,
  url: withoutUserinfo(rest.url),
});

function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return '(invalid URL)';
  }
}

export const Attempt = z.strictObject({
  at: z.iso.datetime(),
  /** HTTP status of the receiver's answer; absent on a network error or timeout. */
  status: z.number().int().optional(),
  error: z.string().optional(),
  ms: z.number().int().nonnegative(),
});
export type Attempt = z.output<typeof Attempt>;

/** One event to one webhook, with every attempt: the delivery log. */
export const Delivery = z.strictObject({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.enum(EVENT_TYPES),
  /** The exact JSON body sent (signed as is). */
  body: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(Attempt),
  nextAttemptAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
});
export type Delivery = z.output<typeof Delivery>;

export interface RetryPolicy {
  /** Delay before the first retry; doubles each time. */
  readonly baseMs: number;
  readonly maxDelayMs: number;
  /** Attempts per delivery before it is given up (`failed`). */
  readonly maxAttempts: number;
  /** Failed attempts in a row after which the webhook is disabled. */
  readonly disableAfter: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  maxAttempts: 8,
  disableAfter: 20,
};

/** Exponential backoff: base × 2^(n−1) after the n-th failed attempt, capped. */
export function retryDelayMs(failedAttempts: number, p: RetryPolicy): number {
  return Math.min(p.maxDelayMs, p.baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

/** Does a webhook want this event? */
export function wants(w: Webhook, e: { type: string; datasetId: string; department: string }): boolean {
  return (
    w.status === 'active' &&
    (w.events as string[]).includes(e.type) &&
    (!w.datasets || w.datasets.includes(e.datasetId)) &&
    (!w.departments || w.departments.includes(e.department))
  );
}
