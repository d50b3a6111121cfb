import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../site/build.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../support/chromium.ts';
import { serveStatic } from './static-server.ts';

/**
 * The site on a phone (360 × 740) and on a wide screen (1280 × 800), in real Chromium: the search
 * page's filters are a closed <details> on the phone (the results come first), open on the wide screen,
 * usable by keyboard and told to screen readers, and closed without JavaScript too; no page scrolls
 * sideways; the wide tables stay readable. The fixture catalogue, built statically with the platform's
 * own OpenAPI document; no API, so searches go to the offline index (Pagefind).
 */
const FIXTURE = join(import.meta.dirname, '../fixtures/catalog-snapshot.json');
const PHONE = { width: 360, height: 740 };
const WIDE = { width: 1280, height: 800 };

let site: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let phone: BrowserContext;
let wide: BrowserContext;
let phoneNoJs: BrowserContext;

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'site-phone-'));
  await buildSite({ snapshotPath: FIXTURE, outDir: join(work, 'out') });
  site = await serveStatic(join(work, 'out'));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS] });
  phone = await browser.newContext({ viewport: PHONE });
  wide = await browser.newContext({ viewport: WIDE });
  phoneNoJs = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(site.url + path, { waitUntil: 'load' });
  expect(res?.status(), path).toBe(200);
  return page;
}

/** Waits until the search shows its answer for these URL parameters (paramsOf order). */
async function answered(page: Page, key: string): Promise<void> {
  await page.waitForFunction(
    (key) => {
      const body = document.querySelector<HTMLElement>('[data-search-body]');
      return body?.dataset.search === key && body.dataset.state === 'done';
    },
    key,
    { timeout: 15_000 },
  );
}

/** The top of an element in the page, in CSS pixels from the top of the document. */
const top = (page: Page, selector: string) =>
  page.$eval(selector, (e) => e.getBoundingClientRect().top + window.scrollY);

/** The filter summary as the accessibility tree has it (what a screen reader says): name and expanded. */
async function summaryNode(page: Page): Promise<{ name: string; expanded: boolean }> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: {
      role?: { value: string };
      name?: { value: string };
      properties?: { name: string; value: { value: unknown } }[];
    }[];
  };
  await cdp.detach();
  const node = nodes.find((n) => n.role?.value === 'DisclosureTriangle');
  expect(node, 'the filter summary is a disclosure control').toBeDefined();
  return {
    name: node?.name?.value ?? '',
    expanded: node?.properties?.find((p) => p.name === 'expanded')?.value.value === true,
  };
}

describe('the search page on a phone', () => {
  it.each([
    ['/datasets/?theme=health', 'theme=health', '已选 1 项', '主题：卫生健康 ×'],
    ['/en/datasets/?theme=health', 'theme=health', '1 chosen', 'Theme: Health ×'],
  ])(
    'shows the first result in the first screen, the filters closed but counted, the chips in view: %s',
    async (path, key, count, chip) => {
      const page = await open(phone, path);
      await answered(page, key);
      expect(await page.$eval('details[data-filter-toggle]', (d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await page.locator('fieldset[data-dim=theme]').isVisible()).toBe(false);
      await expect(page.locator('[data-filter-count]').textContent()).resolves.toBe(count);
      expect(await page.locator('[data-chips] button.chip').allTextContents()).toEqual([chip]);
      expect(await page.locator('[data-chips]').isVisible()).toBe(true);
      // The chips, then the results, all in the first screen.
      const firstResult = await top(page, '#search-results li.card');
      expect(await top(page, '[data-chips]')).toBeLessThan(firstResult);
      expect(firstResult).toBeLessThan(PHONE.height);
      const summary = await summaryNode(page);
      expect(summary).toEqual({ name: expect.stringContaining(count), expanded: false });
      await page.close();
    },
  );

  it('shows the first dataset of the list in the first screen before any filter is chosen', async () => {
    const page = await open(phone, '/datasets/');
    await page.waitForSelector('[data-filter-toggle][data-ready]');
    expect(await page.locator('[data-filter-count]').isVisible()).toBe(false);
    expect(await top(page, '[data-listing] li.card')).toBeLessThan(PHONE.height);
    await page.close();
  });

  it('opens, filters and closes by keyboard alone, and tells screen readers the state', async () => {
    const page = await open(phone, '/datasets/');
    await page.waitForSelector('[data-filter-toggle][data-ready]');
    // From the search button, Tab reaches the summary; Enter opens it.
    await page.focus('form[data-search] button[type=submit]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    expect(await page.locator('fieldset[data-dim=theme]').isVisible()).toBe(true);
    expect((await summaryNode(page)).expanded).toBe(true);
    // Tab to the first checkbox, Space ticks it: the search runs, the summary counts it.
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const box = document.activeElement as HTMLInputElement;
      return { type: box.type, name: box.name, value: box.value };
    });
    expect(first).toMatchObject({ type: 'checkbox', name: 'theme' });
    await page.keyboard.press('Space');
    await answered(page, `theme=${first.value}`);
    await expect(page.locator('[data-filter-count]').textContent()).resolves.toBe('已选 1 项');
    expect((await summaryNode(page)).name).toContain('已选 1 项');
    // "Show results" (the last control of the open panel) closes it and puts the summary, the chips and
    // the results on screen, focus on the summary.
    await page.focus('[data-filter-done]');
    await page.keyboard.press('Enter');
    expect(await page.$eval('details[data-filter-toggle]', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    expect((await summaryNode(page)).expanded).toBe(false);
    const shown = await page.evaluate(() => {
      const r = document.querySelector('#search-results li.card')?.getBoundingClientRect();
      return r ? { top: r.top, bottom: r.bottom } : null;
    });
    expect(shown?.top).toBeGreaterThanOrEqual(0);
    expect(shown?.top).toBeLessThan(PHONE.height);
    // The last chip removed by keyboard: focus returns to the summary, which no longer counts.
    await page.locator('[data-chips] button.chip').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.search === '');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    expect(await page.locator('[data-filter-count]').isVisible()).toBe(false);
    await page.close();
  });

  it('without JavaScript, the panel is closed too and opens to the one-value facet pages', async () => {
    const page = await open(phoneNoJs, '/datasets/');
    expect(await top(page, '[data-listing] li.card')).toBeLessThan(PHONE.height);
    expect(await page.locator('[data-static-facets] a[href="/themes/health/"]').isVisible()).toBe(false);
    await page.focus('summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-static-facets] a[href="/themes/health/"]').isVisible()).toBe(true);
    await page.close();
  });
});

describe('the search page on a wide screen', () => {
  it.each([
    ['/datasets/?theme=health', '已选 1 项'],
    ['/en/datasets/?theme=health', '1 chosen'],
  ])('has the filters open beside the count and the chips: %s', async (path, count) => {
    const page = await open(wide, path);
    await answered(page, 'theme=health');
    expect(await page.$eval('details[data-filter-toggle]', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.locator('fieldset[data-dim=theme] input[value=health]').isChecked()).toBe(true);
    expect(await page.locator('[data-filter-done]').isVisible()).toBe(false);
    await expect(page.locator('[data-filter-count]').textContent()).resolves.toBe(count);
    expect(await summaryNode(page)).toEqual({ name: expect.stringContaining(count), expanded: true });
    // Narrowed to a phone's width (a window resized, a tablet turned), it closes; widened, it opens again.
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => !document.querySelector<HTMLDetailsElement>('[data-filter-toggle]')?.open);
    await page.setViewportSize(WIDE);
    await page.waitForFunction(() => document.querySelector<HTMLDetailsElement>('[data-filter-toggle]')?.open);
    await page.close();
  });
});

describe('every page on a phone', () => {
  const pages = [
    '/',
    '/en/',
    `/datasets/?q=${encodeURIComponent('空气')}&theme=health`,
    '/en/datasets/?q=air&theme=environment',
    '/datasets/admin-divisions/',
    '/datasets/admin-divisions/#v1',
    '/en/datasets/beijing-air-quality/',
    '/en/datasets/clinic-visits/',
    '/publishers/',
    '/en/themes/',
    '/licences/',
    '/en/about/',
    '/api/',
    '/en/api/',
  ];
  it.each(pages)('scrolls only up and down, every control at least 24 px: %s', async (path) => {
    const page = await open(phone, path);
    await page.waitForLoadState('networkidle');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    // Buttons, fields and the summary (links in running text are exempt, WCAG 2.5.8).
    const small = await page.$$eval('main button, main summary, main select, main input:not([type=hidden])', (els) =>
      els.flatMap((e) => {
        const target = e.closest('label') ?? e;
        const r = target.getBoundingClientRect();
        const shown = r.width > 0 && !e.closest('.visually-hidden, [aria-hidden=true]');
        return shown && (r.width < 24 || r.height < 24) ? [`${e.outerHTML.slice(0, 60)} ${r.width}×${r.height}`] : [];
      }),
    );
    expect(small).toEqual([]);
    await page.close();
  });

  it('lists a version’s files in rows a few lines tall, each size on one line', async () => {
    const page = await open(phone, '/en/datasets/admin-divisions/');
    const rows = await page.$$eval('#v1 tbody tr', (trs) =>
      trs.map((tr) => {
        const size = document.createRange();
        size.selectNodeContents(tr.querySelector('td.num') as HTMLElement);
        // The lines of the size's text: one rectangle each.
        return { height: tr.getBoundingClientRect().height, sizeLines: size.getClientRects().length };
      }),
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      // At most two lines of the hash (32 digits each) or of a file's name, and the cell padding; squeezed,
      // the hash was a column one digit wide, 64 lines tall.
      expect(r).toEqual({ height: expect.any(Number), sizeLines: 1 });
      expect(r.height).toBeLessThan(90);
    }
    await page.close();
  });

  it('has no axe violations on the API reference at 375 px: regions named apart, code blocks reachable by keyboard', async () => {
    const narrow = await browser.newContext({ viewport: { width: 375, height: 812 } });
    try {
      for (const path of ['/api/', '/en/api/']) {
        const page = await open(narrow, path);
        const summary = (r: { violations: { id: string; nodes: { target: unknown[] }[] }[] }) =>
          r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        const wcag = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        expect(summary(wcag), path).toEqual([]);
        // Two rules outside those tags, or that only fail at this width, named so that they surely run.
        const result = await new AxeBuilder({ page })
          .withRules(['landmark-unique', 'scrollable-region-focusable'])
          .analyze();
        expect(summary(result), path).toEqual([]);
        // The rules ran on something: parameter regions, and quick-start code that scrolls sideways.
        const ran = new Set([...result.passes, ...result.violations].map((r) => r.id));
        expect([...ran].sort(), path).toEqual(['landmark-unique', 'scrollable-region-focusable']);
        expect(await page.locator('.table-wrap[role=region]').count(), path).toBeGreaterThan(5);
        const scrolling = await page.$$eval('pre', (ps) => ps.filter((p) => p.scrollWidth > p.clientWidth).length);
        expect(scrolling, path).toBeGreaterThan(0);
        // A focused code block shows it (the site's focus outline).
        await page.locator('pre').first().focus();
        expect(await page.$eval('pre', (p) => getComputedStyle(p).outlineStyle), path).toBe('solid');
        await page.close();
      }
    } finally {
      await narrow.close();
    }
  });

  it('puts an API parameter’s description beside its name, readable without scrolling sideways', async () => {
    for (const path of ['/api/', '/en/api/']) {
      const page = await open(phone, path);
      const cells = await page.$$eval('.table-wrap td.param-desc', (tds) =>
        tds.map((td) => {
          const r = td.getBoundingClientRect();
          const region = (td.closest('.table-wrap') as HTMLElement).getBoundingClientRect();
          return { width: r.width, shown: Math.min(r.right, region.right) - r.left };
        }),
      );
      expect(cells.length, path).toBeGreaterThan(10);
      // 12rem: some 25 characters a line (last in the row, squeezed, it was 8 or fewer, and off screen).
      expect(Math.min(...cells.map((c) => c.width)), path).toBeGreaterThanOrEqual(192);
      // Before any scrolling, all of it in view.
      const hidden = cells.filter((c) => c.shown < c.width - 1);
      expect(hidden, path).toEqual([]);
      await page.close();
    }
  });
});
