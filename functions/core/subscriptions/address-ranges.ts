/**
 * Which IP addresses a webhook may reach: only public unicast ones. A pure parser and range table
 * (node:net's BlockList is off limits in the core), used at registration on literal IPs and at
 * delivery on every address a host name resolves to.
 */

/** Why an address is not public; `public` when a webhook may be delivered to it. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared (CGNAT)'
  | 'unique-local'
  | 'IPv4-mapped IPv6'
  | 'multicast'
  | 'documentation'
  | 'reserved';

export interface ParsedIp {
  readonly family: 4 | 6;
  /** The address as a 32- or 128-bit number. */
  readonly value: bigint;
}

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;

/**
 * Parses canonical dotted-decimal IPv4 (`a.b.c.d`, no leading zeros). Other spellings (`0x7f.1`,
 * `2130706433`, `0177.0.0.1`) are not parsed here on purpose: the WHATWG URL parser turns them into
 * this form, and DNS answers are always in it.
 */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => IPV4_PART.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

/** Parses IPv6 (with `::`, an IPv4 tail, optional brackets; a `%zone` is ignored). */
export function parseIpv6(text: string): bigint | undefined {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  s = s.split('%', 1)[0] ?? '';
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined): string[] | undefined => {
    if (!h) return [];
    const out: string[] = [];
    const items = h.split(':');
    for (const [i, g] of items.entries()) {
      if (g.includes('.')) {
        const v4 = i === items.length - 1 ? parseIpv4(g) : undefined;
        if (v4 === undefined) return undefined;
        out.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(g);
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  // An IPv4 tail is only valid at the very end.
  if (halves.length === 2 && halves[0]?.includes('.')) return undefined;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  return all.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n);
}

export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

type Range = readonly [family: 4 | 6, base: string, prefix: number, kind: Exclude<AddressClass, 'public'>];

/** IANA special-purpose registries (RFC 6890 and successors), most specific first. */
const RANGES: readonly Range[] = [
  [4, '0.0.0.0', 8, 'unspecified'],
  [4, '10.0.0.0', 8, 'private'],
  [4, '100.64.0.0', 10, 'shared (CGNAT)'],
  [4, '127.0.0.0', 8, 'loopback'],
  [4, '169.254.0.0', 16, 'link-local'],
  [4, '172.16.0.0', 12, 'private'],
  [4, '192.0.0.0', 24, 'reserved'],
  [4, '192.0.2.0', 24, 'documentation'],
  [4, '192.88.99.0', 24, 'reserved'],
  [4, '192.168.0.0', 16, 'private'],
  [4, '198.18.0.0', 15, 'reserved'],
  [4, '198.51.100.0', 24, 'documentation'],
  [4, '203.0.113.0', 24, 'documentation'],
  [4, '224.0.0.0', 4, 'multicast'],
  // Class E and the broadcast address.
  [4, '240.0.0.0', 4, 'reserved'],
  [6, '::', 128, 'unspecified'],
  [6, '::1', 128, 'loopback'],
  [6, '::ffff:0:0', 96, 'IPv4-mapped IPv6'],
  [6, 'fc00::', 7, 'unique-local'],
  [6, 'fe80::', 10, 'link-local'],
  [6, 'ff00::', 8, 'multicast'],
  [6, '2001:db8::', 32, 'documentation'],
  [6, '3fff::', 20, 'documentation'],
  // IETF protocol assignments (Teredo among them) and 6to4: both can tunnel to an embedded IPv4 address.
  [6, '2001::', 23, 'reserved'],
  [6, '2002::', 16, 'reserved'],
  // Everything outside global unicast 2000::/3: IPv4-compatible, NAT64 (64:ff9b::/96), site-local, ...
  [6, '::', 0, 'reserved'],
];

const GLOBAL_UNICAST_V6 = parseIpv6('2000::') ?? 0n;

const inRange = (value: bigint, bits: number, base: bigint, prefix: number) =>
  prefix === 0 || value >> BigInt(bits - prefix) === base >> BigInt(bits - prefix);

const COMPILED = RANGES.map(([family, base, prefix, kind]) => {
  const parsed = parseIp(base);
  if (parsed?.family !== family) throw new Error(`bad range ${base}/${prefix}`);
  return { family, base: parsed.value, prefix, kind };
});

/**
 * The class of an IP address: `public`, or the special-purpose range it is in. IPv6 is public only
 * inside global unicast (2000::/3) and outside the ranges above; `undefined` when `text` is not an IP.
 */
export function classifyAddress(text: string): AddressClass | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  for (const r of COMPILED) {
    if (r.family !== ip.family) continue;
    // The catch-all IPv6 entry applies only outside 2000::/3.
    if (r.family === 6 && r.prefix === 0) return inRange(ip.value, 128, GLOBAL_UNICAST_V6, 3) ? 'public' : r.kind;
    if (inRange(ip.value, bits, r.base, r.prefix)) return r.kind;
  }
  return 'public';
}

/** Is `text` an IP address (v4 or v6), rather than a host name? */
export const isIpLiteral = (text: string) => parseIp(text) !== undefined;
