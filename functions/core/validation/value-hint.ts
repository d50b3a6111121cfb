import type { DatasetManifest, FieldSpec } from '../manifest/schema.ts';
import { INTEGER_TEXT, NUMBER_TEXT } from './cast-sql.ts';
import { formatExample, mixedStylesHint, otherDateStyles } from './date-format-hint.ts';
import { geopointHint } from './geopoint-hint.ts';

/**
 * Hints for the values spreadsheet exports get wrong most often, when a cell is refused by its type:
 * a "no value" marker (-, 无, N/A), a number formatted for display (1,234.50, ￥1234.50, 2100元, full-width
 * ８５６), a date cell holding a time (2024-04-01 00:00:00), a geopoint written longitude first. The hint
 * names the fix; it quotes no part of the value but a marker from the fixed list below, unless the value is
 * not `sensitive` (a geopoint's hint then quotes its numbers), so it is safe for a masked field too.
 */

/** Texts that mean "no value" in department exports (compared trimmed, ASCII letters in lower case). */
const MISSING_MARKERS: ReadonlySet<string> = new Set([
  '-',
  '--',
  '---',
  '—',
  '——',
  '－',
  '/',
  '／',
  'na',
  'n/a',
  '#n/a',
  'nan',
  'null',
  'none',
  '无',
  '空',
  '暂无',
  '不详',
  '缺失',
]);

// Global: for replace (test() is not used on these, as it would move their lastIndex).
const FULL_WIDTH = /[０-９．，－＋]/g;
const CURRENCY_OR_UNIT = /^[￥¥$€£]\s*|\s*(元|万元|亿元|%|％)$/g;
const THOUSANDS = /^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$/;
const DATE_WITH_TIME = /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[T ]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * The hint for a value refused by its field's type when it is one of those mistakes (`general` is the
 * type's own hint), or undefined. `source` is the manifest's source: `missingValues` exists for CSV and
 * XLSX only. `sensitive`: the value is masked in the report (the default), so no hint quotes it.
 */
export function valueHint(
  value: string,
  field: Pick<FieldSpec, 'type' | 'format'>,
  source: Pick<DatasetManifest['source'], 'format'>,
  general: string,
  sensitive = true,
): string | undefined {
  const geopoint = geopointHint(value, field, sensitive);
  if (geopoint !== undefined) return geopoint;
  const v = value.trim();
  if (MISSING_MARKERS.has(v.toLowerCase()) && (source.format === 'csv' || source.format === 'xlsx')) {
    return `if "${v}" means "no value", declare \`source.missingValues: ["${v}"]\` in dataset.yaml (such cells are then published empty); otherwise ${general}`;
  }
  if (field.type === 'integer' || field.type === 'number') return numberHint(v, field.type);
  if (field.type === 'date' && DATE_WITH_TIME.test(v) && !/%[-]?[HIMSfgp]/.test(field.format ?? '')) {
    const dateOnly = (field.format && formatExample(field.format)) || '2024-03-05';
    return `the value has a time of day: declare the field \`type: datetime\` if the time matters, or export the date only (${dateOnly})`;
  }
  // A date written in another style than the declared `format` (2025年3月7日 among 2025/3/7): a sheet's
  // text cells have their own hint (checks-sql.ts), which says to enter dates as dates.
  if ((field.type === 'date' || field.type === 'datetime') && source.format !== 'xlsx') {
    return mixedStylesHint(field, otherDateStyles(v, field));
  }
  return undefined;
}

/** What to remove from a number written for display, when the rest is a plain number of the type. */
function numberHint(v: string, type: 'integer' | 'number'): string | undefined {
  const fixes: string[] = [];
  let t = v;
  const halfWidth = t.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (halfWidth !== t) {
    t = halfWidth;
    fixes.push('write half-width digits (１２３ → 123)');
  }
  const unitless = t.replace(CURRENCY_OR_UNIT, '');
  if (unitless !== t) {
    t = unitless;
    fixes.push("remove the currency sign or unit (￥, 元, %: name the unit in the field's title or description)");
  }
  if (THOUSANDS.test(t)) {
    t = t.replaceAll(',', '');
    fixes.push('remove the thousands separators (1,234.50 → 1234.50)');
  }
  const plain = new RegExp(`^(?:${type === 'integer' ? INTEGER_TEXT : NUMBER_TEXT})$`);
  if (fixes.length === 0 || !plain.test(t)) return undefined;
  return `${fixes.join('; ')}: re-export the column with a plain number format (digits and a decimal point only)`;
}
