import type { Scope } from './api-key.ts';

/**
 * The scope a key needs for a handler's routes. Handlers not listed (health, catalogue) need none:
 * any valid key, or none at all, may read the catalogue.
 */
const HANDLER_SCOPES: Readonly<Record<string, Scope>> = {
  query: 'query',
  download: 'download',
  sql: 'sql',
};

export function scopeForHandler(handler: string): Scope | undefined {
  return HANDLER_SCOPES[handler];
}
