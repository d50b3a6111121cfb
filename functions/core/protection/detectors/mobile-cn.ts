import { type Detector, type DetectorMatch, findWith } from './detector.ts';

/**
 * Mainland China mobile numbers: 11 digits starting 13-19, optionally preceded by +86 / 86 (with an
 * optional space or dash). Numbers inside a longer digit run (order numbers, timestamps) are not
 * phones: the prefilter takes the whole run and validate rejects it.
 */
const MOBILE = /^1[3-9][0-9]{9}$/;

export function isMobileCn(candidate: string): boolean {
  let s = candidate;
  if (s.startsWith('+')) {
    if (!s.startsWith('+86')) return false;
    s = s.slice(3);
  } else if (s.length > 11 && s.startsWith('86')) {
    s = s.slice(2);
  }
  if (s.startsWith(' ') || s.startsWith('-')) s = s.slice(1);
  return MOBILE.test(s);
}

export const mobileCnDetector: Detector = {
  id: 'mobile-cn',
  label: { en: 'Mainland China mobile number', 'zh-CN': '手机号码' },
  blocking: true,
  prefilter: '(?:\\+?86[ -]?)?[0-9]{11,}',
  // What validate accepts, spelled as one regex: an optional +86 / 86 (then an optional space or dash)
  // and exactly 11 digits starting 13-19.
  candidateCheck: '(?:\\+?86[ -]?)?1[3-9][0-9]{9}',
  // A valid candidate is a whole digit run (the prefilter is greedy and leftmost): its 11-digit number
  // follows a non-digit, the start, or the 86 prefix, and is followed by a non-digit or the end.
  rowFilter: '(?:^|[^0-9]|86[ -]?)1[3-9][0-9]{9}(?:$|[^0-9])',
  validate: isMobileCn,
};

export const findMobileNumbers = (text: string): DetectorMatch[] => findWith(mobileCnDetector, text);
