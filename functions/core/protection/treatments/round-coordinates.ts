import type { Treatment } from '../../manifest/treatment.ts';
import type { FieldType } from '../../manifest/vocabulary.ts';
import type { CellValue } from './context.ts';
import { formatScaled, numberOf } from './generalize-number.ts';

type RoundCoordinates = Extract<Treatment, { kind: 'round-coordinates' }>;

/**
 * A geopoint as two decimal coordinates separated by a comma ("lat,lon" or Frictionless' default
 * "lon, lat": both parts are rounded alike, so the order does not matter). Spaces and tabs only, as
 * RE2's and JS's notions of \s differ.
 */
export const GEOPOINT_PATTERN = '^[ \\t]*(-?[0-9]+(?:\\.[0-9]+)?)[ \\t]*,[ \\t]*(-?[0-9]+(?:\\.[0-9]+)?)[ \\t]*$';
const GEOPOINT = new RegExp(GEOPOINT_PATTERN);

/**
 * Rounds half away from zero like DuckDB's round(DOUBLE, n) (std::round(x * 10^n) / 10^n), so the
 * JS reference and the SQL agree bit for bit. -0 becomes 0.
 */
export function roundHalfAway(x: number, decimals: number): number {
  const m = 10 ** decimals;
  const scaled = x * m;
  if (!Number.isFinite(scaled)) return x;
  const r = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return r / m + 0;
}

/** Writes a rounded coordinate with exactly `decimals` decimals, from integers (no float formatting). */
export function formatRounded(x: number, decimals: number): string {
  return formatScaled(BigInt(Math.round(x * 10 ** decimals)), decimals);
}

/**
 * Rounds both parts of a geopoint field (written back with exactly `decimals` decimals), or a number
 * field. Anything else becomes null: precise positions are never published by accident.
 */
export function roundCoordinates(value: CellValue, t: RoundCoordinates, fieldType: FieldType): CellValue {
  if (value === null) return null;
  if (fieldType === 'geopoint') {
    const m = typeof value === 'string' ? GEOPOINT.exec(value) : null;
    if (!m) return null;
    const a = roundHalfAway(Number(m[1]), t.decimals);
    const b = roundHalfAway(Number(m[2]), t.decimals);
    return `${formatRounded(a, t.decimals)},${formatRounded(b, t.decimals)}`;
  }
  const x = numberOf(value);
  return x === null ? null : roundHalfAway(x, t.decimals);
}
