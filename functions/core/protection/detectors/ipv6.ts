import { type Detector, type DetectorMatch, findWith } from './detector.ts';
import { isIpv4 } from './ipv4.ts';

/**
 * IPv6 addresses (RFC 4291 text forms: full, "::"-compressed, and with an embedded IPv4 tail).
 * Clock times ("10:30:00") have fewer than eight groups and no "::", so they are not candidates; a
 * C++-style "std::vector" would give "d::", rejected because an address worth reporting has at
 * least two written groups (the all-zero and loopback addresses identify nobody).
 */
const GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function isIpv6(candidate: string): boolean {
  let text = candidate;
  let tailGroups = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    if (!isIpv4(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0`; // stands for the two groups of the IPv4 tail
    tailGroups = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parse = (h: string): string[] | null => {
    if (h === '') return [];
    const gs = h.split(':');
    return gs.every((g) => GROUP.test(g)) ? gs : null;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (head === null || tail === null) return false;
  const written = head.length + tail.length + tailGroups;
  if (written < 2) return false;
  return halves.length === 2 ? written <= 7 : written === 8;
}

export const ipv6Detector: Detector = {
  id: 'ipv6',
  label: { en: 'IPv6 address', 'zh-CN': 'IPv6 地址' },
  blocking: true,
  prefilter:
    // Groups after "::" are taken one by one so an IPv4 tail is tried before a bare last group.
    '[0-9A-Fa-f:]*::(?:[0-9A-Fa-f]{1,4}:)*(?:[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+|[0-9A-Fa-f]{1,4})?' +
    '|[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){7}' +
    '|[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){5}:[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+',
  validate: isIpv6,
};

export const findIpv6 = (text: string): DetectorMatch[] => findWith(ipv6Detector, text);
