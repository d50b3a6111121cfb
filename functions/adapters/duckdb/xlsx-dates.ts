import { listValue } from '@duckdb/node-api';
import type { FieldSpec } from '../../core/manifest/schema.ts';
import { quoteLiteral } from '../../core/sql/quote.ts';
import { castSql } from '../../core/validation/cast-sql.ts';
import type { DuckDbSession } from './duckdb.ts';

/**
 * Date cells of a sheet (a serial number with a date style) are typed already: they are read as the
 * dates they are, whatever the field's `format` says, which reads the column's text cells only.
 *
 * The loader hands every cell to the CSV path as text, which the field's cast reads back; so a date
 * cell is written as the text that cast reads back to the same value: ISO without a `format`, else
 * the `format`'s own text, written by DuckDB's strftime (the twin of the strptime the cast uses) and
 * checked by casting it back with the pipeline's own cast. The CSV path and the casts stay the same
 * for every source; only the sheet reader knows which cells were dates.
 */

/**
 * The cell's instant in milliseconds. read-excel-file floors the serial number to a millisecond, and a
 * serial's binary rounding puts about a third of whole minutes just below them (08:30 is read as
 * 08:29:59.999): a value within a millisecond of a whole second is that second.
 */
export function sheetTime(d: Date): number {
  const t = d.getTime();
  const second = Math.round(t / 1000) * 1000;
  return Math.abs(t - second) <= 1 ? second : t;
}

const DAY_MS = 86_400_000;

/** The instant's day, at midnight (a spreadsheet date has no zone: its UTC clock is its clock). */
export const dayOf = (t: number): number => Math.floor(t / DAY_MS) * DAY_MS;

/** Whether the cell has no time of day. */
export const isMidnight = (t: number): boolean => dayOf(t) === t;

/** `2024-03-05T08:30:00`, with the milliseconds when there are any (`…08:30:00.250`). */
export function isoDateTime(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

/** `2024-03-05` (the day of the instant). */
export const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** A date cell written in a field's `format`: the text, and whether the cast reads it back unchanged. */
export interface FormattedDate {
  readonly text: string;
  readonly exact: boolean;
}

/**
 * The text of each instant in the field's `format` (dates: of its day), by instant. One query for
 * all of a column's distinct date cells.
 */
export async function formatDates(
  db: DuckDbSession,
  field: Pick<FieldSpec, 'type' | 'format'> & { format: string },
  times: readonly number[],
): Promise<Map<number, FormattedDate>> {
  const out = new Map<number, FormattedDate>();
  if (times.length === 0) return out;
  const text = `strftime(s::TIMESTAMP, ${quoteLiteral(field.format)})`;
  // The cast of the text (the pipeline's, trimming as it does) against the cell's own value.
  const expected = field.type === 'date' ? 's::TIMESTAMP::DATE' : 's::TIMESTAMP';
  const rows = await db.rows<{ s: string; text: string; exact: boolean }>(
    `SELECT s, ${text} AS text, coalesce(${castSql(field, text)} = ${expected}, false) AS exact FROM (SELECT unnest(?::VARCHAR[]) AS s)`,
    [listValue(times.map((t) => new Date(t).toISOString().slice(0, 23)))],
  );
  for (const r of rows) out.set(Date.parse(`${r.s}Z`), { text: r.text, exact: r.exact });
  return out;
}
