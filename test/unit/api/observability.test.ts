import { describe, expect, it } from 'vitest';
import { tracing, tracingEnabled } from '../../../functions/http/observability.ts';

describe('tracing', () => {
  it('is on unless POWERTOOLS_TRACE_ENABLED turns it off (Powertools rule)', () => {
    expect(tracingEnabled({})).toBe(true);
    expect(tracingEnabled({ POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(true);
    for (const off of ['false', 'FALSE', '0', 'no', 'off', ' false '])
      expect(tracingEnabled({ POWERTOOLS_TRACE_ENABLED: off })).toBe(false);
  });

  it('never loads the X-Ray SDK where tracing is off (its async hook slows every promise)', () => {
    // Outside Lambda tracing defaults to off: no middleware, and no cls-hooked namespace was created.
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
    expect(tracing).toEqual([]);
    const namespaces = (process as unknown as { namespaces?: Record<string, unknown> }).namespaces ?? {};
    expect(Object.keys(namespaces)).not.toContain('AWSXRay');
  });
});
