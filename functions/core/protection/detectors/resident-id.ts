import { type Detector, type DetectorMatch, findWith, isCalendarDate } from './detector.ts';

/**
 * Resident identity card numbers (居民身份证号码, GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence, ISO 7064 MOD 11-2 check character (0-9 or X). Legacy 15-digit numbers (before
 * 1999) have a 6-digit birth date in the 1900s and no check character, so only the date and region
 * can be checked. An 18-digit number is also written in its 6-8-4 groups (region, birth date,
 * sequence and check: "110101 19710215 0018", "110101-19710215-0018", one separator style).
 */

/** First two digits of GB/T 2260 province-level codes (plus 81/82/83: Hong Kong, Macao, Taiwan residence permits). */
// biome-ignore format: a table reads better packed
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Birth years accepted; a fixed range keeps the detector deterministic (a clock would make tests flaky). */
const MIN_YEAR = 1880;
const MAX_YEAR = 2099;

/** The check character of the first 17 digits (GB 11643, ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

const GROUPED = /^([0-9]{6})([ -])([0-9]{8})\2([0-9]{3}[0-9Xx])$/;

/** True for a valid 18-digit or legacy 15-digit resident ID number (upper- or lower-case x accepted). */
export function isResidentId(candidate: string): boolean {
  const groups = GROUPED.exec(candidate);
  const s = (groups ? groups[1]! + groups[3]! + groups[4]! : candidate).toUpperCase();
  if (/^[0-9]{17}[0-9X]$/.test(s)) {
    if (!PROVINCES.has(s.slice(0, 2))) return false;
    const year = Number(s.slice(6, 10));
    if (year < MIN_YEAR || year > MAX_YEAR) return false;
    if (!isCalendarDate(year, Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
    return residentIdCheckChar(s) === s[17];
  }
  if (/^[0-9]{15}$/.test(s)) {
    if (!PROVINCES.has(s.slice(0, 2))) return false;
    return isCalendarDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
  }
  return false;
}

export const residentIdDetector: Detector = {
  id: 'resident-id',
  label: { en: 'Resident identity card number', 'zh-CN': '居民身份证号码' },
  blocking: true,
  // Written out in Chinese numerals too (一一〇一〇五一九四九一二三一〇〇二X).
  readsNumerals: true,
  // The whole digit run (with a trailing X): a 20-digit run is rejected by validate instead of
  // yielding an ID-shaped slice of it. Likewise the grouped form takes every digit glued to its first
  // and last groups, so "9110101 19710215 0018" is not read as an ID.
  prefilter: '[0-9]{14,}[0-9Xx]|[0-9]+[ -][0-9]{8}[ -][0-9]{3}[0-9Xx][0-9]*',
  // 18 characters (17 digits and a digit or X), 15 digits, or 6-8-4 groups, starting with a province code digit.
  candidateCheck: '[1-8][0-9]{16}[0-9Xx]|[1-8][0-9]{14}|[1-8][0-9]{5}[ -][0-9]{8}[ -][0-9]{3}[0-9Xx]',
  // Every text holding a valid candidate holds one of these, even before its full-width X is read as X.
  rowFilter: '[0-9]{14}|[0-9][ -][0-9]{8}[ -][0-9]{3}',
  validate: isResidentId,
};

export const findResidentIds = (text: string): DetectorMatch[] => findWith(residentIdDetector, text);
