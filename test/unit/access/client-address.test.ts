import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { clientAddress, clientOf } from '../../../functions/http/access-control.ts';

const event = (headers: Record<string, string>) =>
  ({ headers, requestContext: { http: { sourceIp: '198.51.100.7' } } }) as unknown as APIGatewayProxyEventV2;

describe('client address for rate limiting', () => {
  it('uses the source IP without a proxy header', () => {
    expect(clientAddress(event({}), undefined)).toBe('198.51.100.7');
  });

  it('uses the viewer header set by CloudFront when the edge token matches', () => {
    const e = event({ 'x-opendata-viewer': '203.0.113.9', 'x-opendata-edge': 'stack-uuid-123' });
    expect(clientAddress(e, 'x-opendata-viewer', 'stack-uuid-123')).toBe('203.0.113.9');
  });

  it('ignores a forged viewer header on a direct call (no or wrong edge token)', () => {
    expect(clientAddress(event({ 'x-opendata-viewer': '203.0.113.9' }), 'x-opendata-viewer', 'stack-uuid-123')).toBe(
      '198.51.100.7',
    );
    const wrong = event({ 'x-opendata-viewer': '203.0.113.9', 'x-opendata-edge': 'guess' });
    expect(clientAddress(wrong, 'x-opendata-viewer', 'stack-uuid-123')).toBe('198.51.100.7');
  });

  it('strips a port', () => {
    expect(clientAddress(event({ 'x-opendata-viewer': '203.0.113.9:443' }), 'x-opendata-viewer')).toBe('203.0.113.9');
  });

  it('strips a port from IPv4 and bracketed IPv6 only, never a group of an IPv6 address', () => {
    expect(clientOf('203.0.113.9:8080')).toBe('203.0.113.9');
    expect(clientOf('[2001:db8:1:2::1]:443')).toBe('2001:db8:1:2::/64');
    // Without the old port stripping, these three are three different networks' worth of distinct /64s…
    expect(clientOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientOf('::2')).toBe('0:0:0:0::/64');
    expect(clientOf('2001:db8:0:0:0:0:3:4')).toBe('2001:db8:0:0::/64');
  });

  it('counts one IPv6 client per /64, where it could pick a new address for every request', () => {
    const a = clientOf('2001:db8:aa:bb:1111:2222:3333:4444');
    expect(clientOf('2001:db8:aa:bb::9')).toBe(a);
    expect(clientOf('2001:DB8:AA:BB:ffff::')).toBe(a);
    expect(clientOf('2001:db8:aa:bc::9')).not.toBe(a);
    expect(clientOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientOf('2001:db8:aa:bb::198.51.100.7')).toBe(a);
  });

  it('applies to the viewer header and to the source address alike', () => {
    const e = event({ 'x-opendata-viewer': '2001:db8:aa:bb::1' });
    expect(clientAddress(e, 'x-opendata-viewer')).toBe('2001:db8:aa:bb::/64');
    const direct = { headers: {}, requestContext: { http: { sourceIp: '2001:db8:aa:bb::2' } } } as never;
    expect(clientAddress(direct, undefined)).toBe('2001:db8:aa:bb::/64');
  });
});
