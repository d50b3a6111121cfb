import type { Language } from './types.ts';

const LOCALE: Record<Language, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

export function formatBytes(n: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(n);
}

/** A date (no time) in the page language, in UTC so builds are reproducible. */
export function formatDate(iso: string | undefined, lang: Language): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // Partial dates (YYYY or YYYY-MM) are shown as given.
  if (/^\d{4}(-\d{2})?$/.test(iso)) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** ISO date part, YYYY-MM-DD. */
export const isoDay = (iso: string) => new Date(iso).toISOString().slice(0, 10);
