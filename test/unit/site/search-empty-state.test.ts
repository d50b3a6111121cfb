import { describe, expect, it } from 'vitest';
import { en } from '../../../site/src/i18n/en.ts';
import { zhCN } from '../../../site/src/i18n/zh-CN.ts';

/**
 * The search's empty state (site review finding 4): the script fills in only the query (`{q}`), so the
 * advice must fit a one-word query as well as a long one: not "use fewer words" (请减少关键词) to someone
 * who typed one.
 */
describe('the empty state of a search', () => {
  it.each([
    ['en', en.searchNoResults, en.searchNoResultsFiltered],
    ['zh-CN', zhCN.searchNoResults, zhCN.searchNoResultsFiltered],
  ])('%s: names the query, and does not ask for fewer words', (_, none, filtered) => {
    for (const text of [none, filtered]) {
      expect(text).toContain('{q}');
      expect(text).not.toMatch(/fewer|减少关键词|减少/);
    }
  });
});
