import type { CommunitySnapshot } from '../../../../functions/core/catalog/schema.ts';
import { readSnapshot, snapshotPathFromEnv } from '../../lib/read-snapshot.ts';

const EMPTY: CommunitySnapshot = {
  scorecards: { generatedAt: new Date(0).toISOString(), departments: [] },
  requests: [],
  feedback: {},
};

/**
 * Community data of the snapshot (scorecards, data requests, moderated feedback), validated with the
 * shared CatalogSnapshot schema; empty when the snapshot predates it.
 */
export function loadCommunity(): CommunitySnapshot & { apiBaseUrl: string; generatedAt: string } {
  const s = readSnapshot(snapshotPathFromEnv());
  return { ...(s.community ?? EMPTY), apiBaseUrl: s.apiBaseUrl.replace(/\/+$/, ''), generatedAt: s.generatedAt };
}
