import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../../ports/webhook-transport.ts';

/**
 * The system resolver (getaddrinfo, as node:http would use): every address, IPv4 and IPv6, so the
 * caller can refuse a name if any of them is private.
 */
export const dnsHostResolver: HostResolver = {
  async resolve(host) {
    return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  },
};
