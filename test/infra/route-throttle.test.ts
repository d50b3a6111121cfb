import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
import { SHARED_PUBLIC_ROUTE_THROTTLE } from '../../infra/constructs/http-api.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

let s: Synth;
beforeAll(() => {
  s = synth({}, false);
});

describe('route throttles', () => {
  it('gives the public routes of a function that also serves signed routes a throttle of their own', () => {
    const [stage] = Object.values(resourcesOf(s.compute, 'AWS::ApiGatewayV2::Stage')) as Json[];
    const settings = stage.Properties.RouteSettings as Record<string, Json>;
    // The audit chain check runs on the releases function, beside approve and withdraw.
    expect(settings['GET /v1/audit/verify']).toEqual({
      ThrottlingRateLimit: SHARED_PUBLIC_ROUTE_THROTTLE.rateLimit,
      ThrottlingBurstLimit: SHARED_PUBLIC_ROUTE_THROTTLE.burstLimit,
    });
    // Exactly those routes: public routes of functions that serve only public routes keep the stage's.
    const handlersWithIam = new Set(ROUTES.filter((r) => r.auth === 'iam').map((r) => r.handler));
    const expected = ROUTES.filter((r) => r.auth === 'public' && handlersWithIam.has(r.handler)).map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(Object.keys(settings).sort()).toEqual(expected.sort());
  });
});
