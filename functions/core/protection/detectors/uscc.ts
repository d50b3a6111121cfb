import { type Detector, type DetectorMatch, findWith } from './detector.ts';
import { isResidentId } from './resident-id.ts';

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015) of organisations: 18 characters from
 * 0-9 and 21 upper-case letters (no I, O, S, V, Z), digits 3-8 a region code, the last a MOD 31
 * check character. Organisation data, not personal data: reported but not blocking by default.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$/;

/** The check character of the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

export function isUscc(candidate: string): boolean {
  if (!SHAPE.test(candidate)) return false;
  // An all-digit resident ID passes the MOD 31 check one time in 31; it belongs to its own detector.
  if (isResidentId(candidate)) return false;
  return usccCheckChar(candidate) === candidate[17];
}

export const usccDetector: Detector = {
  id: 'uscc',
  label: { en: 'Unified social credit code (organisation)', 'zh-CN': '统一社会信用代码' },
  blocking: false,
  prefilter: '[0-9A-Za-z]{18,}',
  validate: isUscc,
};

export const findUscc = (text: string): DetectorMatch[] => findWith(usccDetector, text);
