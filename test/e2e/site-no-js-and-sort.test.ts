import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';

/**
 * Review 2026-11, finding 7: with JavaScript off (or a module script the browser cannot run) a plain
 * form post shows its outcome (CSS :target, no script), a refused one says how to get the text back,
 * and the search box says why it did not search and where to browse. Finding 10: the search page's
 * sort select, kept in the URL (sort=) through Back and Forward, and applied by the API.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
let noJs: BrowserContext;
let js: BrowserContext;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['seattle-weather', 'cn-provinces', 'mauna-loa-co2'], buildSite: true });
  noJs = await chromium.launchPersistentContext(join(p.dataDir, 'chromium-no-js'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: false,
  });
  js = await launchChromium(join(p.dataDir, 'chromium-profile'));
}, 240_000);
/** Whether part of the element is inside the viewport (after a page load at a fragment). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
}
afterAll(async () => {
  await noJs?.close();
  await js?.close();
  await p?.cleanup();
});

describe('without JavaScript (review finding 7)', () => {
  it('a sent comment is confirmed by the form; a refused one says the Back button keeps the text', async () => {
    const page = await noJs.newPage();
    await page.goto(`${p.url}/en/datasets/seattle-weather/`);
    expect(await page.locator('#feedback .form-sent').isVisible()).toBe(false);
    await page.selectOption('#fb-rating', '4');
    await page.click('#fb-form button[type=submit]');
    await page.waitForURL((u) => u.searchParams.get('sent') === 'feedback');
    expect(new URL(page.url()).hash).toBe('#feedback-sent');
    const sent = page.locator('#feedback .form-sent');
    expect(await sent.isVisible()).toBe(true);
    expect(await sent.textContent()).toMatch(/Thank you/);
    // The thanks sits just before the form, which stays in view below it.
    expect(await page.locator('#fb-form button[type=submit]').isVisible()).toBe(true);
    expect(await inViewport(page, '#fb-form')).toBe(true);

    // A phone number in a comment: refused, explained, and the text is back with the Back button.
    const text = 'Please call me on 13812345678 about the rain data.';
    await page.goto(`${p.url}/en/datasets/seattle-weather/`);
    await page.check('#fb-form input[value=comment]');
    await page.fill('#fb-text', text);
    await page.click('#fb-form button[type=submit]');
    await page.waitForURL((u) => u.searchParams.has('error'));
    expect(await page.locator('#feedback-error').isVisible()).toBe(true);
    expect(await page.locator('#feedback-error').textContent()).toMatch(/Back button/);
    expect(await page.locator('#feedback .form-sent').isVisible()).toBe(false);
    await page.goBack();
    expect(await page.inputValue('#fb-text')).toBe(text);
    await page.close();
  });

  it('a sent data request is confirmed by the form', async () => {
    const page = await noJs.newPage();
    await page.goto(`${p.url}/requests/`);
    expect(await page.locator('#new-request .form-sent').isVisible()).toBe(false);
    await page.fill('#req-title', '公交到站时刻');
    await page.fill('#req-desc', '全市公交站点的实时到站数据，每周更新。');
    await page.click('#req-form button[type=submit]');
    await page.waitForURL((u) => u.searchParams.get('sent') === 'request');
    expect(new URL(page.url()).hash).toBe('#new-request-sent');
    const sent = page.locator('#new-request .form-sent');
    expect(await sent.isVisible()).toBe(true);
    expect(await sent.textContent()).toBe('谢谢，已收到。');
    expect(await inViewport(page, '#req-form')).toBe(true);
    await page.close();
  });

  it('a vote is confirmed by its request only; a plain link to a form or a request shows no thanks', async () => {
    // A request to vote for on the page: the site is rebuilt with it (as the community refresh does).
    const created = await fetch(`${p.url}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '共享单车停放点', description: '全市共享单车停放点的位置和容量，每月更新。' }),
    });
    expect(created.status).toBe(201);
    await p.republish();
    const page = await noJs.newPage();
    // Links anyone may share: the form's section, the list's request. No post was made.
    await page.goto(`${p.url}/en/datasets/seattle-weather/#feedback`);
    expect(await page.locator('#fb-form').isVisible()).toBe(true);
    expect(await page.locator('.form-sent:visible').count()).toBe(0);
    await page.goto(`${p.url}/requests/#new-request`);
    expect(await page.locator('.form-sent:visible').count()).toBe(0);
    const vote = page.locator('ol.requests > li:has(form)').first();
    const id = await vote.getAttribute('id');
    await page.goto(`${p.url}/requests/#${id}`);
    expect(await page.locator('.form-sent:visible').count()).toBe(0);

    await page.locator(`#${id} form button[type=submit]`).click();
    await page.waitForURL((u) => u.searchParams.get('sent') === 'vote');
    expect(new URL(page.url()).hash).toBe(`#${id}-sent`);
    const shown = page.locator('.form-sent:visible');
    expect(await shown.count()).toBe(1);
    expect(await shown.getAttribute('id')).toBe(`${id}-sent`);
    await page.close();
  });

  it('the search box lands on the list of all datasets, which says why and where to browse', async () => {
    const page = await noJs.newPage();
    await page.goto(`${p.url}/`);
    await page.fill('#q', '天气');
    await page.press('#q', 'Enter');
    await page.waitForURL((u) => u.pathname === '/datasets/' && u.searchParams.get('q') === '天气');
    const note = page.locator('.no-js-search');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).not.toMatch(/下方/);
    const links = await note
      .locator('a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual(expect.arrayContaining(['/themes/', '/publishers/', '/datasets/']));
    // On a wide screen the facet links are in view, not folded in the closed "Filter" panel.
    expect(await page.locator('[data-static-facets] a').first().isVisible()).toBe(true);
    await page.close();
  });
});

describe('the sort select (review finding 10)', () => {
  /** The titles of the shown results, once the answer for this URL's search is in. */
  async function titles(page: Page): Promise<string[]> {
    await page.waitForFunction(() => {
      const body = document.querySelector<HTMLElement>('[data-search-body]');
      const u = new URL(location.href);
      const key = new URLSearchParams([...u.searchParams].filter(([k]) => k !== 'lang')).toString();
      return body?.dataset.state === 'done' && body.dataset.search === key;
    });
    return page.locator('#search-results .cards h3').allTextContents();
  }

  it('orders by title or by update, in the URL, through Back and Forward', async () => {
    const page = await js.newPage();
    const sorts: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/v1/datasets') sorts.push(u.searchParams.get('sort') ?? '');
    });
    await page.goto(`${p.url}/en/datasets/`);
    expect(await page.locator('label[for=sort]').textContent()).toBe('Sort by');
    await page.selectOption('#sort', 'title');
    await page.waitForURL((u) => u.searchParams.get('sort') === 'title');
    const byTitle = await titles(page);
    expect(byTitle.length).toBe(3);
    expect(byTitle).toEqual([...byTitle].sort(new Intl.Collator('en').compare));
    expect(sorts).toContain('title');

    await page.selectOption('#sort', 'updated');
    await page.waitForURL((u) => u.searchParams.get('sort') === 'updated');
    const byUpdate = await titles(page);
    expect(byUpdate).not.toEqual(byTitle);

    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'title');
    expect(await page.inputValue('#sort')).toBe('title');
    expect(await titles(page)).toEqual(byTitle);
    await page.goForward();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'updated');
    expect(await page.inputValue('#sort')).toBe('updated');
    expect(await titles(page)).toEqual(byUpdate);

    // A shared link with a query and an order.
    await page.goto(`${p.url}/en/datasets/?q=data&sort=title`);
    expect(await page.inputValue('#sort')).toBe('title');
    const q = await titles(page);
    expect(q).toEqual([...q].sort(new Intl.Collator('en').compare));
    await page.close();
  });
});
