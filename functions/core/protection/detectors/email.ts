import { type Detector, type DetectorMatch, findWith } from './detector.ts';

/** E-mail addresses (ASCII; the practical subset of RFC 5322 people actually write). */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isEmail(candidate: string): boolean {
  const at = candidate.lastIndexOf('@');
  if (at <= 0 || candidate.indexOf('@') !== at) return false;
  const local = candidate.slice(0, at);
  const domain = candidate.slice(at + 1);
  if (local.length > 64 || domain.length > 253 || !LOCAL.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]!);
}

export const emailDetector: Detector = {
  id: 'email',
  label: { en: 'E-mail address', 'zh-CN': '电子邮箱' },
  blocking: true,
  // Stops at the last letter of the top-level domain, so a full stop ending a sentence is not taken.
  prefilter: "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,63}",
  validate: isEmail,
};

export const findEmails = (text: string): DetectorMatch[] => findWith(emailDetector, text);
