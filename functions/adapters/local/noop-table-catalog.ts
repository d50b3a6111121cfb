import type { TableCatalog } from '../../ports/table-catalog.ts';

/**
 * Locally there is no Glue: the local query jobs read the version's Parquet directly (DuckDB), so
 * nothing needs registering and no manifest is written.
 */
export const noopTableCatalog: TableCatalog = {
  locationFile: () => null,
  register: async () => {},
};
