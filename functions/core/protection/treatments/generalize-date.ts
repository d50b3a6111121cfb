import type { Treatment } from '../../manifest/treatment.ts';
import type { CellValue } from './context.ts';

type GeneralizeDate = Extract<Treatment, { kind: 'generalize-date' }>;

/** Dates, datetimes and year-months as ISO text start with "YYYY-MM"; years with "YYYY". */
const ISO_PREFIX = /^([0-9]{4})(?:-([0-9]{2}))?/;

/**
 * Truncates to "YYYY-MM" (published as yearmonth) or to the year as a number (published as year).
 * Values that do not start with an ISO date become null rather than being published as they are.
 */
export function generalizeDate(value: CellValue, t: GeneralizeDate): CellValue {
  if (value === null) return null;
  const m = ISO_PREFIX.exec(String(value));
  if (!m) return null;
  if (t.to === 'year') return Number(m[1]);
  return m[2] === undefined ? null : `${m[1]}-${m[2]}`;
}
