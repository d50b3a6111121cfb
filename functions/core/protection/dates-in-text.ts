import { isCalendarDate, readable } from './detectors/detector.ts';

/** How precisely a written date gives a day: the day itself, or only its month. */
export type DatePrecision = 'day' | 'month';

/** A date read from text, as ISO (`YYYY-MM-DD` or `YYYY-MM`). */
export interface WrittenDate {
  readonly iso: string;
  readonly precision: DatePrecision;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Years from 1000: Date.UTC reads 0-99 as 1900-1999, and no metadata dates the first millennium. */
const FIRST_YEAR = 1000;

function dayOf(year: number, month: number, day: number): WrittenDate | undefined {
  return year >= FIRST_YEAR && isCalendarDate(year, month, day)
    ? { iso: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' }
    : undefined;
}

function monthOf(year: number, month: number): WrittenDate | undefined {
  return year >= FIRST_YEAR && month >= 1 && month <= 12
    ? { iso: `${year}-${pad(month)}`, precision: 'month' }
    : undefined;
}

const MONTHS = [
  'jan(?:uary)?',
  'feb(?:ruary)?',
  'mar(?:ch)?',
  'apr(?:il)?',
  'may',
  'june?',
  'july?',
  'aug(?:ust)?',
  'sep(?:t(?:ember)?)?',
  'oct(?:ober)?',
  'nov(?:ember)?',
  'dec(?:ember)?',
];
const MONTH = `(${MONTHS.join('|')})\\.?`;
const monthNumber = (name: string) => MONTHS.findIndex((m) => new RegExp(`^(?:${m})$`, 'i').test(name)) + 1;

/** 〇 or 零 to 九, digit by digit (a year written out: 一九九二). */
const CN_DIGITS = '〇零一二三四五六七八九';
const cnDigit = (c: string) => (c === '〇' ? 0 : CN_DIGITS.indexOf(c) - 1);
const cnYear = (digits: string) => Number([...digits].map(cnDigit).join(''));
/** 一 to 三十一 as written for a month or a day: 九, 十, 十二, 二十, 二十九, 三十一. */
const CN_NUMBER = '(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
function cnNumber(text: string): number {
  const at = text.indexOf('十');
  if (at < 0) return cnDigit(text);
  const tens = at === 0 ? 1 : cnDigit(text[0] as string);
  const units = at === text.length - 1 ? 0 : cnDigit(text[at + 1] as string);
  return tens * 10 + units;
}

/**
 * The written forms, most precise first; each match is blanked before the next form reads the text,
 * so "29 April 1992" is one day and not also the month "April 1992". A date is never glued to other
 * digits (a phone number holds 8 digits that look like a date).
 */
const FORMS: readonly { re: RegExp; read: (m: RegExpMatchArray) => WrittenDate | undefined }[] = [
  // 2024-03-05, 2024/3/5, 2024.03.05 (one separator style); a date-time's date (2024-03-05T08:00).
  {
    re: /(?<![0-9.])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9]|\2[0-9])/g,
    read: (m) => dayOf(Number(m[1]), Number(m[3]), Number(m[4])),
  },
  // 2024年3月5日, 2024 年 3 月 5 号 (spaces as typeset between digits and ideographs).
  {
    re: /(?<![0-9])([0-9]{4}) *年 *([0-9]{1,2}) *月 *([0-9]{1,2}) *[日号]/g,
    read: (m) => dayOf(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  // 一九九二年四月二十九日, 二〇二四年三月五号.
  {
    re: new RegExp(`([${CN_DIGITS}]{4}) *年 *(${CN_NUMBER}) *月 *(${CN_NUMBER}) *[日号]`, 'g'),
    read: (m) => dayOf(cnYear(m[1] as string), cnNumber(m[2] as string), cnNumber(m[3] as string)),
  },
  // 29 April 1992, 29th Apr. 1992, April 29, 1992, Apr 29th 1992.
  {
    re: new RegExp(`\\b([0-9]{1,2})(?:st|nd|rd|th)? +(?:of +)?${MONTH},? +([0-9]{4})(?![0-9])`, 'gi'),
    read: (m) => dayOf(Number(m[3]), monthNumber(m[2] as string), Number(m[1])),
  },
  {
    re: new RegExp(`\\b${MONTH} +([0-9]{1,2})(?:st|nd|rd|th)?,? +([0-9]{4})(?![0-9])`, 'gi'),
    read: (m) => dayOf(Number(m[3]), monthNumber(m[1] as string), Number(m[2])),
  },
  // 20240305: eight digits alone, a real date of 1900-2099.
  {
    re: /(?<![0-9])((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})(?![0-9])/g,
    read: (m) => dayOf(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  // Months: 2024-03, 2024/3 (not 2024.03, a decimal), 2024年3月, 一九九三年十一月, November 1993.
  {
    re: /(?<![0-9.])([0-9]{4})[-/]([0-9]{1,2})(?![0-9]|[-/.][0-9])/g,
    read: (m) => monthOf(Number(m[1]), Number(m[2])),
  },
  { re: /(?<![0-9])([0-9]{4}) *年 *([0-9]{1,2}) *月/g, read: (m) => monthOf(Number(m[1]), Number(m[2])) },
  {
    re: new RegExp(`([${CN_DIGITS}]{4}) *年 *(${CN_NUMBER}) *月`, 'g'),
    read: (m) => monthOf(cnYear(m[1] as string), cnNumber(m[2] as string)),
  },
  {
    re: new RegExp(`\\b${MONTH},? +([0-9]{4})(?![0-9])`, 'gi'),
    read: (m) => monthOf(Number(m[2]), monthNumber(m[1] as string)),
  },
];

/**
 * The dates written in a text, as a reader takes them (full-width digits as ASCII, ideographic
 * spaces as spaces: `readable`), each once. Read: `2024-03-05`, `2024/3/5`, `2024.03.05`,
 * `2024年3月5日` (号 too, spaces allowed), `二〇二四年三月五日`, `5 March 2024`, `March 5, 2024`
 * (English month names, abbreviated or not), `20240305` alone (1900-2099), and months: `2024-03`,
 * `2024/3`, `2024年3月`, `二〇二四年三月`, `March 2024`. Not read: a year alone (text is full of
 * years), dates without a year (`3月5日`), two-digit years, and day-month orders that need a locale
 * to read (`05/03/2024`).
 */
export function datesInText(text: string): WrittenDate[] {
  let rest = readable(text).text;
  const found = new Map<string, WrittenDate>();
  for (const form of FORMS) {
    for (const m of rest.matchAll(form.re)) {
      const date = form.read(m);
      if (!date) continue;
      found.set(date.iso, date);
      rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
    }
  }
  return [...found.values()];
}
