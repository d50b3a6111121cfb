import type { PublishedField } from '../core/catalog/schema.ts';

/** A published version's Parquet, as a metadata catalog (Glue) sees it. */
export interface VersionTable {
  readonly datasetId: string;
  readonly version: number;
  /** Storage key of the version's Parquet artifact (`datasets/<id>/v000001/data.parquet`). */
  readonly parquetKey: string;
  readonly fields: readonly PublishedField[];
}

/** An object the catalog needs stored next to the version's artifacts, written once before commit. */
export interface LocationFile {
  readonly key: string;
  readonly body: string;
}

/**
 * Registers each published version as a table a distributed engine (Athena) can query. Registration
 * happens after the version commits and is best effort: the version is published either way.
 */
export interface TableCatalog {
  /** The file the table's location needs (Glue: a symlink manifest naming the Parquet object), or null. */
  locationFile(table: VersionTable): LocationFile | null;
  /** Creates the table; an existing table of the same version counts as done (versions are immutable). */
  register(table: VersionTable): Promise<void>;
}

/**
 * Table name of a version in the catalog: `<dataset>_v<n>`, lower case, with anything outside
 * [a-z0-9_] turned into `_` (Glue and Athena want lower-case names without hyphens). Shared by the
 * Glue adapter (creates it) and the Athena adapter (reads it).
 */
export function versionTableName(datasetId: string, version: number): string {
  return `${datasetId.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_v${version}`;
}
