import type { CatalogSnapshot } from '../../../functions/core/catalog/schema.ts';
import type { Language } from '../../../functions/core/manifest/localized.ts';

/** One dataset of the snapshot: its catalogue entry, every version and a preview of the latest. */
export type SnapshotDataset = CatalogSnapshot['datasets'][number];
export type { CatalogSnapshot, Language };

/** Snapshot-wide facts every page needs. */
export interface CatalogMeta {
  generatedAt: string;
  /** API base without a trailing slash, e.g. http://localhost:8787 */
  apiBaseUrl: string;
}
