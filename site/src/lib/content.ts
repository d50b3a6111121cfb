import { getCollection, getEntry } from 'astro:content';
import type { CatalogMeta, SnapshotDataset } from './types.ts';

/** The catalogue from the content layer (validated by the loader with the shared schema). */
export async function loadCatalog(): Promise<{ datasets: SnapshotDataset[]; meta: CatalogMeta }> {
  const [entries, meta] = await Promise.all([getCollection('datasets'), getEntry('catalog', 'snapshot')]);
  if (!meta) throw new Error('catalog collection has no "snapshot" entry: the snapshot loader did not run');
  return {
    datasets: entries.map((e) => e.data as unknown as SnapshotDataset),
    meta: meta.data as unknown as CatalogMeta,
  };
}

export const siteUrlOf = (site: URL | undefined): string => (site ?? new URL('http://localhost:8787/')).href;
