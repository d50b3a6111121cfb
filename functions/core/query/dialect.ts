import type { ValueType } from './checked-query.ts';

export type DatePart = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'dow' | 'week';
export type DateTruncUnit = 'year' | 'month' | 'day';

/** What differs between the SQL engines we compile to. Everything else is shared by `render-sql.ts`. */
export interface Dialect {
  readonly name: 'duckdb' | 'athena';
  /** SQL type a text cursor value or a typed literal is cast to. */
  castType(type: ValueType): string;
  /** Case-insensitive "haystack contains needle", both already rendered. */
  contains(haystack: string, needle: string): string;
  /** Division that never truncates. */
  divide(left: string, right: string): string;
  /** Truncation to year/month/day; `type` is the argument's type (date or datetime), kept as result type. */
  dateTrunc(unit: DateTruncUnit, arg: string, type: ValueType): string;
  /**
   * One part of a date or date-time as an integer (BIGINT in both engines): `dow` is 0 = Sunday … 6 =
   * Saturday and `week` the ISO 8601 week (1–53), as Socrata's date_extract_dow and date_extract_woy.
   * `type` is the argument's type: a date has no time of day, its hour, minute and second are 0.
   */
  dateExtract(part: DatePart, arg: string, type: ValueType): string;
  /**
   * Writes each value into the SQL text as a literal (no parameters at all). Without it, values are
   * bound to placeholders `$1`, `$2`…, one per distinct value (DuckDB; see render-sql.ts).
   * Athena takes `?` only in WHERE (not in SELECT, GROUP BY, ORDER BY, HAVING, LIMIT or OFFSET), and
   * its ExecutionParameters would be literal texts substituted for each `?` anyway: the same escaping, done here.
   */
  literal?(value: string | number | boolean): string;
  /** LIMIT/OFFSET clause with both already rendered as parameters. */
  limitOffset(limit: string, offset: string | null): string;
  /**
   * A row-number column in whose order the engine returns rows of a query without ORDER BY (DuckDB:
   * `file_row_number`, with `preserve_insertion_order`, its default). Sorting on it alone is then
   * left out, so a filtered page stops scanning once it has its rows instead of sorting them all.
   */
  readonly scanOrderColumn?: string;
  /**
   * `operand IN (items)` for a list of parameters (never NULL, so SQL's IN semantics hold: NULL when
   * the operand is NULL). DuckDB: `list_contains`, 3–4× faster than its IN on text once the
   * order-breaking IN-to-join rewrite is off (the engine turns it off: see adapters/duckdb/duckdb.ts).
   */
  inValues?(operand: string, items: readonly string[]): string;
  /**
   * The ICU collation text `$order` keys and text range comparisons use (DuckDB: `zh`, pinyin, as
   * Chinese spreadsheets and PostgreSQL's zh_CN sort); absent, text is ordered by code point (Athena:
   * Trino has no collations). The checker marks where it applies (`SortKey.collation`).
   */
  readonly textCollation?: string;
  /**
   * `min` / `max` of text in `textCollation` (required with it): the first or last in that order, ties
   * between distinct strings the collation holds equal broken by code point, so the answer is one string
   * whatever the scan order (an answer is cached forever).
   */
  readonly collatedExtreme?: (fn: 'min' | 'max', arg: string) => string;
}
