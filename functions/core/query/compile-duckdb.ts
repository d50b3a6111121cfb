import type { PublishedField } from '../catalog/schema.ts';
import { type CheckOptions, checkQuery } from './check-query.ts';
import type { ValueType } from './checked-query.ts';
import type { Dialect } from './dialect.ts';
import type { QueryRequest } from './query-request.ts';
import { type CompiledQuery, renderSql } from './render-sql.ts';

const CAST_TYPES: Readonly<Record<ValueType, string>> = {
  string: 'VARCHAR',
  // sum() of BIGINT is HUGEINT in DuckDB: cast cursor values wide enough for both.
  integer: 'HUGEINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  time: 'TIME',
  null: 'VARCHAR',
};

export const duckDbDialect: Dialect = {
  name: 'duckdb',
  castType: (type) => CAST_TYPES[type],
  contains: (haystack, needle) => `contains(${haystack}, ${needle})`,
  // DuckDB's `/` is already floating-point division.
  divide: (left, right) => `(${left} / ${right})`,
  // date_trunc of a DATE returns a TIMESTAMP in DuckDB: cast back so the column keeps its type.
  dateTrunc: (unit, arg, type) =>
    type === 'date' ? `CAST(date_trunc('${unit}', ${arg}) AS DATE)` : `date_trunc('${unit}', ${arg})`,
  // DuckDB's `dow` is already 0 = Sunday, its `week` the ISO week, and it extracts 0 hours from a date.
  dateExtract: (part, arg) => `extract(${part} FROM ${arg})`,
  limitOffset: (limit, offset) => (offset ? `LIMIT ${limit} OFFSET ${offset}` : `LIMIT ${limit}`),
  scanOrderColumn: 'file_row_number',
  inValues: (operand, items) => `list_contains([${items.join(', ')}], ${operand})`,
  // ICU's Chinese collation (CLDR `zh`: pinyin), built into the DuckDB the engine runs.
  textCollation: 'zh',
  // A list compares element by element: the ICU sort key (pinyin), then the string itself.
  collatedExtreme: (fn, arg) =>
    `arg_${fn}(${arg}, CASE WHEN ${arg} IS NOT NULL THEN [icu_sort_key(${arg}, 'zh'), ${arg}] END)`,
};

export interface DuckDbCompileOptions {
  readonly primaryKey?: readonly string[];
  /** Tiebreak when there is no primary key; default `file_row_number` (see `read_parquet(…, file_row_number = true)`). */
  readonly rowIdColumn?: string | null;
  /** See `CheckOptions.searchColumn`: only when the engine's `data` has that column. */
  readonly searchColumn?: string;
}

/**
 * Checks a parsed query against the published fields and compiles it to parameterized DuckDB SQL over
 * the table (or view) `data`. Throws `invalidQuery` (400) for anything the dataset cannot answer.
 */
export const compileDuckDb = (
  query: QueryRequest,
  fields: readonly PublishedField[],
  options: DuckDbCompileOptions = {},
): CompiledQuery => {
  const checkOptions: CheckOptions = {
    ...(options.primaryKey ? { primaryKey: options.primaryKey } : {}),
    rowIdColumn: options.rowIdColumn === undefined ? 'file_row_number' : options.rowIdColumn,
    engine: 'duckdb',
    ...(duckDbDialect.textCollation ? { collation: duckDbDialect.textCollation } : {}),
    ...(options.searchColumn ? { searchColumn: options.searchColumn } : {}),
  };
  const compiled = renderSql(checkQuery(query, fields, checkOptions), duckDbDialect);
  return options.searchColumn && query.search.length > 0 ? { ...compiled, readsSearchColumn: true } : compiled;
};
