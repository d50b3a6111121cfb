import { Treatment } from '../../../functions/core/manifest/treatment.ts';
import { generalizeNumber } from '../../../functions/core/protection/treatments/generalize-number.ts';
import type { Language } from './types.ts';

/**
 * A field's treatment in plain words, for the field table ("grouped into bands of 10 (e.g. 30-39)",
 * "按 10 分组（如 30-39）") instead of its manifest code (`generalize-number (width=10)`). The
 * de-identification table says the same at length (deidentification-text.ts).
 */

/** The treatment of a published field, or null when it is not one this site knows (a newer kind). */
export function parseTreatment(t: Record<string, unknown> | undefined): Treatment | null {
  if (!t) return null;
  const r = Treatment.safeParse(t);
  return r.success ? r.data : null;
}

/** About how far apart coordinates rounded to n decimals of a degree may be (1° of latitude ≈ 111 km). */
const COORDINATE_PRECISION: Record<Language, readonly string[]> = {
  en: ['100 km', '10 km', '1 km', '100 m', '10 m', '1 m', '10 cm'],
  'zh-CN': ['100 公里', '10 公里', '1 公里', '100 米', '10 米', '1 米', '10 厘米'],
};

/**
 * An example bucket label of a number generalization, as the pipeline writes it: closed ("30-39") for
 * whole numbers, half-open ("30-40") otherwise; none when which one is not known.
 */
function bucketExample(t: Extract<Treatment, { kind: 'generalize-number' }>, closed: boolean | undefined) {
  if (closed === undefined) return null;
  const label = generalizeNumber(3 * t.width, t, closed ? 'integer' : 'number');
  return typeof label === 'string' ? label : null;
}

/**
 * The treatment in a few words. `closed`: whether number buckets include both bounds, when known (it
 * depends on the source field's type, which is not published: deidentification-text.ts reads it from
 * the version's record).
 */
export function treatmentSummary(t: Treatment, lang: Language, closed?: boolean): string {
  const en = lang === 'en';
  switch (t.kind) {
    case 'drop':
      return en ? 'removed' : '已删除该列';
    case 'redact':
      return en ? 'every value published empty' : '所有值发布为空';
    case 'mask':
      return en
        ? `masked: first ${t.keepFirst} and last ${t.keepLast} characters kept`
        : `部分遮盖：保留前 ${t.keepFirst} 位和后 ${t.keepLast} 位字符`;
    case 'pseudonymize':
      return en
        ? `pseudonymized: replaced by a ${t.length}-character code, the same in every version`
        : `假名化：替换为 ${t.length} 位代码，各版本保持一致`;
    case 'generalize-number': {
      const example = bucketExample(t, closed);
      return en
        ? `grouped into bands of ${t.width}${example ? ` (e.g. ${example})` : ''}`
        : `按 ${t.width} 分组${example ? `（如 ${example}）` : ''}`;
    }
    case 'generalize-date':
      if (t.to === 'month') return en ? 'only the year and month kept' : '只保留年和月';
      return en ? 'only the year kept' : '只保留年份';
    case 'round-coordinates': {
      const about = COORDINATE_PRECISION[lang][t.decimals];
      return en
        ? `rounded to ${t.decimals} decimal place${t.decimals === 1 ? '' : 's'}${about ? ` (about ${about})` : ''}`
        : `保留 ${t.decimals} 位小数${about ? `（约 ${about}）` : ''}`;
    }
    case 'truncate-code':
      return en
        ? `only the first ${t.keep} characters kept${t.pad ? ', the rest replaced by zeros' : ''}`
        : `只保留前 ${t.keep} 位${t.pad ? '，其余补 0' : ''}`;
    case 'date-shift':
      return en
        ? `dates shifted by up to ${t.maxDays} days, by the same amount within a record`
        : `日期随机平移，最多 ${t.maxDays} 天（同一记录内平移相同）`;
  }
}

/** The manifest code of a treatment (`generalize-number (width=10)`): what a treatment this site does not know shows. */
export function treatmentCode(t: Record<string, unknown>): string {
  const { kind, ...params } = t;
  const p = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return `${String(kind)}${p.length ? ` (${p.join(', ')})` : ''}`;
}
