import type { Treatment } from '../../manifest/treatment.ts';
import type { FieldType } from '../../manifest/vocabulary.ts';
import type { CellValue } from './context.ts';

type GeneralizeNumber = Extract<Treatment, { kind: 'generalize-number' }>;

/**
 * A width written as an integer count of 10^-decimals (0.25 → 25 / 10^2), so bucket bounds are
 * printed from integers: no float formatting, identical in JS and SQL.
 */
export function widthScale(width: number): { units: number; decimals: number } {
  for (let decimals = 0; decimals <= 9; decimals++) {
    const units = Math.round(width * 10 ** decimals);
    if (units > 0 && Math.abs(units / 10 ** decimals - width) <= Number.EPSILON * width * 4) return { units, decimals };
  }
  throw new Error(`bucket width ${width} has more than 9 decimals; use a rounder width`);
}

/** Integer fields with integer widths get closed labels ("30-39"); others half-open [lo, hi) labels ("0.5-1.0"). */
export function closedBuckets(fieldType: FieldType, width: number): boolean {
  return (fieldType === 'integer' || fieldType === 'year') && Number.isInteger(width);
}

/** Writes n / 10^decimals exactly (n an integer). */
export function formatScaled(n: bigint, decimals: number): string {
  const neg = n < 0n;
  const abs = (neg ? -n : n).toString().padStart(decimals + 1, '0');
  const int = abs.slice(0, abs.length - decimals);
  const frac = abs.slice(abs.length - decimals);
  return (neg ? '-' : '') + int + (decimals > 0 ? `.${frac}` : '');
}

/** Decimal number text; spaces and tabs only around it, as RE2's and JS's notions of \s differ. */
export const NUMERIC_TEXT_PATTERN = '^[ \\t]*[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \\t]*$';
const NUMERIC_TEXT = new RegExp(NUMERIC_TEXT_PATTERN);

/** The number a cell holds, or null when it holds none (text that is not a finite number). */
export function numberOf(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * The bucket label of a number: lo = floor(x / width) * width. Values that are not numbers become
 * null rather than being published as they are.
 */
export function generalizeNumber(value: CellValue, t: GeneralizeNumber, fieldType: FieldType): CellValue {
  const x = numberOf(value);
  if (x === null) return null;
  const k = Math.floor(x / t.width);
  if (!Number.isSafeInteger(k)) return null;
  const { units, decimals } = widthScale(t.width);
  const lo = BigInt(k) * BigInt(units);
  const hi = closedBuckets(fieldType, t.width) ? lo + BigInt(units) - 1n : lo + BigInt(units);
  return `${formatScaled(lo, decimals)}-${formatScaled(hi, decimals)}`;
}
