import type { Deps } from '../deps.ts';
import { appendAudit } from '../release/audit-ledger.ts';

/** What key management reports to the audit trail. */
export interface KeyAuditEvent {
  readonly action: 'api-key.issued' | 'api-key.revoked';
  readonly actor: string;
  readonly keyId: string;
  readonly at: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Appends key issuance and revocation to the platform's hash-chained audit ledger
 * (usecases/release/audit-ledger.ts). Subject `api-key/<id>`; never the key or its hash. The dedupe
 * key makes a retried issuance/revocation log once.
 */
export async function auditKeyEvent(deps: Deps, event: KeyAuditEvent): Promise<void> {
  await appendAudit(deps, {
    actor: event.actor,
    action: event.action,
    subject: `api-key/${event.keyId}`,
    details: { ...event.details, at: event.at },
    dedupeKey: `${event.action}:${event.keyId}`,
  });
}
