import { type Detector, type DetectorMatch, findWith } from './detector.ts';

/**
 * Mainland China mobile numbers: 11 digits starting 13-19, written contiguously, in the 3-4-4
 * groups people write (138-1234-5678, 138 1234 5678, 138.1234.5678: one separator style per number)
 * or as 3-8 (138-12345678, 138 12345678), optionally
 * preceded by the country code +86, 0086, 86, (+86) or (86) and an optional space or dash. Separators
 * are taken at those group positions only, so dates and other grouped figures are not candidates.
 * Numbers inside a longer digit run (order numbers, timestamps), or with more digits glued to a group,
 * are not phones: the prefilter takes the whole run and validate rejects it. Nor is the fraction of a
 * decimal number (39.13812345678 is a coordinate).
 */
const CONTIGUOUS = /^(?:(?:\+|00)?86[ -]?|\((?:\+|00)?86\)[ -]?)?1[3-9][0-9]{9}$/;
// "86138 1234 5678" is not a 3-4-4 number: a written-out country code before groups is set apart.
const GROUPED = /^(?:(?:\+|00)?86[ -]|\((?:\+|00)?86\)[ -]?)?1[3-9][0-9](?:([ .-])[0-9]{4}\1[0-9]{4}|[ -][0-9]{8})$/;

export const isMobileCn = (candidate: string): boolean => CONTIGUOUS.test(candidate) || GROUPED.test(candidate);

const COUNTRY = '(?:(?:\\+|00)?86[ -]?|\\((?:\\+|00)?86\\)[ -]?)';

export const mobileCnDetector: Detector = {
  id: 'mobile-cn',
  label: { en: 'Mainland China mobile number', 'zh-CN': '手机号码' },
  blocking: true,
  // Written out in Chinese numerals too (一三八一二三四五六七八).
  readsNumerals: true,
  // A decimal number with a long fraction (taken whole: not a phone), then a whole digit run; else a
  // run followed by two 4-digit groups, or by one group of 8 or more (and any digits glued to the
  // last): the first group must be exactly 3 digits, which validate checks on the whole token.
  prefilter: `${COUNTRY}?(?:[0-9]{1,3}\\.[0-9]{5,}|[0-9]{11,}|[0-9]+[ .-][0-9]{4}[ .-][0-9]{4}[0-9]*|[0-9]+[ -][0-9]{8,})`,
  // What validate accepts, spelled as one regex (separators not matched against each other).
  candidateCheck: `${COUNTRY}?1[3-9][0-9](?:[0-9]{8}|[ .-][0-9]{4}[ .-][0-9]{4}|[ -][0-9]{8})`,
  // A valid candidate is a whole token (the prefilter is greedy and leftmost): its number follows a
  // non-digit, the start, or the 86 of a country code, and is followed by a non-digit or the end.
  rowFilter: '(?:^|[^0-9]|86)1[3-9][0-9](?:[0-9]{8}|[ .-][0-9]{4}[ .-][0-9]{4}|[ -][0-9]{8})(?:$|[^0-9])',
  validate: isMobileCn,
};

export const findMobileNumbers = (text: string): DetectorMatch[] => findWith(mobileCnDetector, text);
