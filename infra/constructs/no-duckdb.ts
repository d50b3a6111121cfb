/**
 * What `@duckdb/node-api` resolves to in the bundles of functions that do not ship DuckDB (every
 * function whose route-table entry says `duckdb: false`).
 *
 * Those functions share the composition root with the DuckDB ones and reach the DuckDB adapters only
 * through lazy `import()`s they never take. esbuild inlines such imports, and an ESM bundle hoists
 * every external package import to its top: marking the package external made the module fail to
 * load on Lambda (ERR_MODULE_NOT_FOUND at init) because the package is not in those assets. This
 * stand-in keeps the bundle self-contained and makes any use fail loudly instead.
 */
function absent(): never {
  throw new Error(
    'DuckDB is not part of this function (its route-table entry has duckdb: false); give the handler duckdb: true to ship it',
  );
}

const unavailable = new Proxy({}, { get: absent, apply: absent, construct: absent });

// Every value the functions import from @duckdb/node-api (test/infra/no-duckdb.test.ts keeps this list whole).
export const DuckDBInstance = unavailable;
export const StatementType = unavailable;
export const JsonDuckDBValueConverter = unavailable;
export const DuckDBTypeId = unavailable;
export const blobValue = absent;
export const listValue = absent;
