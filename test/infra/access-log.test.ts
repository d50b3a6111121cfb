import { beforeAll, describe, expect, it } from 'vitest';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

let s: Synth;
beforeAll(() => {
  s = synth({}, false);
});

describe('HTTP API access log', () => {
  const format = (): Record<string, string> => {
    const stages = Object.values(resourcesOf(s.compute, 'AWS::ApiGatewayV2::Stage')) as Json[];
    expect(stages).toHaveLength(1);
    return JSON.parse(stages[0].Properties.AccessLogSettings.Format);
  };

  it('records no client address and no caller identity that can name a person', () => {
    const values = Object.values(format());
    for (const personal of ['sourceIp', 'userArn', 'identity.caller', 'identity.user', 'userAgent', 'error.message']) {
      expect(
        values.filter((v) => v.includes(personal)),
        personal,
      ).toEqual([]);
    }
  });

  it('keeps what operations need: request id, route, status, latencies, and the signing account of IAM calls', () => {
    expect(format()).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      account: '$context.identity.accountId',
    });
  });
});
