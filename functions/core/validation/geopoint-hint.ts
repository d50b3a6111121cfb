import type { FieldSpec } from '../manifest/schema.ts';

/** Two plain decimals and a comma, as a geopoint is written (the order aside). */
const PAIR = /^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*,\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$/;

/**
 * The hint for a geopoint refused because it is written longitude first (`116.4,39.9`, the GeoJSON and
 * many map tools' order): the first number is no latitude (beyond ±90) but a longitude (within ±180),
 * and the second is a latitude. Undefined for any other value: the type's own hint then applies.
 * `sensitive`: the value is masked in the report, so the hint quotes none of it.
 */
export function geopointHint(value: string, field: Pick<FieldSpec, 'type'>, sensitive: boolean): string | undefined {
  if (field.type !== 'geopoint') return undefined;
  const m = PAIR.exec(value);
  if (!m) return undefined;
  const [, first = '', second = ''] = m;
  const a = Math.abs(Number(first));
  const b = Math.abs(Number(second));
  if (a <= 90 || a > 180 || b > 90) return undefined;
  return sensitive
    ? 'looks like longitude first (the first number is beyond -90 to 90, the second within): write latitude first, then longitude'
    : `looks like longitude first (${first},${second}): write latitude first: ${second},${first}`;
}
