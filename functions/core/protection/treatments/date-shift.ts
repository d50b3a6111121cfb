import type { Treatment } from '../../manifest/treatment.ts';
import { type CellValue, textOf } from './context.ts';
import { deriveKey, hmacSha256Hex, requireKey } from './hmac.ts';

type DateShift = Extract<Treatment, { kind: 'date-shift' }>;

/** Purpose label of the derived key (see deriveKey). */
export const DATE_SHIFT_PURPOSE = 'date-shift';

/**
 * The shift in days for one record: the first 32 bits of HMAC(derived key, key-field text) taken
 * modulo 2·maxDays and mapped onto [-maxDays, -1] ∪ [1, maxDays]. Never 0, so a shifted date never
 * equals the original; the same key value always gets the same shift, so intervals within a record
 * (admission → discharge) survive.
 */
export function shiftDays(key: Uint8Array, keyValue: string, maxDays: number): number {
  const h = hmacSha256Hex(deriveKey(key, DATE_SHIFT_PURPOSE), keyValue);
  const n = Number.parseInt(h.slice(0, 8), 16) % (2 * maxDays);
  return n < maxDays ? n - maxDays : n - maxDays + 1;
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})/;

/** Adds days to the date part of ISO text ("YYYY-MM-DD" or a datetime, whose time part is kept). */
export function addDays(iso: string, days: number): string | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  d.setUTCDate(d.getUTCDate() + days);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return null;
  const date = `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  return date + iso.slice(10);
}

/**
 * Shifts a date by the record's shift. Without a key value (null or empty key field) there is no
 * per-record shift to apply, and one shared shift would be learnt from a single record: the date is
 * withheld (null) instead. Text that is not an ISO date is withheld too.
 */
export function dateShift(
  value: CellValue,
  t: DateShift,
  key: Uint8Array | undefined,
  record: Readonly<Record<string, CellValue>> | undefined,
): CellValue {
  if (value === null) return null;
  const keyValue = record?.[t.keyField];
  if (keyValue === undefined || keyValue === null || textOf(keyValue) === '') return null;
  return addDays(textOf(value), shiftDays(requireKey(key, 'date-shift'), textOf(keyValue), t.maxDays));
}
