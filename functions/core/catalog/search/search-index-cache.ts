import type { DatasetEntry } from '../schema.ts';
import { buildSearchIndex, type SearchIndex } from './search-index.ts';

/**
 * The search index of the latest catalogue snapshot, for one CatalogStore (the API keeps one per store:
 * search-datasets.ts). The caching store hands out the same array until it reloads (CATALOG_CACHE_MS, 2 s,
 * or a write), so the index is looked up by that array. A reload brings new objects: when they have the
 * same ids and update times as before (the usual case: nothing was published), the index is kept and only
 * its entries change; otherwise (a publication, a withdrawal, an edit) it is rebuilt. Pure: no IO, no clock.
 */
export class SearchIndexCache {
  private last: { source: readonly DatasetEntry[]; index: SearchIndex } | undefined;
  /** How many times the index was built (tests). */
  builds = 0;

  /**
   * The index of `select(source)`. `source` is the store's answer (its identity says "same snapshot");
   * `select` picks the searchable entries (those with a published version).
   */
  indexOf(source: readonly DatasetEntry[], select: (all: readonly DatasetEntry[]) => DatasetEntry[]): SearchIndex {
    if (this.last?.source === source) return this.last.index;
    const entries = select(source);
    const previous = this.last?.index;
    let index: SearchIndex;
    if (previous && sameSearchSnapshot(previous.entries, entries)) index = { entries, core: previous.core };
    else {
      index = buildSearchIndex(entries);
      this.builds++;
    }
    this.last = { source, index };
    return index;
  }
}

/**
 * Whether two snapshots search alike: the same ids in the same order with the same update times. Cheap on
 * purpose (it runs on the request path at every reload): an entry's searchable texts, titles included,
 * change only with its `updatedAt`, because every writer bumps it when they change (refreshEntry in
 * publish-release.ts, withdraw-version.ts); comparing the texts themselves took ~85 ms at 5,000 datasets.
 */
export function sameSearchSnapshot(a: readonly DatasetEntry[], b: readonly DatasetEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as DatasetEntry;
    const y = b[i] as DatasetEntry;
    if (x !== y && (x.id !== y.id || x.updatedAt !== y.updatedAt)) return false;
  }
  return true;
}
