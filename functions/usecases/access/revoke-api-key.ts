import { type ApiKeyView, viewOf } from '../../core/access/api-key.ts';
import { notFound } from '../../core/errors.ts';
import { ConditionFailedError } from '../../ports/catalog-store.ts';
import type { Deps } from '../deps.ts';
import { auditKeyEvent } from './audit-hook.ts';
import { forgetKey, KEY_DOC_KIND, loadKey } from './key-store.ts';

/** Revokes a key (idempotent: revoking a revoked key answers its record unchanged). */
export async function revokeApiKey(deps: Deps, actor: string, id: string): Promise<ApiKeyView> {
  // Bounded retry on a concurrent update of the same record.
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = await loadKey(deps, id);
    if (!cur) {
      throw notFound({
        detail: `no API key "${id}"`,
        hint: 'list keys with GET /v1/keys or `opendata keys list`',
        zh: { detail: `没有 API 密钥“${id}”`, hint: '用 `opendata keys list`（GET /v1/keys）列出密钥' },
      });
    }
    const now = deps.clock.now();
    if (cur.value.revokedAt) return viewOf(cur.value, now);
    const record = { ...cur.value, revokedAt: now.toISOString(), revokedBy: actor };
    try {
      await deps.catalog.putDoc(KEY_DOC_KIND, id, record, cur.revision);
    } catch (e) {
      if (e instanceof ConditionFailedError) continue;
      throw e;
    }
    forgetKey(deps, id);
    await auditKeyEvent(deps, {
      action: 'api-key.revoked',
      actor,
      keyId: id,
      at: record.revokedAt,
      details: { name: record.name },
    });
    return viewOf(record, now);
  }
  throw new Error(`could not revoke key ${id}: too many concurrent updates`);
}
