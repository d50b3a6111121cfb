import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';

/**
 * Pinyin in the site's search box, through the local platform in real Chromium: with the API the site
 * shows exactly the API's answers (the API matches pinyin: docs/search.md); without it (Pagefind
 * filtered by the same matcher, which gets no pinyin in the browser) pinyin finds nothing rather than junk.
 */
const DATASETS = ['cn-provinces', 'cn-prefectures', 'seattle-weather', 'us-airports', 'la-riots-deaths'];

let p: Awaited<ReturnType<typeof startTestPlatform>>;
let context: BrowserContext;
beforeAll(async () => {
  p = await startTestPlatform({ only: DATASETS, buildSite: true });
  context = await launchChromium(join(p.dataDir, 'chromium-profile'));
}, 240_000);
afterAll(async () => {
  await context?.close();
  await p?.cleanup();
});

/** Types `q` and waits until the answer for it is shown; returns the result links. */
async function searchFor(page: Page, q: string): Promise<string[]> {
  await page.fill('#q', q);
  await page.waitForFunction(
    (q) => {
      const body = document.querySelector<HTMLElement>('[data-search-body]');
      return body?.dataset.q === q && (body.dataset.state === 'done' || body.dataset.state === 'error');
    },
    q,
    { timeout: 15_000 },
  );
  return page.$$eval('#search-results h3 a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

async function apiIds(q: string): Promise<string[]> {
  const body = (await (await fetch(`${p.url}/v1/datasets?q=${encodeURIComponent(q)}`)).json()) as {
    datasets: { id: string }[];
  };
  return body.datasets.map((d) => d.id);
}

const PINYIN: [string, string[]][] = [
  ['tianqi', ['seattle-weather']],
  ['tian qi', ['seattle-weather']],
  ['tq', ['seattle-weather']],
  ['jichang', ['us-airports']],
  ['xingzhengquhua', ['cn-prefectures', 'cn-provinces']],
  ['xzqh', ['cn-prefectures', 'cn-provinces']],
  ['tian', []], // one syllable: no word
];

describe('pinyin in the search box', () => {
  it('with the API reachable: the site shows exactly the API’s answers', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/`);
    for (const [q, expected] of PINYIN) {
      const site = await searchFor(page, q);
      const api = await apiIds(q);
      expect([...api].sort(), `API: ${q}`).toEqual(expected);
      expect(site, `site: ${q}`).toEqual(api.map((id) => `/datasets/${id}/`));
    }
    await page.close();
  });

  it('without the API: pinyin finds nothing (no pinyin dictionary in the browser), characters still do', async () => {
    const page = await context.newPage();
    await page.route('**/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${p.url}/`);
    for (const [q] of PINYIN) expect(await searchFor(page, q), `offline: ${q}`).toEqual([]);
    expect(await searchFor(page, '天气')).toEqual(['/datasets/seattle-weather/']);
    await page.close();
  });
});
