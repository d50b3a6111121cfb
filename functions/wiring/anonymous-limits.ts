import { z } from 'zod';
import { defaultAnonymousCatalogPerMinute } from '../usecases/access/settings.ts';

/**
 * The anonymous rate limits' variables, with their bounds and defaults: part of the API's configuration
 * (config.ts), and read as well by the site build, whose API page states them (site/src/views/ApiView.astro).
 * A module of its own so the site imports zod and these rules only, not the configuration's adapters.
 */
export const AnonymousLimitsEnv = {
  /** Requests per minute of an anonymous client (hashed source address), catalogue reads aside. */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(60),
  /**
   * Requests per minute of an anonymous client on the catalogue reads (`GET /v1/datasets`,
   * `GET /v1/datasets/{id}`), a budget separate from the one above. Unset: 300, or
   * RATE_LIMIT_ANONYMOUS_PER_MINUTE when that is larger (usecases/access/settings.ts).
   */
  RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).optional(),
};
const AnonymousLimits = z.object(AnonymousLimitsEnv);

/** The anonymous limits in force: the general budget and the catalogue reads' budget, per minute. */
export interface AnonymousLimits {
  readonly anonymousPerMinute: number;
  readonly anonymousCatalogPerMinute: number;
}

/**
 * The anonymous limits an environment (or an already parsed configuration) sets, as the API applies them.
 * Throws, naming the variable, on a value the API's configuration would refuse at cold start.
 */
export function anonymousLimits(env: Readonly<Record<string, unknown>>): AnonymousLimits {
  const r = AnonymousLimits.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(
      `invalid anonymous rate limits:\n${lines.join('\n')}\nhint: a whole number of requests a minute, at least 1`,
    );
  }
  const general = r.data.RATE_LIMIT_ANONYMOUS_PER_MINUTE;
  return {
    anonymousPerMinute: general,
    anonymousCatalogPerMinute:
      r.data.RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE ?? defaultAnonymousCatalogPerMinute(general),
  };
}
