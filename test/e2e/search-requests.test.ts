import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';
import { awaitFreshMinute } from '../support/rate-window.ts';

/**
 * What the site's search costs a visitor's anonymous rate limit, in real Chromium on the local platform
 * with the production limits (review 2026-11, findings 1, 2, 9 and 11): one API request per pause in
 * typing, none while a pinyin input method composes, none for a question already answered; searching
 * leaves the downloads their budget; the API page says what the limits are and who issues keys; and
 * the language switch keeps the search and the section.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
let context: BrowserContext;
beforeAll(async () => {
  // Limits of a real deployment's size (test/support/platform.ts lifts them for other suites), not the
  // defaults (60 and 300): the API page must state the ones the platform was started with.
  p = await startTestPlatform({
    only: ['seattle-weather', 'cn-provinces'],
    buildSite: true,
    anonymousPerMinute: 120,
    anonymousCatalogPerMinute: 400,
  });
  context = await launchChromium(join(p.dataDir, 'chromium-profile'));
}, 240_000);
afterAll(async () => {
  await context?.close();
  await p?.cleanup();
});

/** The `q` of every catalogue search the page sends to the API. */
function searchRequests(page: Page): string[] {
  const qs: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/v1/datasets') qs.push(u.searchParams.get('q') ?? '');
  });
  return qs;
}

/** The X-RateLimit-Limit of every answer to a catalogue search: which budget metered it. */
function searchBudgets(page: Page): string[] {
  const limits: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/v1/datasets') limits.push(r.headers()['x-ratelimit-limit'] ?? '');
  });
  return limits;
}

/** Waits until the answer for `q` is shown. */
async function shown(page: Page, q: string): Promise<void> {
  await page.waitForFunction(
    (q) => {
      const body = document.querySelector<HTMLElement>('[data-search-body]');
      return body?.dataset.q === q && body.dataset.state === 'done';
    },
    q,
    { timeout: 15_000 },
  );
}

/** Types `q` into the emptied box key by key, `delay` ms apart, as a person does, and waits for its answer. */
async function typeSearch(page: Page, q: string, delay: number): Promise<void> {
  await page.locator('#q').fill('');
  await page.locator('#q').pressSequentially(q, { delay });
  await shown(page, q);
}

describe('the search box and the anonymous rate limit', () => {
  it('asks the API once per pause in typing, not per key, and never twice for one question', async () => {
    const page = await context.newPage();
    const asked = searchRequests(page);
    const budgets = searchBudgets(page);
    await page.goto(`${p.url}/en/datasets/`);
    // Typing at 180 ms a key (the review typed at 220 ms: one request per key, 70 for four searches).
    const searches = ['administrative divisions', 'province codes', 'seattle weather', 'county codes china'];
    for (const q of searches) await typeSearch(page, q, 180);
    // The same questions again (Back to an earlier query, or typed again): answered from memory.
    await typeSearch(page, 'province codes', 180);
    await typeSearch(page, 'seattle weather', 180);
    // Each question was asked once. A busy machine can stall key events past the 350 ms pause, which
    // the page rightly takes for a pause (a prefix asked once more): a few such, never one per key (~90).
    for (const q of searches)
      expect(
        asked.filter((a) => a === q),
        q,
      ).toHaveLength(1);
    expect(asked.length).toBeLessThanOrEqual(searches.length + 4);
    for (const a of asked)
      expect(
        searches.some((q) => q.startsWith(a)),
        a,
      ).toBe(true);
    await expect(page.locator('#search-results a[href="/en/datasets/seattle-weather/"]').count()).resolves.toBe(1);

    // The searches took nothing from the data budget: each was metered by the catalogue budget, and a
    // download right after them works, metered by the data budget. Typing takes ~20 s (longer on a busy
    // machine), so only the download and the read after it must share a rate window.
    expect(budgets.length).toBeGreaterThanOrEqual(searches.length);
    expect(new Set(budgets)).toEqual(new Set(['400']));
    await awaitFreshMinute(10);
    await page.goto(`${p.url}/en/datasets/seattle-weather/`);
    const link = page.locator('a[href$="/versions/1/data.csv"]').first();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(await download.failure()).toBeNull();
    expect(download.suggestedFilename()).toBe('seattle-weather-v1-data.csv');
    const r = await fetch(`${p.url}/v1/datasets/seattle-weather/versions/1/datapackage.json`, { redirect: 'manual' });
    // The download was the first request of this minute on the data budget (this one is the second).
    expect(r.headers.get('x-ratelimit-limit')).toBe('120');
    expect(Number(r.headers.get('x-ratelimit-remaining'))).toBe(118);
    await page.close();
  }, 120_000);

  it('does not search while a pinyin input method composes, and searches what was chosen', async () => {
    const page = await context.newPage();
    const asked = searchRequests(page);
    await page.goto(`${p.url}/`);
    await page.focus('#q');
    const cdp = await context.newCDPSession(page);
    const shownWhileComposing: string[] = [];
    // What a pinyin IME does: each key updates the composition (the box shows the Latin letters), longer
    // apart than the search's pause, and choosing the characters commits them.
    for (const s of ['x', 'xi', 'xiy', 'xiya', 'xiyat', 'xiyatu']) {
      await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
      await page.waitForTimeout(450);
      shownWhileComposing.push(
        await page.evaluate(() => document.querySelector<HTMLElement>('[data-search-body]')?.dataset.q ?? ''),
      );
    }
    expect(await page.inputValue('#q')).toBe('xiyatu');
    expect(asked).toEqual([]);
    expect(shownWhileComposing.every((q) => q === '')).toBe(true);
    await cdp.send('Input.insertText', { text: '西雅图' });
    await shown(page, '西雅图');
    expect(asked).toEqual(['西雅图']);
    await expect(page.locator('#search-results a[href="/datasets/seattle-weather/"]').count()).resolves.toBe(1);
    await cdp.detach();
    await page.close();
  });
});

describe('the language switch', () => {
  it('keeps the search, the filters and the section the visitor is at', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/datasets/?q=${encodeURIComponent('天气')}&theme=environment`);
    await shown(page, '天气');
    await page.click('[data-lang-switch]');
    await page.waitForURL((u) => u.pathname === '/en/datasets/');
    const en = new URL(page.url());
    expect(en.searchParams.get('q')).toBe('天气');
    expect(en.searchParams.getAll('theme')).toEqual(['environment']);
    await shown(page, '天气');
    await page.locator('#search-results a[href="/en/datasets/seattle-weather/"]').waitFor({ timeout: 15_000 });
    expect(await page.inputValue('#q')).toBe('天气');

    // A search typed on the page (the address rewritten as the visitor types) goes along too.
    await typeSearch(page, 'provinces', 60);
    await page.click('[data-lang-switch]');
    await page.waitForURL((u) => u.pathname === '/datasets/');
    expect(new URL(page.url()).searchParams.get('q')).toBe('provinces');
    await shown(page, 'provinces');

    // The section of a page, and not a form's outcome (which the other page did not send).
    await page.goto(`${p.url}/datasets/seattle-weather/?sent=feedback#downloads-h`);
    await page.click('[data-lang-switch]');
    await page.waitForURL((u) => u.pathname === '/en/datasets/seattle-weather/');
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toBe('#downloads-h');
    await page.close();
  });
});

describe('the API page', () => {
  it.each([
    ['/api/', ['每分钟可以发出 400 次目录请求', '120 次其他请求', '由本平台的管理员签发', 'X-RateLimit-Limit']],
    [
      '/en/api/',
      ['400 catalogue requests a minute', '120 other requests a minute', 'issued by the platform’s administrators'],
    ],
  ])('%s states the anonymous limits the API applies, what a key gives and who issues keys', async (path, texts) => {
    // The figures in force: the catalogue budget's, on a catalogue read.
    const read = await fetch(`${p.url}/v1/datasets`);
    expect(read.headers.get('x-ratelimit-limit')).toBe('400');
    const page = await context.newPage();
    await page.goto(`${p.url}${path}`);
    const section = page.locator('section[aria-labelledby="limits-h"]');
    const text = (await section.textContent()) ?? '';
    for (const t of texts) expect(text, t).toContain(t);
    expect(text).toContain('X-API-Key');
    await page.close();
  });
});
