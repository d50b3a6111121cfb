import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../functions/http/access-control.ts';

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
});
