import { type Detector, type DetectorMatch, digitsOnly, findWith } from './detector.ts';
import { isResidentId } from './resident-id.ts';

/**
 * Bank card numbers (PAN): 13-19 digits with a valid Luhn check, written contiguously or in groups of
 * four separated by single spaces or dashes. Any 16-digit number passes Luhn one time in ten, so the
 * first digit must be a real card network's (2-6: Mastercard 2-series, JCB/Amex 3, Visa 4,
 * Mastercard 5, UnionPay/Discover 6): millisecond timestamps (1…) and amounts are not flagged.
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

const GROUPED = /^[0-9]{4}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,4})?$/;

export function isBankCard(candidate: string): boolean {
  if (!/^[0-9]+$/.test(candidate) && !GROUPED.test(candidate)) return false;
  // One separator style per number: "6222 0212-3456" is two numbers run together, not a card.
  if (candidate.includes(' ') && candidate.includes('-')) return false;
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
  // A trailing X is taken so that the 17-digit body of a resident ID ending in X is not a candidate.
  prefilter: '[0-9]{13,}[Xx]?|[0-9]{4}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,4})?',
  // 13-19 contiguous digits starting 2-6, or the grouped form starting 2-6.
  candidateCheck: '[2-6][0-9]{12,18}|[2-6][0-9]{3}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,4})?',
  validate: isBankCard,
};

export const findBankCards = (text: string): DetectorMatch[] => findWith(bankCardDetector, text);
