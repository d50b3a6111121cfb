import type { Loader } from 'astro/loaders';
import { readSnapshot, snapshotPathFromEnv } from '../lib/read-snapshot.ts';

/**
 * Content-layer loaders over the catalogue snapshot. The snapshot is re-read and re-validated on every
 * build (it changes after every publish), so the store is cleared first: stale datasets never survive.
 */
export function datasetsLoader(): Loader {
  return {
    name: 'opendata-catalog-datasets',
    load: async ({ store, parseData, generateDigest, logger }) => {
      const path = snapshotPathFromEnv();
      const snapshot = readSnapshot(path);
      store.clear();
      for (const d of snapshot.datasets) {
        const data = await parseData({ id: d.entry.id, data: d as unknown as Record<string, unknown> });
        store.set({ id: d.entry.id, data, digest: generateDigest(data) });
      }
      logger.info(`${snapshot.datasets.length} datasets from ${path}`);
    },
  };
}

/** One entry, `snapshot`: generatedAt and apiBaseUrl. */
export function catalogMetaLoader(): Loader {
  return {
    name: 'opendata-catalog-meta',
    load: async ({ store, generateDigest }) => {
      const snapshot = readSnapshot(snapshotPathFromEnv());
      const data = { generatedAt: snapshot.generatedAt, apiBaseUrl: snapshot.apiBaseUrl.replace(/\/+$/, '') };
      store.clear();
      store.set({ id: 'snapshot', data, digest: generateDigest(data) });
    },
  };
}
