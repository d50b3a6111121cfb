import type { DatasetEntry } from '../schema.ts';
import { forEachSearchText } from './search-fields.ts';
import { buildSearchIndex, type SearchIndex } from './search-index.ts';

/**
 * The search index of the latest catalogue snapshot, for one CatalogStore (the API keeps one per store:
 * search-datasets.ts). The caching store hands out the same array until it reloads (CATALOG_CACHE_MS, 2 s,
 * or a write), so the index is looked up by that array. A reload brings new objects: when they have the
 * same ids, update times and searchable texts as before (the usual case: nothing was published), the
 * index is kept and only its entries change; otherwise (a publication, a withdrawal, an edit) it is
 * rebuilt. Pure: no IO, no clock.
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
    if (previous && sameSearchTexts(previous.entries, entries)) index = { entries, core: previous.core };
    else {
      index = buildSearchIndex(entries);
      this.builds++;
    }
    this.last = { source, index };
    return index;
  }
}

/** Whether two snapshots search alike: same ids in the same order, same update times and searchable texts. */
export function sameSearchTexts(a: readonly DatasetEntry[], b: readonly DatasetEntry[]): boolean {
  if (a.length !== b.length) return false;
  const texts: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as DatasetEntry;
    const y = b[i] as DatasetEntry;
    if (x === y) continue;
    if (x.id !== y.id || x.updatedAt !== y.updatedAt) return false;
    // sort=title reads the titles as given (search-catalog.ts), not only the non-empty ones compared below.
    if (x.title['zh-CN'] !== y.title['zh-CN'] || x.title.en !== y.title.en) return false;
    texts.length = 0;
    forEachSearchText(x, (kind, raw) => texts.push(kind, raw));
    let at = 0;
    let same = true;
    forEachSearchText(y, (kind, raw) => {
      same &&= texts[at] === kind && texts[at + 1] === raw;
      at += 2;
    });
    if (!same || at !== texts.length) return false;
  }
  return true;
}
