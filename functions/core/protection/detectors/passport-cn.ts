import { type Detector, type DetectorMatch, findWith } from './detector.ts';

/**
 * Chinese passport numbers: E (ordinary e-passport), G (older ordinary), D (diplomatic), S (service),
 * P (public affairs) followed by 8 digits; since the E series ran out, "E" + a letter (I and O are
 * not used) + 7 digits (EA1234567). Letters in either case, and the digits after a space or dash,
 * or in two groups (E 1234 5678, e1234-5678, EA 123 4567: one separator style). The prefilter takes
 * the whole letter-digit token, so a product code such as "XG12345678" is not a passport.
 */
const PASSPORT =
  /^(?:[EGDSP][ -]?(?:[0-9]{8}|[0-9]{4}[ -][0-9]{4})|E[A-HJ-NP-Z][ -]?(?:[0-9]{7}|[0-9]{3}[ -][0-9]{4}))$/;

export const isPassportCn = (candidate: string): boolean =>
  PASSPORT.test(candidate.toUpperCase()) && new Set(candidate.replace(/[A-Za-z0-9]/g, '')).size <= 1;

export const passportCnDetector: Detector = {
  id: 'passport-cn',
  label: { en: 'Chinese passport number', 'zh-CN': '护照号码' },
  blocking: true,
  // The whole token: letters and digits, and digit groups after single spaces or dashes.
  prefilter:
    '[A-Za-z0-9]*[EGDSPegdsp](?:[A-Za-z0-9]{8,}|[A-Za-z]?(?:[ -][0-9]+(?:[ -][0-9]+)*|[0-9]+(?:[ -][0-9]+)+))[A-Za-z0-9]*',
  validate: isPassportCn,
};

export const findPassports = (text: string): DetectorMatch[] => findWith(passportCnDetector, text);
