import { keyStatus } from '../core/access/api-key.ts';
import type { Webhook, WebhookView } from '../core/subscriptions/webhook.ts';
import { logger } from '../http/observability.ts';
import { loadKey } from './access/key-store.ts';
import type { Deps } from './deps.ts';

/**
 * A webhook belongs to the API key that registered it, and is delivered only while that key is active
 * (docs/webhooks.md, When its API key is revoked or expires). A revoked or expired key's webhooks are
 * disabled for good: keys are never re-activated (a new key has a new id), and re-enabling one is
 * refused while its key is not active, so re-issuing a key to the same holder revives nothing.
 */
export type OwnerKeyState = 'active' | 'revoked' | 'expired' | 'missing';

/** The `disabledReason` of a webhook whose key is not active. */
export const OWNER_KEY_REASONS: Record<Exclude<OwnerKeyState, 'active'>, string> = {
  revoked: 'key revoked',
  expired: 'key expired',
  missing: 'key not found',
};

/** A key that is not active, as a Chinese sentence says it: “密钥 odk_… 已被吊销”. */
export const OWNER_KEY_STATE_ZH: Record<OwnerKeyState, string> = {
  active: '有效',
  revoked: '已被吊销',
  expired: '已过期',
  missing: '不存在',
};

export interface OwnerKey {
  readonly state: OwnerKeyState;
  /** When it stopped being active: its revocation or expiry (undefined while active or when missing). */
  readonly since?: string;
}

/**
 * The state of a webhook's owning key now, read from the key store (not the request path's cache). A
 * failing read throws: a store error must not disable anything.
 */
export async function ownerKeyOf(deps: Deps, keyId: string): Promise<OwnerKey> {
  const record = (await loadKey(deps, keyId))?.value;
  if (!record) return { state: 'missing' };
  const state = keyStatus(record, deps.clock.now());
  if (state === 'active') return { state };
  return { state, since: state === 'revoked' ? record.revokedAt : record.expiresAt };
}

/** `ownerKeyOf`, each key read once per use (a sweep, a listing). */
export function ownerKeys(deps: Deps): (keyId: string) => Promise<OwnerKey> {
  const seen = new Map<string, Promise<OwnerKey>>();
  return (keyId) => {
    let found = seen.get(keyId);
    if (!found) {
      found = ownerKeyOf(deps, keyId);
      seen.set(keyId, found);
    }
    return found;
  };
}

/** An active webhook of a key that is not active, as disabled (unchanged otherwise). */
export function disabledForOwner<W extends Webhook | WebhookView>(w: W, owner: OwnerKey, now: Date): W {
  if (owner.state === 'active' || w.status !== 'active') return w;
  return {
    ...w,
    status: 'disabled',
    disabledAt: owner.since ?? now.toISOString(),
    disabledReason: OWNER_KEY_REASONS[owner.state],
  };
}

/** Logged once, when the sweep records that a webhook's key stopped it. */
export function logOwnerDisabled(w: Webhook, owner: OwnerKey): void {
  if (owner.state === 'active') return;
  logger.warn('webhook disabled: its API key is not active', {
    webhookId: w.id,
    keyId: w.keyId,
    reason: OWNER_KEY_REASONS[owner.state],
  });
}
