import { type Detector, type DetectorMatch, findWith } from './detector.ts';

/**
 * Chinese passport numbers: E (ordinary e-passport), G (older ordinary), D (diplomatic), S (service),
 * P (public affairs) followed by 8 digits; since the E series ran out, "E" + a letter (I and O are
 * not used) + 7 digits (EA1234567). The prefilter takes the whole letter-digit token, so a product
 * code such as "XG12345678" is not a passport.
 */
const PASSPORT = /^(?:[EGDSP][0-9]{8}|E[A-HJ-NP-Z][0-9]{7})$/;

export const isPassportCn = (candidate: string): boolean => PASSPORT.test(candidate);

export const passportCnDetector: Detector = {
  id: 'passport-cn',
  label: { en: 'Chinese passport number', 'zh-CN': '护照号码' },
  blocking: true,
  prefilter: '[A-Za-z0-9]*[EGDSP][A-Za-z0-9]{8,}',
  validate: isPassportCn,
};

export const findPassports = (text: string): DetectorMatch[] => findWith(passportCnDetector, text);
