import type { Language } from './types.ts';

const LOCALE: Record<Language, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

/** A file size in binary units, one decimal from KB up (`25.0 KB`, `264.0 MB`), so sizes side by side line up. */
export function formatBytes(n: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: i === 0 ? 0 : 1, minimumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(n);
}

/**
 * A date (no time) in the page language, in UTC so builds are reproducible. Partial dates say only what
 * they know: a month ("1958-03": "March 1958", "1958年3月") or a year ("2017", "2017年"), never a day
 * they do not have. The ISO value belongs in a `<time datetime>` around it.
 */
export function formatDate(iso: string | undefined, lang: Language): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const partial = /^\d{4}(-\d{2})?$/.exec(iso);
  return new Intl.DateTimeFormat(LOCALE[lang], {
    year: 'numeric',
    ...(partial ? (partial[1] ? { month: 'long' } : {}) : { month: 'long', day: 'numeric' }),
    timeZone: 'UTC',
  }).format(d);
}

/** One end of a period: its ISO value (for `<time datetime>`) and its text in the page language. */
export interface DateEnd {
  iso: string;
  text: string;
}

/**
 * A period (a dataset's time coverage) to show: its start, and its end unless the period is a single
 * day, month or year (a start and end that read the same are shown once); `end: 'ongoing'` when it has
 * no end.
 */
export function dateRange(
  start: string,
  end: string | undefined,
  lang: Language,
): { start: DateEnd; end: DateEnd | 'ongoing' | null } {
  const from = { iso: start, text: formatDate(start, lang) };
  if (end === undefined) return { start: from, end: 'ongoing' };
  const to = { iso: end, text: formatDate(end, lang) };
  return { start: from, end: to.text === from.text ? null : to };
}

/** ISO date part, YYYY-MM-DD. */
export const isoDay = (iso: string) => new Date(iso).toISOString().slice(0, 10);
