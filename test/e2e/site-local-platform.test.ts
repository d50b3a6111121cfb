import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api } from '../support/release-fixtures.ts';

/**
 * The catalogue site as the local platform serves it (real server, real API, real Chromium): the
 * site stays up while it is rebuilt, unknown addresses get the localized 404 page, and the forms work
 * at whatever address the page was opened from, answering next to their button in the page's language.
 */
describe('the site on the local platform', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  let context: BrowserContext;
  /** The same server under the address it listens on (p.url says localhost): another origin for the browser. */
  let ip: string;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['cn-provinces'], buildSite: true });
    ip = p.url.replace('//localhost:', '//127.0.0.1:');
    context = await launchChromium(join(p.dataDir, 'chromium-profile'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await p?.cleanup();
  });

  async function open(url: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    return page;
  }

  describe('404', () => {
    it('answers an unknown site address with the localized 404 page (status 404): navigation, search, all datasets', async () => {
      for (const [path, lang, title, all] of [
        ['/datasets/nope/', 'zh-CN', '找不到这个页面', '/datasets/'],
        ['/en/datasets/CN-Provinces/', 'en', 'Page not found', '/en/datasets/'],
      ] as const) {
        const page = await context.newPage();
        const res = await page.goto(`${p.url}${path}`);
        expect(res?.status(), path).toBe(404);
        expect(res?.headers()['content-type']).toMatch(/^text\/html/);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('h1').textContent()).toBe(title);
        expect(await page.locator('nav.main a').count()).toBeGreaterThan(5);
        expect(await page.locator('form[role=search] input[type=search]').count()).toBe(1);
        expect(await page.locator(`main a[href="${all}"]`).count()).toBe(1);
        // Not a page of its own: no canonical address, not indexed.
        expect(await page.locator('link[rel=canonical]').count()).toBe(0);
        expect(await page.locator('meta[name=robots]').getAttribute('content')).toBe('noindex');
        await page.close();
      }
      // A mistyped dataset address opens on a search for its words, which finds the dataset meant.
      const typo = await context.newPage();
      expect((await typo.goto(`${p.url}/en/datasets/CN-Provinces/`))?.status()).toBe(404);
      expect(await typo.locator('form[role=search] input[type=search]').inputValue()).toBe('CN Provinces');
      await typo.locator('#search-results a[href="/en/datasets/cn-provinces/"]').waitFor({ timeout: 15_000 });
      await typo.close();
      const head = await fetch(`${p.url}/en/nope/`, { method: 'HEAD' });
      expect(head.status).toBe(404);
    });

    it('keeps API 404s as problem+json', async () => {
      const r = await fetch(`${p.url}/v1/no-such-route`);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const d = await fetch(`${p.url}/v1/datasets/no-such-dataset`);
      expect(d.status).toBe(404);
      expect(d.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('answers 404, not a broken 200, when a path cannot be read as a file', async () => {
      // A folder where a page would be: found by stat, not readable as a file. The status line used to
      // be written first, so the error then tried to write a second one ("Cannot write headers after
      // they are sent") and the connection was cut.
      await mkdir(join(p.dataDir, 'site', 'odd', 'index.html'), { recursive: true });
      try {
        const r = await fetch(`${p.url}/odd/`);
        expect(r.status).toBe(404);
        expect(await r.text()).toContain('找不到这个页面');
        expect(p.logs.filter((l) => l.includes('request failed'))).toEqual([]);
      } finally {
        await rm(join(p.dataDir, 'site', 'odd'), { recursive: true, force: true });
      }
    });
  });

  it('serves the old site until the new one is complete while it rebuilds (no 404 window)', async () => {
    // A data request changes the snapshot, so republishing rebuilds the site (as the platform does
    // after a publication or its one-minute community refresh).
    const created = await api(p.url, 'POST', '/v1/requests', {
      body: {
        title: 'Bus stop timetables',
        description: 'Every bus stop timetable of the city, as GTFS, updated weekly.',
      },
    });
    expect(created.status).toBe(201);
    const builds = () => p.logs.filter((l) => l.startsWith('Site built')).length;
    const before = builds();
    const seen: string[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        for (const path of ['/', '/en/datasets/cn-provinces/', '/pagefind/pagefind.js']) {
          const r = await fetch(`${p.url}${path}`);
          await r.arrayBuffer();
          if (r.status !== 200) seen.push(`${r.status} ${path}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      await p.republish();
    } finally {
      polling = false;
      await poll;
    }
    expect(builds()).toBe(before + 1);
    expect(seen).toEqual([]);
    // The new site is in place, and nothing of the swap is left beside it.
    const page = await open(`${p.url}/en/requests/`);
    expect(await page.locator('li.version h3').allTextContents()).toContain('Bus stop timetables');
    await page.close();
    expect((await readdir(p.dataDir)).filter((n) => n.startsWith('.site'))).toEqual([]);
  }, 120_000);

  it('names each vote button with its request', async () => {
    const page = await open(`${p.url}/en/requests/`);
    await expect
      .poll(() => page.getByRole('button', { name: /^Vote \(0\)\s*for “Bus stop timetables”$/ }).count())
      .toBe(1);
    await page.close();
    const zh = await open(`${p.url}/requests/`);
    // Chromium reads the hidden part as a block of its own, with a space: "为“…” 投票 (0)".
    expect(await zh.getByRole('button', { name: /^为“Bus stop timetables”\s*投票 \(0\)$/ }).count()).toBe(1);
    await zh.close();
  });

  it('sends a data request from a page opened at 127.0.0.1, and shows the thanks by the button with focus on it', async () => {
    const page = await open(`${ip}/en/requests/`);
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await page.fill('#req-title', 'Cycle lane map');
    await page.fill('#req-desc', 'All cycle lanes of the city as GeoJSON, updated monthly.');
    await page.click('#req-form button[type=submit]');
    const status = page.locator('#req-status');
    await status.filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    expect(await status.textContent()).toBe(await status.getAttribute('data-sent-message'));
    expect(blocked).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('req-status');
    expect(await inViewport(page, '#req-status')).toBe(true);
    const listed = await api(p.url, 'GET', '/v1/requests');
    expect((listed.body.requests as Array<{ title: string }>).map((r) => r.title)).toContain('Cycle lane map');
    await page.close();
  });

  it('refuses personal data in a request in Chinese, with what to do, next to the field (M6)', async () => {
    const page = await open(`${ip}/requests/`);
    await page.fill('#req-title', '公交实时到站数据');
    await page.fill('#req-desc', '请发布公交到站数据，联系我 13812345678');
    await page.click('#req-form button[type=submit]');
    await page.locator('#req-desc[aria-invalid=true]').waitFor({ timeout: 10_000 });
    // The field's length rule (always there), then what is wrong.
    expect(await describedBy(page, '#req-desc')).toBe(
      '至少 5 个汉字或 10 个字母。 内容中似乎包含手机号码。需求提交后会公开显示，请删除个人信息后再提交。',
    );
    expect(await page.locator('#req-title').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#req-status').textContent()).toBe(
      '提交未成功：内容中似乎包含个人信息，请删除后再提交。',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('req-desc');
    expect(await inViewport(page, '#req-status')).toBe(true);
    await page.close();
  });

  it('refuses personal data in feedback on an English page with the kinds found and the hint', async () => {
    const page = await open(`${ip}/en/datasets/cn-provinces/`);
    await page.check('#fb-form input[value=comment]');
    await page.fill('#fb-text', 'Please write to me at someone@example.com or 13812345678 about this.');
    await page.click('#fb-form button[type=submit]');
    await page.locator('#fb-text[aria-invalid=true]').waitFor({ timeout: 10_000 });
    const note = await describedBy(page, '#fb-text');
    expect(note).toMatch(/^This seems to contain a mobile number and an e-mail address\. /);
    expect(note).toContain('Privacy concern');
    expect(await page.locator('#fb-status').textContent()).toMatch(/personal data/);
    expect(await inViewport(page, '#fb-status')).toBe(true);
    await page.close();
  });

  it('says a request the browser blocked was blocked, not that the server could not be reached', async () => {
    const page = await open(`${ip}/en/datasets/cn-provinces/`);
    // Another origin than the page's: the site's CSP (connect-src 'self') blocks it in the browser.
    await page.evaluate((other) => {
      const form = document.getElementById('fb-form') as HTMLFormElement;
      form.action = `${other}${new URL(form.action).pathname}`;
    }, p.url);
    await page.selectOption('#fb-rating', '4');
    await page.click('#fb-form button[type=submit]');
    const status = page.locator('#fb-status');
    await status.filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    const text = (await status.textContent()) ?? '';
    expect(text).toMatch(/security policy blocked it/);
    expect(text).not.toMatch(/could not be reached/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fb-status');
    await page.close();
  });

  it('reads badges apart from the text before them, and the language switch in each part’s language', async () => {
    const page = await open(`${p.url}/en/datasets/cn-provinces/`);
    expect(await page.getByRole('heading', { name: /^Version 1\s*,\s*Latest version$/ }).count()).toBe(1);
    const sw = page.locator('a[data-lang-switch]');
    expect(await sw.getAttribute('aria-label')).toBeNull();
    expect(await sw.getAttribute('lang')).toBeNull();
    expect(await sw.locator('span[lang="zh-CN"]').textContent()).toBe('中文');
    expect(await page.getByRole('link', { name: /^中文\s*\(switch to Chinese\)$/ }).count()).toBe(1);
    await page.close();
    const zh = await open(`${p.url}/datasets/cn-provinces/`);
    expect(await zh.getByRole('heading', { name: /^版本 1\s*，\s*最新版本$/ }).count()).toBe(1);
    expect(await zh.locator('a[data-lang-switch] span[lang="en"]').textContent()).toBe('English');
    await zh.close();
  });

  it('has its API reference in Chinese at /api/: headings, groups and summaries; the English left is marked lang="en"', async () => {
    const zh = await open(`${p.url}/api/`);
    expect(await zh.locator('html').getAttribute('lang')).toBe('zh-CN');
    const headings = await zh.locator('main h1, main h2').allTextContents();
    expect(headings.length).toBeGreaterThan(10);
    for (const h of headings) expect(h, 'a Chinese heading').toMatch(/[\u4e00-\u9fff]/);
    expect(headings).toEqual(expect.arrayContaining(['API 参考', '快速上手', '接口一览', '目录', '查询', '下载']));
    await expect(zh.locator('h3:has(code:text-is("GET /v1/datasets")) + p').textContent()).resolves.toBe(
      '搜索和筛选数据集，附分面计数',
    );
    expect(await zh.getByRole('heading', { level: 4, name: '响应' }).count()).toBeGreaterThan(40);
    // Every English phrase (four words or more, no Chinese) sits in an element marked lang="en".
    const unmarked = await zh.locator('main').evaluate((main) => {
      const out: string[] = [];
      const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const text = n.textContent ?? '';
        if (/[\u4e00-\u9fff]/.test(text) || !/[A-Za-z]{2,}(?:\W+[A-Za-z]{2,}){3}/.test(text)) continue;
        if (n.parentElement?.closest('[lang]')?.getAttribute('lang') !== 'en') out.push(text.trim());
      }
      return out;
    });
    expect(unmarked).toEqual([]);
    await zh.close();
    // The English page is English throughout, with the same groups.
    const en = await open(`${p.url}/en/api/`);
    expect(await en.locator('html').getAttribute('lang')).toBe('en');
    const enHeadings = await en.locator('main h1, main h2').allTextContents();
    for (const h of enHeadings) expect(h).not.toMatch(/[\u4e00-\u9fff]/);
    expect(enHeadings).toEqual(expect.arrayContaining(['API reference', 'Quick start', 'Operations', 'Catalogue']));
    expect(await en.locator('main [lang="en"]:not(code, pre, a)').count()).toBe(0);
    await en.close();
  });

  it('counts in English with plural rules ("1 dataset")', async () => {
    const page = await open(`${p.url}/en/publishers/`);
    const counts = await page.locator('.card p.muted').allTextContents();
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.join(' ')).not.toMatch(/\b1 datasets\b/);
    expect(counts).toContain('1 dataset');
    await page.close();
  });
});

/** The texts of the elements a control's aria-describedby names. */
const describedBy = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

/** Whether the element is inside the window (a sighted keyboard user sees it), give or take a subpixel. */
const inViewport = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight + 1;
  });
