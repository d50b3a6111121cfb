import type { FieldType } from '../manifest/vocabulary.ts';

/**
 * How published values are written as text in data.csv, data.ndjson and data.json, in the terms of
 * Frictionless Table Schema v2 (a field's `format`), so that datapackage.json describes exactly what is
 * written. Parquet holds typed values and needs none of this.
 *
 * DuckDB writes a TIMESTAMP as `2024-01-31 08:00:00`: a space where the v2 default (XML Schema
 * dateTime) has a `T`. The query API prints the same text and spreadsheets read it as a date-time, so
 * the files keep it and the datapackage declares its pattern (C / Python strptime syntax, as v2 asks).
 * DuckDB adds a fraction only to a value that has one (`…08:00:00.5`), and a strptime pattern has no
 * optional part: a column holding any sub-second value is written with six fractional digits in every
 * row (`.%f`, the same directive in DuckDB's strftime and Python's strptime), so one pattern reads it.
 */
export const DATETIME_FORMAT = '%Y-%m-%d %H:%M:%S';
export const DATETIME_FRACTION_FORMAT = '%Y-%m-%d %H:%M:%S.%f';
/** A whole-second TIME is written `08:30:00`: the v2 default (`hh:mm:ss`) needs no `format`. */
export const TIME_FRACTION_FORMAT = '%H:%M:%S.%f';

/** Published types whose text may carry a fraction of a second (DuckDB TIMESTAMP and TIME). */
export const SUB_SECOND_TYPES: ReadonlySet<FieldType> = new Set(['datetime', 'time']);

/**
 * The Table Schema `format` of a published field's text, or undefined for the type's default form.
 * `subSecond`: the column holds a value with a fraction of a second (then written with six digits).
 */
export function writtenFormat(type: FieldType, subSecond: boolean): string | undefined {
  if (type === 'datetime') return subSecond ? DATETIME_FRACTION_FORMAT : DATETIME_FORMAT;
  if (type === 'time' && subSecond) return TIME_FRACTION_FORMAT;
  return undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/**
 * A date, date-time or time constraint value (written ISO in the manifest, `T` or a space) in the
 * field's written form: readers cast constraint values with the field's type and `format` (Table
 * Schema v2, Field Constraints). Undefined when the written form cannot state it: a zone (the gate
 * compares bounds without it, so the published bound is unclear), a fraction that a whole-second
 * format drops or that is finer than a microsecond, or another shape. Other types' values are kept.
 */
export function constraintText(
  type: FieldType,
  format: string | undefined,
  value: string | number,
): string | number | undefined {
  if (type !== 'date' && type !== 'datetime' && type !== 'time') return value;
  const text = String(value).trim();
  if (type === 'date') return DATE.test(text) ? text : undefined;
  const m = type === 'datetime' ? DATETIME.exec(text) : TIME.exec(text);
  if (!m) return undefined;
  const [date, hh, mm, ss, fraction] = type === 'datetime' ? m.slice(1) : [undefined, ...m.slice(1)];
  const clock = `${(hh ?? '0').padStart(2, '0')}:${mm ?? '00'}:${ss ?? '00'}`;
  const digits = fraction ?? '';
  if (digits.slice(6).replaceAll('0', '') !== '') return undefined;
  const micro = digits.slice(0, 6).padEnd(6, '0');
  const withFraction = format?.endsWith('.%f') ?? false;
  if (!withFraction && micro !== '000000') return undefined;
  const written = withFraction ? `${clock}.${micro}` : clock;
  return date === undefined ? written : `${date} ${written}`;
}
