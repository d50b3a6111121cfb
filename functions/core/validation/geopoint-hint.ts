import type { FieldSpec } from '../manifest/schema.ts';
import { GEOPOINT_TEXT, MAX_LATITUDE, MAX_LONGITUDE } from './cast-sql.ts';

/** Two plain decimals and a comma, as a geopoint is written (the order aside): the cast's own shape. */
const PAIR = new RegExp(`^(?:${GEOPOINT_TEXT})$`);

/**
 * The hint for a geopoint refused because it is written longitude first (`116.4,39.9`, the GeoJSON and
 * many map tools' order): the first number is no latitude (beyond ±90) but a longitude (within ±180),
 * and the second is a latitude. Undefined for any other value: the type's own hint then applies.
 * `sensitive`: the value is masked in the report, so the hint quotes none of it.
 */
export const geopointHint = (value: string, field: Pick<FieldSpec, 'type'>, sensitive: boolean): string | undefined =>
  geopointHints(value, field, sensitive)?.en;

/** geopointHint in Chinese (the same cases, the same numbers). */
export const geopointHintZh = (value: string, field: Pick<FieldSpec, 'type'>, sensitive: boolean): string | undefined =>
  geopointHints(value, field, sensitive)?.zh;

function geopointHints(
  value: string,
  field: Pick<FieldSpec, 'type'>,
  sensitive: boolean,
): { en: string; zh: string } | undefined {
  if (field.type !== 'geopoint') return undefined;
  if (!PAIR.test(value)) return undefined;
  const [first = '', second = ''] = value.split(',').map((n) => n.trim());
  const a = Math.abs(Number(first));
  const b = Math.abs(Number(second));
  if (a <= MAX_LATITUDE || a > MAX_LONGITUDE || b > MAX_LATITUDE) return undefined;
  return sensitive
    ? {
        en: 'looks like longitude first (the first number is beyond -90 to 90, the second within): write latitude first, then longitude',
        zh: '看起来先写了经度（第一个数超出 -90 到 90，第二个数在此范围内）：请先写纬度，再写经度',
      }
    : {
        en: `looks like longitude first (${first},${second}): write latitude first: ${second},${first}`,
        zh: `看起来先写了经度（${first},${second}）：请先写纬度，写成 ${second},${first}`,
      };
}
