import { isIpLiteral } from '../core/subscriptions/address-ranges.ts';
import { checkResolvedAddresses, checkWebhookUrl } from '../core/subscriptions/webhook-target.ts';
import type { WebhookSettings } from './webhooks-settings.ts';

export type Destination =
  | { readonly url: string; readonly address: string }
  /** A target rule forbids this delivery. */
  | { readonly refused: string }
  /** The name could not be resolved now (retried like a network error). */
  | { readonly error: string };

/**
 * Decides, just before an attempt, where a webhook may be delivered: the stored URL is checked
 * against today's rules, its host name resolved, and every address vetted (a name that pointed to a
 * public address at registration can point to 169.254.169.254 now). The transport then connects to
 * the vetted address without resolving again. A refusal names the rule, never an address or secret.
 */
export async function vetDestination(settings: WebhookSettings, url: string): Promise<Destination> {
  const target = checkWebhookUrl(url, settings.targets);
  if (!target.ok) return { refused: target.message };
  if (isIpLiteral(target.host)) return { url: target.url, address: target.host };
  let addresses: readonly string[];
  try {
    addresses = await withTimeout(settings.resolver.resolve(target.host), settings.timeoutMs);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { error: `the host name could not be resolved${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  const problem = checkResolvedAddresses(addresses, settings.targets);
  const first = addresses[0];
  return problem || !first
    ? { refused: problem ?? 'the host name has no address' }
    : { url: target.url, address: first };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
