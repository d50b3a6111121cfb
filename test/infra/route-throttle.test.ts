import { describe, expect, it } from 'vitest';
import { SHARED_PUBLIC_ROUTE_THROTTLE } from '../../infra/constructs/http-api.ts';
import { type Json, resourcesOf, synth } from './helpers.ts';

const routeSettings = (context: Record<string, unknown>) => {
  const [stage] = Object.values(resourcesOf(synth(context, false).compute, 'AWS::ApiGatewayV2::Stage')) as Json[];
  return (stage.Properties.RouteSettings ?? {}) as Record<string, Json>;
};

describe('route throttles', () => {
  it('throttles only the public routes that share a reserved function with signed routes: the audit check', () => {
    // The audit chain check runs on the releases function (reserved, beside approve and withdraw).
    // Feedback, requests, webhooks and metrics mix public and signed routes too, but their functions
    // reserve nothing: the stage throttle bounds them, and a route throttle would cap the whole public.
    expect(routeSettings({})).toEqual({
      'GET /v1/audit/verify': {
        ThrottlingRateLimit: SHARED_PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: SHARED_PUBLIC_ROUTE_THROTTLE.burstLimit,
      },
    });
  });

  it('throttles none when no concurrency is reserved', () => {
    expect(routeSettings({ 'opendata:queryReservedConcurrency': '0' })).toEqual({});
  });
});
