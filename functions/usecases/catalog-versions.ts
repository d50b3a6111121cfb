import type { DatasetEntry, VersionRecord } from '../core/catalog/schema.ts';
import type { Deps } from './deps.ts';
import { mapConcurrently } from './map-concurrently.ts';

/**
 * Datasets whose versions are listed at once (one query each). All at once, a thousand datasets were a
 * thousand concurrent queries (the SDK's sockets, the table's burst capacity); one at a time, minutes.
 */
export const LIST_CONCURRENCY = 16;

export interface DatasetVersions {
  readonly entry: DatasetEntry;
  /** Every stored version, pending ones included, in the store's order. */
  readonly versions: readonly VersionRecord[];
}

/** Every dataset (or those given) with all its versions, in the order of the datasets. */
export async function listCatalogVersions(
  catalog: Deps['catalog'],
  entries?: readonly DatasetEntry[],
): Promise<DatasetVersions[]> {
  const datasets = entries ?? (await catalog.listDatasets());
  return mapConcurrently(datasets, LIST_CONCURRENCY, async (entry) => ({
    entry,
    versions: await catalog.listVersions(entry.id),
  }));
}
