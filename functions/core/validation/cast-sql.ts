import type { FieldSpec } from '../manifest/schema.ts';
import { quoteLiteral } from '../sql/quote.ts';

const TRUE_WORDS = ['true', 't', 'yes', 'y', '1', '是'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0', '否'];

/** DuckDB logical type a field is stored as in published Parquet. */
export function duckType(type: FieldSpec['type']): string {
  switch (type) {
    case 'integer':
    case 'year':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMP';
    case 'time':
      return 'TIME';
    default:
      return 'VARCHAR';
  }
}

/**
 * SQL casting a text column to the field's type; NULL when the text does not cast (the validator
 * reports those rows) or is empty. `expr` is a trusted SQL expression (a quoted column).
 */
export function castSql(field: Pick<FieldSpec, 'type' | 'format'>, expr: string): string {
  return castTrimmedSql(field, `NULLIF(trim(${expr}), '')`);
}

/**
 * The same cast over an expression that is already trimmed text or NULL (`NULLIF(trim(x), '')`),
 * so a pass that needs both the text and the value trims once. Text types return `v` itself.
 */
export function castTrimmedSql(field: Pick<FieldSpec, 'type' | 'format'>, v: string): string {
  switch (field.type) {
    case 'integer':
      return `TRY_CAST(${v} AS BIGINT)`;
    case 'year':
      return `CASE WHEN regexp_full_match(${v}, '-?[0-9]{1,4}') THEN TRY_CAST(${v} AS BIGINT) END`;
    case 'number':
      return `TRY_CAST(${v} AS DOUBLE)`;
    case 'boolean':
      // list_contains rather than IN: DuckDB plans an IN list of 6+ values as a join, and a join does
      // not keep row order (the published files must be in source order).
      return `CASE WHEN list_contains([${TRUE_WORDS.map((w) => `'${w}'`).join(', ')}], lower(${v})) THEN true WHEN list_contains([${FALSE_WORDS.map((w) => `'${w}'`).join(', ')}], lower(${v})) THEN false END`;
    case 'date':
      return field.format
        ? `TRY_CAST(try_strptime(${v}, ${quoteLiteral(field.format)}) AS DATE)`
        : `TRY_CAST(${v} AS DATE)`;
    case 'datetime':
      return field.format ? `try_strptime(${v}, ${quoteLiteral(field.format)})` : `TRY_CAST(${v} AS TIMESTAMP)`;
    case 'time':
      return `TRY_CAST(${v} AS TIME)`;
    case 'yearmonth':
      return `CASE WHEN regexp_full_match(${v}, '[0-9]{4}-(0[1-9]|1[0-2])') THEN ${v} END`;
    case 'geopoint':
      return `CASE WHEN regexp_full_match(${v}, '\\s*-?[0-9]+(\\.[0-9]+)?\\s*,\\s*-?[0-9]+(\\.[0-9]+)?\\s*') THEN ${v} END`;
    default:
      return v;
  }
}

/** What a valid value of the type looks like, for hints. */
export function typeHint(field: Pick<FieldSpec, 'type' | 'format'>): string {
  switch (field.type) {
    case 'integer':
      return 'a whole number such as 42 (no thousands separators)';
    case 'number':
      return 'a number such as 3.14 (a dot as decimal separator, no thousands separators)';
    case 'boolean':
      return `one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`;
    case 'date':
      return field.format
        ? `a date in the format ${field.format}`
        : 'an ISO date such as 2026-03-31, or set `format` on the field';
    case 'datetime':
      return field.format
        ? `a date-time in the format ${field.format}`
        : 'an ISO date-time such as 2026-03-31T08:00:00';
    case 'time':
      return 'a time such as 08:30:00';
    case 'year':
      return 'a year such as 2026';
    case 'yearmonth':
      return 'a year and month such as 2026-03';
    case 'geopoint':
      return 'a "lat,lon" pair such as 39.9,116.4';
    default:
      return 'text';
  }
}
