import { ApiKeyRecord } from '../../core/access/api-key.ts';
import type { Revisioned } from '../../ports/catalog-store.ts';
import type { Deps } from '../deps.ts';

/** API key records live in the catalog table as generic documents of this kind. */
export const KEY_DOC_KIND = 'apikey';

export async function loadKey(deps: Deps, id: string): Promise<Revisioned<ApiKeyRecord> | undefined> {
  const doc = await deps.catalog.getDoc<unknown>(KEY_DOC_KIND, id);
  return doc && { value: ApiKeyRecord.parse(doc.value), revision: doc.revision };
}

/**
 * Per-container cache of key lookups (request path); revocation in this process clears it at once.
 * Keyed by the catalog store, so copies of the deps object share it.
 */
const caches = new WeakMap<object, Map<string, { record: ApiKeyRecord | undefined; at: number }>>();

export async function cachedKey(deps: Deps, id: string, nowMs: number): Promise<ApiKeyRecord | undefined> {
  let cache = caches.get(deps.catalog);
  if (!cache) {
    cache = new Map();
    caches.set(deps.catalog, cache);
  }
  const hit = cache.get(id);
  if (hit && nowMs - hit.at < deps.access.keyCacheMs) return hit.record;
  const record = (await loadKey(deps, id))?.value;
  if (cache.size >= 10_000) cache.clear();
  cache.set(id, { record, at: nowMs });
  return record;
}

export function forgetKey(deps: Deps, id: string): void {
  caches.get(deps.catalog)?.delete(id);
}
