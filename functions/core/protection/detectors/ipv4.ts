import { type Detector, type DetectorMatch, findWith } from './detector.ts';

/**
 * IPv4 addresses (personal information under PIPL when they identify a subscriber). Four decimal
 * octets 0-255 without leading zeros (leading zeros are read as octal by some tools, so such strings
 * are not canonical addresses). The prefilter takes the whole dotted run: a version number such as
 * "1.2.3.4.5" has five parts and is rejected.
 */
const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

export function isIpv4(candidate: string): boolean {
  const parts = candidate.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p) && Number(p) <= 255);
}

export const ipv4Detector: Detector = {
  id: 'ipv4',
  label: { en: 'IPv4 address', 'zh-CN': 'IPv4 地址' },
  blocking: true,
  prefilter: '[0-9]+(?:\\.[0-9]+){3,}',
  validate: isIpv4,
};

export const findIpv4 = (text: string): DetectorMatch[] => findWith(ipv4Detector, text);
