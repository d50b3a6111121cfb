import { type Detector, type DetectorMatch, digitsOnly, findWith, isCalendarDate } from './detector.ts';
import { isResidentId } from './resident-id.ts';

/**
 * Bank card numbers (PAN): 13-19 digits with a valid Luhn check, written contiguously, in groups of
 * four or in two groups of eight (as UnionPay statements print them) separated by single spaces,
 * dashes or full stops (one style per number). Any 16-digit number passes Luhn one time in ten, so the
 * first digit must be a real card network's (2-6: Mastercard 2-series, JCB/Amex 3, Visa 4,
 * Mastercard 5, UnionPay/Discover 6): millisecond timestamps (1…) and amounts are not flagged, nor
 * the fraction of a decimal number (39.316527123456789 is a coordinate) nor two dates written
 * 20240115-20240131 (no card number starts with a date: 2-series cards start 2221-2720).
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const GROUPED = /^[0-9]{4}(?:[ .-][0-9]{4}){2,3}(?:[ .-][0-9]{1,4})?$/;
const EIGHTS = /^([0-9]{8})[ .-][0-9]{8}(?:[ .-][0-9]{1,3})?$/;

const isDate8 = (s: string): boolean => {
  const year = Number(s.slice(0, 4));
  return year >= 1900 && year <= 2099 && isCalendarDate(year, Number(s.slice(4, 6)), Number(s.slice(6)));
};

export function isBankCard(candidate: string): boolean {
  const eights = EIGHTS.exec(candidate);
  if (!/^[0-9]+$/.test(candidate) && !GROUPED.test(candidate) && !eights) return false;
  // One separator style per number: "6222 0212-3456" is two numbers run together, not a card.
  if (new Set(candidate.replace(/[0-9]/g, '')).size > 1) return false;
  // Two 8-digit groups starting with a date (YYYYMMDD, 1900-2099) are a date range, not a card.
  const first = eights?.[1];
  if (first && isDate8(first)) return false;
  const d = digitsOnly(candidate);
  if (d.length < 13 || d.length > 19 || !/^[2-6]/.test(d)) return false;
  // An 18-digit resident ID passes Luhn one time in ten; it is reported by its own detector.
  if (d.length === 18 && isResidentId(d)) return false;
  return luhnValid(d);
}

export const bankCardDetector: Detector = {
  id: 'bank-card',
  label: { en: 'Bank card number', 'zh-CN': '银行卡号' },
  blocking: true,
  // Written out in Chinese numerals too (六二二二 〇二一二 …).
  readsNumerals: true,
  // A decimal number's fraction is taken whole with its integer part (not a card); a trailing X so
  // that the 17-digit body of a resident ID ending in X (grouped or not) is not a candidate.
  prefilter:
    '[0-9]{1,3}\\.[0-9]{13,}|[0-9]{13,}[Xx]?|[0-9]{4}(?:[ .-][0-9]{4}){2,3}(?:[ .-][0-9]{1,4})?[Xx]?|[0-9]{8}[ .-][0-9]{8}(?:[ .-][0-9]{1,3})?[Xx]?',
  // 13-19 contiguous digits starting 2-6, or a grouped form starting 2-6.
  candidateCheck:
    '[2-6][0-9]{12,18}|[2-6][0-9]{3}(?:[ .-][0-9]{4}){2,3}(?:[ .-][0-9]{1,4})?|[2-6][0-9]{7}[ .-][0-9]{8}(?:[ .-][0-9]{1,3})?',
  // Every text holding a valid candidate holds one of these (the prefilter's decimal alternative finds none).
  rowFilter: '[0-9]{13}|[0-9]{4}[ .-][0-9]{4}[ .-][0-9]{4}|[0-9]{8}[ .-][0-9]{8}',
  validate: isBankCard,
};

export const findBankCards = (text: string): DetectorMatch[] => findWith(bankCardDetector, text);
