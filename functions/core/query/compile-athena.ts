import type { PublishedField } from '../catalog/schema.ts';
import { type CheckOptions, checkQuery } from './check-query.ts';
import type { ValueType } from './checked-query.ts';
import type { Dialect } from './dialect.ts';
import type { QueryRequest } from './query-request.ts';
import { type CompiledQuery, renderSql } from './render-sql.ts';

const CAST_TYPES: Readonly<Record<ValueType, string>> = {
  string: 'VARCHAR',
  // sum() of BIGINT stays BIGINT in Trino.
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  time: 'TIME',
  null: 'VARCHAR',
};

/** Athena engine v3 (Trino). Identifiers quote like DuckDB; the differences are below. */
export const athenaDialect: Dialect = {
  name: 'athena',
  castType: (type) => CAST_TYPES[type],
  contains: (haystack, needle) => `(strpos(${haystack}, ${needle}) > 0)`,
  // Trino divides integers by truncating; Socrata and DuckDB do not.
  divide: (left, right) => `(CAST(${left} AS DOUBLE) / ${right})`,
  dateTrunc: (unit, arg) => `date_trunc('${unit}', ${arg})`,
  dateExtract: (part, arg, type) => {
    // Trino's DOW is ISO (1 = Monday … 7 = Sunday): modulo 7 makes Sunday 0. It has no hour of a DATE.
    if (part === 'dow') return `(extract(DOW FROM ${arg}) % 7)`;
    const timeOfDay = part === 'hour' || part === 'minute' || part === 'second';
    const value = timeOfDay && type === 'date' ? `CAST(${arg} AS TIMESTAMP)` : arg;
    return `extract(${part.toUpperCase()} FROM ${value})`;
  },
  literal: (value) => athenaLiteral(value),
  // Trino wants OFFSET before LIMIT.
  limitOffset: (limit, offset) => (offset ? `OFFSET ${offset} LIMIT ${limit}` : `LIMIT ${limit}`),
};

export interface AthenaCompileOptions {
  readonly primaryKey?: readonly string[];
  /** A unique row-number column written into the table, if any; without it and without a key, pages use OFFSET. */
  readonly rowIdColumn?: string | null;
}

/**
 * Same checks as `compileDuckDb`, Trino SQL with every value written as a literal (`params` is empty:
 * Athena takes `?` parameters only in WHERE).
 */
export const compileAthena = (
  query: QueryRequest,
  fields: readonly PublishedField[],
  options: AthenaCompileOptions = {},
): CompiledQuery => {
  const checkOptions: CheckOptions = {
    ...(options.primaryKey ? { primaryKey: options.primaryKey } : {}),
    rowIdColumn: options.rowIdColumn ?? null,
    engine: 'athena',
  };
  return renderSql(checkQuery(query, fields, checkOptions), athenaDialect);
};

/**
 * A value as a Trino SQL literal. Values come from the checked AST (typed literals, cursor values,
 * limits), never from SQL text: text is single-quoted with quotes doubled (Trino has no backslash
 * escapes in string literals), numbers are plain (finite only), booleans are TRUE/FALSE.
 */
export const athenaLiteral = (p: string | number | boolean | null): string => {
  if (p === null) return 'NULL';
  if (typeof p === 'boolean') return p ? 'TRUE' : 'FALSE';
  if (typeof p === 'number') {
    if (!Number.isFinite(p)) throw new Error('non-finite number literal');
    // `0.5` reads as a DECIMAL literal and `1e-7` as a DOUBLE: both compare correctly with any numeric column.
    return String(p);
  }
  return `'${p.replaceAll("'", "''")}'`;
};
