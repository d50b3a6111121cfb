import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';

/**
 * The site's search answers, through the local platform's own site and API in real Chromium (review
 * findings H3, M1, M3 and the search part of H1): right answers or none, the same from the API and
 * from the offline index (Pagefind, when the API cannot be reached), the query in the URL, one short
 * announcement per search, and a search that recovers when its index failed to load.
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

async function apiIds(q: string): Promise<{ ids: string[]; correctedQ: string | null }> {
  const body = (await (await fetch(`${p.url}/v1/datasets?q=${encodeURIComponent(q)}`)).json()) as {
    datasets: { id: string }[];
    correctedQ: string | null;
  };
  return { ids: body.datasets.map((d) => d.id), correctedQ: body.correctedQ };
}

const sorted = (xs: string[]) => [...xs].sort();

// [query, the datasets it must find (in any order), found only with the API's spelling correction]
const ANSWERS: [string, string[], boolean][] = [
  // The prefecture 深圳市 in the data of cn-prefectures (its names are declared searchValues), and not every
  // page through 市 (示例市…).
  ['深圳市', ['cn-prefectures'], false],
  ['空气质量', [], false],
  // Not latitude / last / latest; us-airports has LA (Louisiana) among the common values of its states.
  ['LA', ['la-riots-deaths', 'us-airports'], false],
  // Pinyin (tianqi → 天气) is API-only: checked online and offline below.
  ['天氣', ['seattle-weather'], false],
  ['氣象', ['seattle-weather'], false],
  ['機場', ['us-airports'], false],
  ['區劃', ['cn-prefectures', 'cn-provinces'], false],
  ['划代', ['cn-prefectures', 'cn-provinces'], false],
  ['西雅图天气', ['seattle-weather'], false],
  ['airports', ['us-airports'], false],
  ['seatle', ['seattle-weather'], true],
  ['wether', ['seattle-weather'], true],
  ['airprot', ['us-airports'], true],
  // A homophone slip of a pinyin input method (西雅徒 for 西雅图): corrected by the API only.
  ['西雅徒', ['seattle-weather'], true],
];

describe('search answers', () => {
  it('with the API reachable: the site shows exactly the API’s answers', async () => {
    const page = await context.newPage();
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/datasets') apiCalls.push(r.url());
    });
    await page.goto(`${p.url}/`);
    for (const [q, expected, corrected] of ANSWERS) {
      const site = await searchFor(page, q);
      const api = await apiIds(q);
      expect(sorted(api.ids), `API: ${q}`).toEqual(sorted(expected));
      expect(api.correctedQ !== null, `API correctedQ: ${q}`).toBe(corrected);
      expect(site, `site: ${q}`).toEqual(api.ids.map((id) => `/datasets/${id}/`));
      if (corrected) {
        await expect(page.locator('#search-results').textContent()).resolves.toContain(`“${api.correctedQ}”`);
      }
    }
    expect(apiCalls.length).toBeGreaterThanOrEqual(ANSWERS.length);
    // crime: not "(°C)", but la-riots-deaths through the API's synonyms (its keyword public safety).
    expect(await apiIds('crime')).toEqual({ ids: ['la-riots-deaths'], correctedQ: null });
    expect(await searchFor(page, 'crime')).toEqual(['/datasets/la-riots-deaths/']);
    // A dataset found through its data says which value matched; one found by its metadata does not.
    await searchFor(page, 'LA');
    const lines = await page.$$eval('#search-results li.card', (cards) =>
      cards.map((c) => c.querySelector('.found-in-data')?.textContent ?? null),
    );
    expect(lines).toEqual([null, expect.stringMatching(/^数据中的取值：.+ LA$/)]);
    await page.close();
  });

  it('without the API (a static copy, or the API down): Pagefind, filtered by the same rules', async () => {
    const page = await context.newPage();
    await page.route('**/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${p.url}/`);
    for (const [q, expected, corrected] of ANSWERS) {
      const site = await searchFor(page, q);
      // The spelling correction needs the API; offline a typo finds nothing rather than junk.
      expect(sorted(site), `offline: ${q}`).toEqual(corrected ? [] : sorted(expected.map((id) => `/datasets/${id}/`)));
    }
    // Pagefind proposes no page for crime (no page has the word), so offline the synonym finds nothing.
    expect(await searchFor(page, 'crime')).toEqual([]);
    // English pages search the English index, the same way.
    await page.goto(`${p.url}/en/`);
    expect(await searchFor(page, 'LA')).toEqual(['/en/datasets/la-riots-deaths/', '/en/datasets/us-airports/']);
    expect(await searchFor(page, 'crime')).toEqual([]);
    expect(await searchFor(page, 'seattle weath')).toEqual(['/en/datasets/seattle-weather/']);
    await page.close();
  });
});

describe('search state in the URL', () => {
  it('keeps ?q= in the URL and shows the results again after Back', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/en/`);
    expect(await searchFor(page, 'weather')).toEqual(['/en/datasets/seattle-weather/']);
    expect(new URL(page.url()).search).toBe('?q=weather');
    await page.click('#search-results a[href="/en/datasets/seattle-weather/"]');
    await page.waitForURL('**/en/datasets/seattle-weather/');
    await page.goBack();
    await page.locator('#search-results a[href="/en/datasets/seattle-weather/"]').waitFor({ timeout: 15_000 });
    expect(await page.inputValue('#q')).toBe('weather');
    // Clearing the box clears the URL.
    await page.fill('#q', '');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
    await page.close();
  });

  it.each(['/datasets/', '/en/datasets/'])(
    'on %s?q=…, runs the search and suggests where to go when nothing matches',
    async (path) => {
      const page = await context.newPage();
      await page.goto(`${p.url}${path}?q=zzqxv`);
      // A listing page suggests the pages that list the facets; only the home page carries the facet lists.
      const themes = path.startsWith('/en/') ? '/en/themes/' : '/themes/';
      await page.locator(`#search-results a[href="${themes}"]`).waitFor({ timeout: 15_000 });
      expect(await page.locator('#facet-suggestions').innerHTML()).not.toContain('/themes/regions/');
      expect(await page.inputValue('#q')).toBe('zzqxv');
      expect(await page.locator('[data-listing]').isVisible()).toBe(false);
      await page.goto(`${p.url}${path}?q=${encodeURIComponent('天气')}`);
      await page
        .locator(`#search-results a[href="${path.startsWith('/en/') ? '/en' : ''}/datasets/seattle-weather/"]`)
        .waitFor({ timeout: 15_000 });
      await page.close();
    },
  );
});

describe('search for screen readers', () => {
  it('announces the count once typing settles, not the list; the list sits under an h2', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/en/`);
    await page.evaluate(() => {
      const w = window as unknown as { liveChanges: number };
      w.liveChanges = 0;
      const observer = new MutationObserver((ms) => {
        w.liveChanges += ms.length;
      });
      for (const live of document.querySelectorAll('[aria-live], [role=status], [role=alert], [role=log]')) {
        observer.observe(live, { childList: true, subtree: true, characterData: true });
      }
    });
    await page.locator('#q').pressSequentially('administrative divisions', { delay: 40 });
    await page.locator('#search-results a[href="/en/datasets/cn-provinces/"]').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.getElementById('search-status')?.textContent !== '', undefined, {
      timeout: 5_000,
    });
    const state = await page.evaluate(() => ({
      changes: (window as unknown as { liveChanges: number }).liveChanges,
      status: document.getElementById('search-status')?.textContent,
      statusRole: document.getElementById('search-status')?.getAttribute('role'),
      listInLive: Boolean(document.querySelector('#search-results ul')?.closest('[aria-live], [role=status]')),
      headings: [...document.querySelectorAll('main h1, main h2, main h3')]
        .filter((h) => !h.closest('template'))
        .slice(0, 4)
        .map((h) => `${h.tagName}:${h.textContent?.trim()}`),
    }));
    expect(state.changes).toBeLessThanOrEqual(2);
    expect(state.statusRole).toBe('status');
    expect(state.status).toContain('administrative divisions');
    expect(state.listInLive).toBe(false);
    expect(state.headings[0]).toMatch(/^H1:/);
    expect(state.headings[1]).toBe('H2:Search results');
    expect(state.headings[2]).toMatch(/^H3:/);
    await page.close();
  });
});

describe('search when its index cannot load', () => {
  it('says so, and tries again on the next input', async () => {
    const page = await context.newPage();
    await page.route('**/v1/**', (route) => route.abort('connectionrefused'));
    // The first load of Pagefind fails (as during a rebuild's 404 window), later ones succeed.
    let failures = 0;
    await page.route(/\/pagefind\/pagefind\.js(\?|$)/, (route) => {
      if (failures++ === 0) return route.fulfill({ status: 404, body: 'Not found' });
      return route.continue();
    });
    await page.goto(`${p.url}/en/`);
    expect(await searchFor(page, 'weather')).toEqual([]);
    await expect(page.locator('#search-results').textContent()).resolves.toContain('Search is not available');
    // Announced too, once typing has settled.
    await page.waitForFunction(() => /not available/.test(document.getElementById('search-status')?.textContent ?? ''));
    expect(await searchFor(page, 'seattle weather')).toEqual(['/en/datasets/seattle-weather/']);
    expect(failures).toBe(2);
    await page.close();
  });
});

/** Pinyin: the API matches it (docs/search.md); the browser has no pinyin dictionary, so offline it finds nothing rather than junk. */
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
      const api = (await apiIds(q)).ids;
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

/**
 * Combinable filters on the list of all datasets (site review: facets were one-value pages that did not
 * combine): ticked values narrow the results and recount the facets, through the API (its parameters
 * in the page's URL), and the same through Pagefind's filters when the API cannot be reached.
 */
const GOV_WORK = 'LicenseRef-us-government-work';
type Counts = Record<string, Record<string, number>>;

/** Waits until the answer for these URL parameters is shown; returns the result links, in order. */
async function shownFor(page: Page, key: string): Promise<string[]> {
  await page.waitForFunction(
    (key) => {
      const body = document.querySelector<HTMLElement>('[data-search-body]');
      return body?.dataset.search === key && (body.dataset.state === 'done' || body.dataset.state === 'error');
    },
    key,
    { timeout: 15_000 },
  );
  return page.$$eval('#search-results h3 a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** The panel's counts: every value it offers (a count, or ticked), per dimension. */
function panelCounts(page: Page): Promise<Counts> {
  return page.$$eval('fieldset[data-dim]', (fs) =>
    Object.fromEntries(
      fs.map((f) => [
        (f as HTMLElement).dataset.dim,
        Object.fromEntries(
          [...f.querySelectorAll<HTMLLIElement>('li[data-value]')]
            .filter((li) => Number(li.dataset.count) > 0 || li.querySelector('input')?.checked)
            .map((li) => [li.dataset.value, Number(li.dataset.count)]),
        ),
      ]),
    ),
  );
}

/** The API's answer for these parameters: ids in order, and facet counts as the panel offers them. */
async function apiFor(key: string): Promise<{ ids: string[]; counts: Counts }> {
  const body = (await (await fetch(`${p.url}/v1/datasets?${key}`)).json()) as {
    datasets: { id: string }[];
    facets: Record<string, { value: string; count: number; selected: boolean }[]>;
  };
  const counts: Counts = {};
  for (const [dim, values] of Object.entries(body.facets)) {
    counts[dim] = Object.fromEntries(values.filter((v) => v.count > 0 || v.selected).map((v) => [v.value, v.count]));
  }
  return { ids: body.datasets.map((d) => d.id), counts };
}

const box = (dim: string, value: string) => `fieldset[data-dim=${dim}] input[value="${value}"]`;

describe('combinable filters on the list of all datasets', () => {
  it('narrows by two filters through the API, recounts the facets, and keeps it all in the URL', async () => {
    const page = await context.newPage();
    const calls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/v1/datasets') calls.push(u.search);
    });
    await page.goto(`${p.url}/en/datasets/`);
    // Before any choice: every value, with the whole catalogue's counts; the static links give way to boxes.
    expect(await page.locator('[data-static-facets]').isVisible()).toBe(false);
    expect(await page.locator(box('frequency', 'irregular')).isVisible()).toBe(true);

    await page.check(box('frequency', 'irregular'));
    let key = 'frequency=irregular';
    expect(sorted(await shownFor(page, key))).toEqual(
      ['la-riots-deaths', 'seattle-weather', 'us-airports'].map((id) => `/en/datasets/${id}/`),
    );
    expect(await page.locator('[data-listing]').isVisible()).toBe(false);

    await page.check(box('license', GOV_WORK));
    key = `license=${GOV_WORK}&frequency=irregular`;
    const two = await shownFor(page, key);
    expect(sorted(two)).toEqual(['/en/datasets/seattle-weather/', '/en/datasets/us-airports/']);
    let api = await apiFor(key);
    expect(two).toEqual(api.ids.map((id) => `/en/datasets/${id}/`));
    // The counts are the API's for these filters: a theme now counts only the datasets left.
    expect(await panelCounts(page)).toEqual(api.counts);
    expect(api.counts.theme).toEqual({ environment: 1, transport: 1 });
    expect(await page.locator(box('theme', 'justice')).isVisible()).toBe(false);
    await expect(page.locator('fieldset[data-dim=theme] li[data-value=transport] .count').textContent()).resolves.toBe(
      '1',
    );

    await page.check(box('theme', 'transport'));
    key = `theme=transport&license=${GOV_WORK}&frequency=irregular`;
    expect(await shownFor(page, key)).toEqual(['/en/datasets/us-airports/']);
    api = await apiFor(key);
    expect(await panelCounts(page)).toEqual(api.counts);
    expect(new URL(page.url()).search).toBe(`?${key}`);
    expect(calls).toContain(`?${key}&limit=20`);
    await expect(page.locator('#search-results').textContent()).resolves.toContain('chosen filters: 1');
    expect(await page.locator('[data-chips] button.chip').allTextContents()).toEqual([
      'Theme: Transport ×',
      `Licence: ${await page.locator(`fieldset[data-dim=license] li[data-value="${GOV_WORK}"] [data-label]`).textContent()} ×`,
      'Update frequency: irregularly ×',
    ]);

    // The URL is the search: opened afresh, it ticks the same boxes and shows the same answer.
    const again = await context.newPage();
    await again.goto(page.url());
    expect(await shownFor(again, key)).toEqual(['/en/datasets/us-airports/']);
    expect(await again.isChecked(box('theme', 'transport'))).toBe(true);
    expect(await again.isChecked(box('license', GOV_WORK))).toBe(true);
    await again.close();

    // A chip removes its filter; Back brings it back; "clear all" returns to the full list.
    await page.getByRole('button', { name: 'Remove filter Theme: Transport' }).click();
    expect(sorted(await shownFor(page, `license=${GOV_WORK}&frequency=irregular`))).toHaveLength(2);
    expect(await page.isChecked(box('theme', 'transport'))).toBe(false);
    await page.goBack();
    expect(await shownFor(page, key)).toEqual(['/en/datasets/us-airports/']);
    expect(await page.isChecked(box('theme', 'transport'))).toBe(true);
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await page.waitForFunction(() => location.search === '');
    expect(await page.locator('[data-listing]').isVisible()).toBe(true);
    expect(await page.locator('#search-results').isVisible()).toBe(false);
    await page.close();
  });

  it('combines a query with filters, and says when the filters leave nothing', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/datasets/?q=${encodeURIComponent('区划')}&license=${GOV_WORK}`);
    const key = `q=${encodeURIComponent('区划')}&license=${GOV_WORK}`;
    expect(await shownFor(page, key)).toEqual([]);
    await expect(page.locator('#search-results').textContent()).resolves.toContain('符合所选条件');
    // The licence counts ignore the licence filter: the query's two datasets are under another licence.
    expect(await panelCounts(page)).toEqual((await apiFor(key)).counts);
    expect((await panelCounts(page)).license).toEqual({ 'LicenseRef-cn-division-codes': 2, [GOV_WORK]: 0 });
    await page.uncheck(box('license', GOV_WORK));
    expect(sorted(await shownFor(page, `q=${encodeURIComponent('区划')}`))).toEqual([
      '/datasets/cn-prefectures/',
      '/datasets/cn-provinces/',
    ]);
    await page.close();
  });

  it('without the API, filters and counts the same through Pagefind’s filters', async () => {
    const page = await context.newPage();
    await page.route('**/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${p.url}/datasets/`);
    const steps: [string, string, string][] = [
      ['frequency', 'irregular', 'frequency=irregular'],
      ['license', GOV_WORK, `license=${GOV_WORK}&frequency=irregular`],
      ['theme', 'transport', `theme=transport&license=${GOV_WORK}&frequency=irregular`],
    ];
    for (const [dim, value, key] of steps) {
      await page.check(box(dim, value));
      const site = await shownFor(page, key);
      const api = await apiFor(key);
      // Without a query both list the newest first.
      expect(site, `offline: ${key}`).toEqual(api.ids.map((id) => `/datasets/${id}/`));
      expect(await panelCounts(page), `offline counts: ${key}`).toEqual(api.counts);
    }
    // With a query, Pagefind's candidates still pass the API's matcher before they are counted.
    await page.fill('#q', '区划');
    let key = `q=${encodeURIComponent('区划')}&theme=transport&license=${GOV_WORK}&frequency=irregular`;
    expect(await shownFor(page, key)).toEqual([]);
    expect(await panelCounts(page)).toEqual((await apiFor(key)).counts);
    await page.getByRole('button', { name: '清除全部筛选' }).click();
    key = `q=${encodeURIComponent('区划')}`;
    expect(sorted(await shownFor(page, key))).toEqual(['/datasets/cn-prefectures/', '/datasets/cn-provinces/']);
    expect(await panelCounts(page)).toEqual((await apiFor(key)).counts);
    await page.close();
  });

  it('shows and sends only filter values the catalogue has: any other text in the URL is dropped', async () => {
    const page = await context.newPage();
    const calls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/v1/datasets') calls.push(u.search);
    });
    const img = '<img src=x onerror=alert(1)>';
    await page.goto(`${p.url}/datasets/?theme=${encodeURIComponent(img)}&theme=transport&publisher=nobody`);
    expect(await shownFor(page, 'theme=transport')).toEqual(['/datasets/us-airports/']);
    expect(await page.locator('[data-chips] button.chip').allTextContents()).toEqual(['主题：交通运输 ×']);
    expect(new URL(page.url()).search).toBe('?theme=transport');
    expect(calls.every((c) => !c.includes('img') && !c.includes('nobody'))).toBe(true);
    expect(await page.locator(`fieldset[data-dim=theme] li[data-value="${img}"]`).count()).toBe(0);

    // Nothing known at all: no chip, no filtered search, the full list, and a clean URL.
    await page.goto(`${p.url}/datasets/?theme=${encodeURIComponent(img)}`);
    await page.waitForFunction(() => location.search === '');
    expect(await page.locator('[data-chips]').isVisible()).toBe(false);
    expect(await page.locator('[data-listing]').isVisible()).toBe(true);
    await page.close();
  });

  it('without JavaScript, offers the one-value facet pages instead', async () => {
    const html = await (await fetch(`${p.url}/datasets/`)).text();
    const panel = html.slice(html.indexOf('data-facet-panel'));
    expect(panel).toMatch(/<div data-static-facets>[\s\S]*href="\/themes\/regions\/"/);
    expect(panel).toMatch(/<div data-filter-form hidden>/);
  });
});
