import { ApiKeyRecord, type ApiKeyView, viewOf } from '../../core/access/api-key.ts';
import type { Deps } from '../deps.ts';
import { KEY_DOC_KIND } from './key-store.ts';

/** Every key (without hashes), with its status. Bounded to 10,000 keys. */
export async function listApiKeys(deps: Deps): Promise<ApiKeyView[]> {
  const now = deps.clock.now();
  const docs = await deps.catalog.listDocs<unknown>(KEY_DOC_KIND, { limit: 10_000 });
  return docs.map((d) => viewOf(ApiKeyRecord.parse(d.value), now));
}
