import { type Detector, type DetectorMatch, findWith, GROUP_GAP, GROUP_SEPARATOR, MAX_GAP } from './detector.ts';

/**
 * Mainland China mobile numbers: 11 digits starting 13-19, written contiguously, in the 3-4-4
 * groups people write, with a gap of one to three separators (space, tab, - . / _ :, mixed or not)
 * between two groups (138-1234-5678, 138 0013-8000, 139.1234 5678, 138 - 0013 - 8000), the first
 * group also in brackets like an area code ((138) 0013 8000, (138)0013-8000), or as 3-8 with spaces or
 * dashes (138-12345678, 138 12345678, (138) 12345678), optionally preceded by the country code +86,
 * 0086, 86, (+86) or (86) and an optional space or dash. Separators are taken at those group
 * positions only, so dates and other grouped figures are not candidates, and a longer run of them
 * ends the number. Numbers inside a longer digit run (order numbers, timestamps), or with more digits
 * glued to a group, are not phones: the prefilter takes the whole run and validate rejects it. Nor is
 * the fraction of a decimal number (39.13812345678 is a coordinate), nor groups that are parts of
 * decimal numbers in a list of them (961.147 2447.8614, 139.1234 1234.5678, 147 8008.0831): a lone full
 * stop between the last two groups counts only in a number dotted throughout (138.1234.5678).
 */
const CONTIGUOUS = /^(?:(?:\+|00)?86[ -]?|\((?:\+|00)?86\)[ -]?)?1[3-9][0-9]{9}$/;
/** The first group of a mobile number. */
const PREFIX = '1[3-9][0-9]';
/** The separators of a 3-8 number: spaces, tabs and dashes (138.12345678 is a decimal number). */
const DASH_SEPARATOR = '[- \\t]';
/** A first group and the gap after it, for groups joined by `sep`: bracketed, the gap may be empty. */
const first = (group: string, sep: string) => `(?:${group}${sep}{1,${MAX_GAP}}|\\(${group}\\)${sep}{0,${MAX_GAP}})`;
/** 3-4-4 and 3-8 groups after a first group spelled `group` (RE2 and JS). */
const threeFourFour = (group: string) => `${first(group, GROUP_SEPARATOR)}[0-9]{4}${GROUP_GAP}[0-9]{4}`;
const threeEight = (group: string) => `${first(group, DASH_SEPARATOR)}[0-9]{8}`;
// "86138 1234 5678" is not a 3-4-4 number: a written-out country code before groups is set apart (or
// followed by the first group's bracket, +86(138)).
const GROUPED = new RegExp(
  `^(?:(?:\\+|00)?86(?:[ -]|(?=\\())|\\((?:\\+|00)?86\\)[ -]?)?(?:${threeFourFour(PREFIX)}|${threeEight(PREFIX)})$`,
);
/** The last two groups of a number written with another gap before them, as a decimal (147 8008.0831). */
const DECIMAL_TAIL = /[^.][0-9]{4}\.[0-9]{4}$/;

export const isMobileCn = (candidate: string): boolean =>
  CONTIGUOUS.test(candidate) || (GROUPED.test(candidate) && !DECIMAL_TAIL.test(candidate));

const COUNTRY = '(?:(?:\\+|00)?86[ -]?|\\((?:\\+|00)?86\\)[ -]?)';
/** A valid number without its country code, as one RE2 regex (contiguous, 3-4-4 or 3-8). */
const NUMBER = `(?:${PREFIX}[0-9]{8}|${threeFourFour(PREFIX)}|${threeEight(PREFIX)})`;
/**
 * A decimal number's integer part before the first group, and a fraction after the last: taken with
 * the candidate so that validate rejects it (961.147 2447.8614 and 139.1234 1234.5678 are decimals).
 */
const DECIMAL_PART = '(?:[0-9]+\\.)?';
const DECIMAL_FRACTION = '(?:\\.[0-9]+)?';

export const mobileCnDetector: Detector = {
  id: 'mobile-cn',
  label: { en: 'Mainland China mobile number', 'zh-CN': '手机号码' },
  blocking: true,
  // Written out in Chinese numerals too (一三八一二三四五六七八).
  readsNumerals: true,
  // A decimal number with a long fraction (taken whole: not a phone), then a whole digit run; else a
  // run (or a bracketed one) followed by two 4-digit groups, or by one group of 8 or more (and any
  // digits glued to the last, and a decimal number's parts around them): the first group must be
  // exactly 3 digits, which validate checks on the whole token.
  prefilter: `${COUNTRY}?(?:[0-9]{1,3}\\.[0-9]{5,}|[0-9]{11,}|${DECIMAL_PART}${threeFourFour('[0-9]+')}[0-9]*${DECIMAL_FRACTION}|${DECIMAL_PART}${first('[0-9]+', DASH_SEPARATOR)}[0-9]{8,}${DECIMAL_FRACTION})`,
  // What validate accepts, spelled as one regex (the country code's own rules and the decimal tail not repeated).
  candidateCheck: `${COUNTRY}?${NUMBER}`,
  // A valid candidate is a whole token (the prefilter is greedy and leftmost): its number follows a
  // non-digit, the start, or the 86 of a country code, and is followed by a non-digit or the end.
  rowFilter: `(?:^|[^0-9]|86)${NUMBER}(?:$|[^0-9])`,
  validate: isMobileCn,
};

export const findMobileNumbers = (text: string): DetectorMatch[] => findWith(mobileCnDetector, text);
