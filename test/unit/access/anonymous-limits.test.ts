import { describe, expect, it } from 'vitest';
import { compose } from '../../../functions/wiring/compose.ts';
import { anonymousLimits, loadConfig } from '../../../functions/wiring/config.ts';

const LOCAL = {
  OPENDATA_MODE: 'local',
  OPENDATA_DATA_DIR: '/tmp/x',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
  OPENDATA_ADMIN_TOKEN: 'x'.repeat(32),
  PUBLIC_BASE_URL: 'http://localhost:8787',
};

/**
 * One reading of the anonymous limits for the API (compose.ts) and for the site's API page (ApiView.astro,
 * at build time): the configuration's bounds and defaults, so the page cannot state what the API refuses.
 */
describe('anonymousLimits', () => {
  it('has the configuration’s defaults, values and bounds', () => {
    expect(anonymousLimits({})).toEqual({ anonymousPerMinute: 60, anonymousCatalogPerMinute: 300 });
    expect(anonymousLimits({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '120' })).toEqual({
      anonymousPerMinute: 120,
      anonymousCatalogPerMinute: 300,
    });
    expect(anonymousLimits({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000' }).anonymousCatalogPerMinute).toBe(1000);
    expect(
      anonymousLimits({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '120', RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE: '400' }),
    ).toEqual({ anonymousPerMinute: 120, anonymousCatalogPerMinute: 400 });
    for (const bad of ['0', '1.5', 'sixty', '2000000000']) {
      expect(() => anonymousLimits({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: bad }), bad).toThrow(
        /RATE_LIMIT_ANONYMOUS_PER_MINUTE/,
      );
      expect(() => loadConfig({ ...LOCAL, RATE_LIMIT_ANONYMOUS_PER_MINUTE: bad }), bad).toThrow(
        /RATE_LIMIT_ANONYMOUS_PER_MINUTE/,
      );
    }
  });

  it('is what the API applies', () => {
    const env = { ...LOCAL, RATE_LIMIT_ANONYMOUS_PER_MINUTE: '120', RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE: '400' };
    expect(compose(loadConfig(env)).access).toMatchObject(anonymousLimits(env));
  });
});
