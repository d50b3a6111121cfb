import { type Detector, type DetectorMatch, findWith, isCalendarDate, MAX_GAP } from './detector.ts';

/**
 * Resident identity card numbers (居民身份证号码, GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence, ISO 7064 MOD 11-2 check character (0-9 or X). Legacy 15-digit numbers (before
 * 1999) have a 6-digit birth date in the 1900s and no check character, so only the date and region
 * can be checked. An 18-digit number is also written in groups: its 6-8-4 groups (region, birth
 * date, sequence and check: "110101 19710215 0018", "110101/19710215/0018") or any other, with any
 * single separator of - . / _ and space between two groups ("110 101 1990 0307 4514", "110101
 * 19710215-0018"): the check character makes a chance hit rare (about 1 in 40,000 digit strings). Its
 * region and birth date may also be set apart by a gap of up to three separators, tabs, colons and
 * brackets included ("110101 - 19710215 - 0018", "110101  19710215  0018" as fixed-width exports pad
 * it, "110101:19710215:0018", "(110101) 19710215 0018"); a longer run ends the number.
 * A 15-digit number has no check character: it counts only written as one run, never as the
 * fraction of a decimal number (39.110105491231002 is a coordinate).
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

/** A separator between two digit groups of a grouped ID, as the detectors read it (RE2 and JS). */
const SEPARATOR_CLASS = '[-./_: \\t()]';
const SEPARATOR = new RegExp(SEPARATOR_CLASS);
/** A gap between two groups (none, within a run of digits), and one of at least one separator. */
const GAP = `${SEPARATOR_CLASS}{0,${MAX_GAP}}`;
const GAP1 = `${SEPARATOR_CLASS}{1,${MAX_GAP}}`;

/** True for a valid 18-digit or legacy 15-digit resident ID number written as one run (x or X). */
export function isResidentId(candidate: string): boolean {
  const s = candidate.toUpperCase();
  if (/^[0-9]{17}[0-9X]$/.test(s)) return isResidentIdBody(s.slice(0, 17)) && residentIdCheckChar(s) === s[17];
  if (/^[0-9]{15}$/.test(s)) {
    if (!PROVINCES.has(s.slice(0, 2))) return false;
    return isCalendarDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
  }
  return false;
}

/** True when 17 digits are a region code and a real birth date: the body of an 18-digit ID. */
export function isResidentIdBody(first17: string): boolean {
  if (!/^[0-9]{17}$/.test(first17) || !PROVINCES.has(first17.slice(0, 2))) return false;
  const year = Number(first17.slice(6, 10));
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  return isCalendarDate(year, Number(first17.slice(10, 12)), Number(first17.slice(12, 14)));
}

/** The gaps an ID may have between any two of its groups: one of - . / _ or a space. */
const PLAIN_GAP = /^[-./_ ]$/;
/** The digits before each gap of an ID written with other gaps: after the region, after the birth date. */
const ID_GROUP_ENDS = new Set([6, 14]);

/**
 * The IDs in a run of digit groups joined by gaps of separators (as the prefilter extracts it), as
 * [start, end) offsets: leftmost first, whole groups only (a digit glued to a group makes it another
 * number), 18 characters over one or more groups, or a 15-digit group that is not a decimal fraction.
 * Groups joined by single separators may be any; a longer gap (up to `MAX_GAP`), or one of :, a tab
 * or a bracket, only ends the region or the birth date (6-8-4, 6-12, 14-4): lists of times and dates
 * ("11:11:37 2023-01-17 09:01") hold a region code, a birth date and a check character at other
 * group ends often enough to be read as IDs.
 */
export function residentIdSpans(candidate: string): [number, number][] {
  const groups: { start: number; end: number; before: string }[] = [];
  let start = 0;
  for (let i = 0; i <= candidate.length; i++) {
    if (i === candidate.length || SEPARATOR.test(candidate[i]!)) {
      if (i > start) groups.push({ start, end: i, before: candidate[start - 1] ?? '' });
      start = i + 1;
    }
  }
  const out: [number, number][] = [];
  for (let i = 0; i < groups.length; i++) {
    const first = groups[i]!;
    let digits = '';
    let plain = true;
    let atIdGroupEnds = true;
    for (let j = i; j < groups.length && digits.length < 18; j++) {
      const g = groups[j]!;
      if (j > i) {
        const gap = candidate.slice(groups[j - 1]!.end, g.start);
        if (gap.length > MAX_GAP) break;
        plain &&= PLAIN_GAP.test(gap);
        atIdGroupEnds &&= ID_GROUP_ENDS.has(digits.length);
      }
      digits += candidate.slice(g.start, g.end);
      const legacy = j === i && digits.length === 15 && first.before !== '.';
      if ((digits.length === 18 || legacy) && (plain || atIdGroupEnds) && isResidentId(digits)) {
        // A bracketed first group ("(110101) 19900307 7715") is reported with its opening bracket.
        const bracketed = first.before === '(' && candidate[first.end] === ')' && j > i;
        out.push([bracketed ? first.start - 1 : first.start, g.end]);
        i = j;
        break;
      }
    }
  }
  return out;
}

export const residentIdDetector: Detector = {
  id: 'resident-id',
  label: { en: 'Resident identity card number', 'zh-CN': '居民身份证号码' },
  blocking: true,
  // Written out in Chinese numerals too (一一〇一〇五一九四九一二三一〇〇二X).
  readsNumerals: true,
  // The whole run of digit groups joined by gaps (with an opening bracket, a trailing X, alone or not,
  // and any digits glued to it), holding 15 digits or more: `find` takes the IDs made of whole groups
  // in it, so a 20-digit run is not an ID-shaped slice of it and "9110101 19710215 0018" is not an
  // ID, while "3 110101199003074514" holds one.
  prefilter: `\\(?[0-9](?:${GAP}[0-9]){14,}(?:${GAP}[Xx][0-9]*)?`,
  // Some whole groups of 18 characters starting with a province code digit, or a 15-digit group.
  candidateCheck: `\\(?(?:[0-9]+${GAP1})*(?:[1-8](?:${GAP}[0-9]){16}${GAP}[0-9Xx]|[1-8][0-9]{14})(?:${GAP1}[0-9]+)*(?:${GAP}[Xx][0-9]*)?`,
  // Every text holding a valid candidate holds one of these, even before its full-width X is read as X.
  rowFilter: `[0-9](?:${GAP}[0-9]){16}|[0-9]{15}`,
  validate: (candidate) => residentIdSpans(candidate).length > 0,
  find: residentIdSpans,
};

export const findResidentIds = (text: string): DetectorMatch[] => findWith(residentIdDetector, text);
