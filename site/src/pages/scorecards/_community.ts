import { statSync } from 'node:fs';
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
export function loadCommunity(): Community {
  // Every dataset page (feedback form) asks: read and validate the snapshot once per file version,
  // not once per page (at 1,000 datasets that was most of the build time).
  const path = snapshotPathFromEnv();
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  if (cached?.key !== key) {
    const s = readSnapshot(path);
    cached = {
      key,
      value: { ...(s.community ?? EMPTY), apiBaseUrl: s.apiBaseUrl.replace(/\/+$/, ''), generatedAt: s.generatedAt },
    };
  }
  return cached.value;
}

type Community = CommunitySnapshot & { apiBaseUrl: string; generatedAt: string };
let cached: { key: string; value: Community } | undefined;
