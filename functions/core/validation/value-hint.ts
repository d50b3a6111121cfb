import type { DatasetManifest, FieldSpec } from '../manifest/schema.ts';
import { INTEGER_TEXT, NUMBER_TEXT } from './cast-sql.ts';
import { formatExample, mixedStylesHint, mixedStylesHintZh, otherDateStyles } from './date-format-hint.ts';
import { geopointHint, geopointHintZh } from './geopoint-hint.ts';

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

/** A value hint: the value, its field, the manifest's source, the type's own hint (`general`), and `sensitive`. */
type ValueHint = (
  value: string,
  field: Pick<FieldSpec, 'type' | 'format'>,
  source: Pick<DatasetManifest['source'], 'format'>,
  general: string,
  sensitive?: boolean,
) => string | undefined;

/**
 * The hint for a value refused by its field's type when it is one of those mistakes (`general` is the
 * type's own hint), or undefined. `source` is the manifest's source: `missingValues` exists for CSV and
 * XLSX only. `sensitive`: the value is masked in the report (the default), so no hint quotes it.
 */
export const valueHint: ValueHint = (value, field, source, general, sensitive = true) =>
  mistakeHint(value, field, source, sensitive)?.en(general);

/**
 * valueHint in Chinese: the same cases, `general` being the type's Chinese hint (“请填写” + typeHintZh,
 * checks-sql.ts). Undefined exactly when valueHint is.
 */
export const valueHintZh: ValueHint = (value, field, source, general, sensitive = true) =>
  mistakeHint(value, field, source, sensitive)?.zh(general);

/** A hint in both languages, given the type's own hint in that language (some hints end with it). */
type BothHints = { en: (general: string) => string; zh: (general: string) => string };

const both = (en: string | undefined, zh: string | undefined): BothHints | undefined =>
  en === undefined || zh === undefined ? undefined : { en: () => en, zh: () => zh };

function mistakeHint(
  value: string,
  field: Pick<FieldSpec, 'type' | 'format'>,
  source: Pick<DatasetManifest['source'], 'format'>,
  sensitive: boolean,
): BothHints | undefined {
  const geopoint = both(geopointHint(value, field, sensitive), geopointHintZh(value, field, sensitive));
  if (geopoint !== undefined) return geopoint;
  const v = value.trim();
  if (MISSING_MARKERS.has(v.toLowerCase()) && (source.format === 'csv' || source.format === 'xlsx')) {
    return {
      en: (general) =>
        `if "${v}" means "no value", declare \`source.missingValues: ["${v}"]\` in dataset.yaml (such cells are then published empty); otherwise ${general}`,
      zh: (general) =>
        `如果“${v}”表示“没有值”，请在 dataset.yaml 中声明 \`source.missingValues: ["${v}"]\`（这样的单元格将按空值发布）；否则${general}`,
    };
  }
  if (field.type === 'integer' || field.type === 'number') return numberHint(v, field.type);
  if (field.type === 'date' && DATE_WITH_TIME.test(v) && !/%[-]?[HIMSfgp]/.test(field.format ?? '')) {
    const dateOnly = (field.format && formatExample(field.format)) || '2024-03-05';
    return both(
      `the value has a time of day: declare the field \`type: datetime\` if the time matters, or export the date only (${dateOnly})`,
      `该值带有时间：如果需要保留时间，请把字段声明为 \`type: datetime\`；否则只导出日期（${dateOnly}）`,
    );
  }
  // A date written in another style than the declared `format` (2025年3月7日 among 2025/3/7): a sheet's
  // text cells have their own hint (checks-sql.ts), which says to enter dates as dates.
  if ((field.type === 'date' || field.type === 'datetime') && source.format !== 'xlsx') {
    const others = otherDateStyles(v, field);
    return both(mixedStylesHint(field, others), mixedStylesHintZh(field, others));
  }
  return undefined;
}

/** The fixes of a number written for display, in both languages. */
const NUMBER_FIXES = {
  halfWidth: { en: 'write half-width digits (１２３ → 123)', zh: '改用半角数字（１２３ → 123）' },
  unit: {
    en: "remove the currency sign or unit (￥, 元, %: name the unit in the field's title or description)",
    zh: '去掉货币符号或单位（￥、元、%：单位请写在字段的标题或说明中）',
  },
  thousands: { en: 'remove the thousands separators (1,234.50 → 1234.50)', zh: '去掉千位分隔符（1,234.50 → 1234.50）' },
} as const;

/** What to remove from a number written for display, when the rest is a plain number of the type. */
function numberHint(v: string, type: 'integer' | 'number'): BothHints | undefined {
  const fixes: (keyof typeof NUMBER_FIXES)[] = [];
  let t = v;
  const halfWidth = t.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (halfWidth !== t) {
    t = halfWidth;
    fixes.push('halfWidth');
  }
  const unitless = t.replace(CURRENCY_OR_UNIT, '');
  if (unitless !== t) {
    t = unitless;
    fixes.push('unit');
  }
  if (THOUSANDS.test(t)) {
    t = t.replaceAll(',', '');
    fixes.push('thousands');
  }
  const plain = new RegExp(`^(?:${type === 'integer' ? INTEGER_TEXT : NUMBER_TEXT})$`);
  if (fixes.length === 0 || !plain.test(t)) return undefined;
  return both(
    `${fixes.map((f) => NUMBER_FIXES[f].en).join('; ')}: re-export the column with a plain number format (digits and a decimal point only)`,
    `请${fixes.map((f) => NUMBER_FIXES[f].zh).join('；')}：用普通数字格式（只含数字和小数点）重新导出这一列即可`,
  );
}
