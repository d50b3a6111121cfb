import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../site/build.ts';
import { markdownToText } from '../../site/src/lib/markdown.ts';
import { metaDescription } from '../../site/src/lib/meta-description.ts';
import type { CatalogSnapshot } from '../../site/src/lib/types.ts';
import { launchChromium } from '../support/chromium.ts';
import { serveStatic } from './static-server.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/catalog-snapshot.json');

/** A small OpenAPI document so the API reference page has something to render. */
const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Open data API', version: '1.0.0', description: 'Datasets, versions, downloads and queries.' },
  paths: {
    '/v1/datasets': { get: { summary: 'List datasets', responses: { '200': { description: 'The catalogue' } } } },
    '/v1/datasets/{id}/query': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        summary: 'Query a dataset',
        parameters: [
          { name: '$where', in: 'query', description: 'SoQL filter', schema: { type: 'string' } },
          { name: '$limit', in: 'query', description: 'Maximum rows', schema: { type: 'integer' } },
        ],
        responses: { '200': { description: 'Rows' }, '400': { description: 'Bad query (problem+json)' } },
      },
    },
  },
};

let work: string;
let site: Awaited<ReturnType<typeof serveStatic>>;
let context: BrowserContext;
let built: { pages: number; ms: number };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'site-e2e-'));
  const openApiPath = join(work, 'openapi.json');
  writeFileSync(openApiPath, JSON.stringify(OPENAPI));
  // 2 datasets per listing page, so that the five fixture datasets paginate (50 in production).
  built = await buildSite({ snapshotPath: FIXTURE, outDir: join(work, 'out'), openApiPath, pageSize: 2 });
  site = await serveStatic(join(work, 'out'));
  context = await launchChromium(join(work, 'profile'));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await site?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(site.url + path, { waitUntil: 'load' });
  expect(res?.status(), path).toBe(200);
  return page;
}

describe('catalogue site', () => {
  it('builds every page', () => {
    expect(built.pages).toBeGreaterThan(40);
  });

  it('keeps a space on both sides of every · separator in the text of every page', () => {
    // Astro drops the line break between text ending in " ·" and an expression on the next line.
    const glued: string[] = [];
    for (const file of readdirSync(join(work, 'out'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.html')) continue;
      const text = readFileSync(join(work, 'out', file), 'utf8')
        .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '')
        .replace(/<[^>]+>/g, '');
      for (const m of text.matchAll(/.{0,20}(\S·|·\S).{0,20}/g)) glued.push(`${file}: ${m[0].trim()}`);
    }
    expect(glued).toEqual([]);
  });

  const templates = [
    '/',
    '/en/',
    '/datasets/admin-divisions/',
    '/en/datasets/clinic-visits/',
    '/datasets/',
    '/publishers/',
    '/publishers/civil-affairs/',
    '/themes/',
    '/themes/regions/',
    '/formats/csv/',
    '/formats/csv/page/2/',
    '/en/datasets/page/3/',
    '/licences/',
    '/en/licences/',
    '/about/',
    '/en/about/',
    '/api/',
    '/en/api/',
  ];
  it.each(templates)('has no axe violations (WCAG 2.1 AA): %s', async (path) => {
    const page = await open(path);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary).toEqual([]);
    await page.close();
  });

  it('paginates listings statically, in both languages, with prev/next links and rel=prev/next', async () => {
    for (const [base, lang] of [
      ['/datasets/', 'zh-CN'],
      ['/en/datasets/', 'en'],
      ['/en/formats/csv/', 'en'],
      ['/publishers/civil-affairs/', 'zh-CN'],
    ] as const) {
      const seen: string[] = [];
      let path: string | null = base;
      let n = 0;
      while (path) {
        n++;
        const page = await open(path);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        seen.push(...(await page.$$eval('main ul.cards h2 a', (as) => as.map((a) => a.getAttribute('href')!))));
        const relNext = await page.$$eval('head link[rel=next]', (ls) => ls.map((l) => l.getAttribute('href')));
        const relPrev = await page.$$eval('head link[rel=prev]', (ls) => ls.map((l) => l.getAttribute('href')));
        const navNext = await page.$$eval('nav.pager a[rel=next]', (as) => as.map((a) => a.getAttribute('href')));
        expect(navNext).toEqual(relNext);
        if (n === 1) expect(relPrev).toEqual([]);
        else {
          expect(relPrev).toEqual([n === 2 ? base : `${base}page/${n - 1}/`]);
          await expect(page.locator('nav.pager a[aria-current=page]').textContent()).resolves.toContain(String(n));
          expect(await page.title()).toMatch(lang === 'en' ? `Page ${n} of` : `第 ${n} /`);
        }
        const next = relNext[0] ?? null;
        if (next) expect(next).toBe(`${base}page/${n + 1}/`);
        await page.close();
        path = next;
      }
      // Every dataset of the listing appears once across the pages.
      expect(new Set(seen).size, base).toBe(seen.length);
      if (base.endsWith('/datasets/')) {
        expect(seen).toHaveLength(5);
        expect(n).toBe(3);
      }
    }
    // The language switch keeps the page; the sitemap lists later pages.
    const page = await open('/datasets/page/2/');
    await page.click('[data-lang-switch]');
    await page.waitForURL('**/en/datasets/page/2/');
    await page.close();
    expect(readFileSync(join(work, 'out', 'sitemap.xml'), 'utf8')).toContain('/en/formats/csv/page/3/');
  });

  it('lists only the themes that have datasets, names the others once, and keeps empty listings out of the sitemap (review finding 13)', async () => {
    const snapshot = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
      datasets: { entry: { themes: string[]; updateFrequency: string } }[];
    };
    const used = new Set(snapshot.datasets.flatMap((d) => d.entry.themes));
    expect(used.has('energy')).toBe(false);
    for (const [path, note, requests] of [
      ['/themes/', '暂无数据集：', '/requests/'],
      ['/en/themes/', 'No datasets yet: ', '/en/requests/'],
    ] as const) {
      const page = await open(path);
      const linked = await page.$$eval('main ul.cards h2 a', (as) =>
        as.map((a) => a.getAttribute('href')?.split('/').at(-2)),
      );
      expect(new Set(linked), path).toEqual(used);
      // Each card says how many, never 0.
      expect(await page.locator('main ul.cards .muted').allTextContents(), path).not.toContainEqual(
        expect.stringMatching(/^0 /),
      );
      const empty = page.locator('main p.empty-values');
      expect(await empty.textContent(), path).toMatch(new RegExp(`^${note}`));
      expect(await empty.textContent(), path).toContain(path.startsWith('/en/') ? 'Energy' : '能源');
      expect(await empty.locator('a').getAttribute('href'), path).toBe(requests);
      await page.close();
    }
    // An empty listing, reached by an old link, says so and leads on; search engines are told to skip it.
    for (const [path, text] of [
      ['/themes/energy/', '这里还没有发布数据集。'],
      ['/en/frequencies/weekly/', 'No dataset is published here yet.'],
    ] as const) {
      const page = await open(path);
      expect(await page.locator('main p.empty-listing').textContent(), path).toContain(text);
      const links = await page.$$eval('main p.empty-listing a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links, path).toEqual(
        path.startsWith('/en/') ? ['/en/datasets/', '/en/requests/'] : ['/datasets/', '/requests/'],
      );
      expect(await page.locator('meta[name="robots"]').getAttribute('content'), path).toBe('noindex');
      expect(await page.locator('main ul.cards').count(), path).toBe(0);
      await page.close();
    }
    const regions = await open('/themes/regions/');
    expect(await regions.locator('meta[name="robots"]').count()).toBe(0);
    await regions.close();
    const sitemap = readFileSync(join(work, 'out', 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('/themes/regions/');
    expect(sitemap).toContain('/en/frequencies/daily/');
    for (const gone of ['/themes/energy/', '/en/themes/energy/', '/frequencies/weekly/', '/frequencies/semiannual/'])
      expect(sitemap).not.toContain(gone);
  });

  it('writes listing titles and descriptions with the page language’s punctuation (review finding 14)', async () => {
    const zh = await open('/datasets/page/2/');
    expect(await zh.title()).toMatch(/^全部数据集（第 2 \/ 3 页）/);
    expect(await zh.locator('meta[name="description"]').getAttribute('content')).toBe(
      '全部数据集：5 个数据集，第 2 / 3 页。',
    );
    await zh.close();
    const daily = await open('/frequencies/daily/');
    expect(await daily.locator('meta[name="description"]').getAttribute('content')).toBe(
      '更新频率为“每日”的数据集：1 个数据集。',
    );
    await daily.close();
    const en = await open('/en/datasets/');
    expect(await en.locator('meta[name="description"]').getAttribute('content')).toBe(
      'All datasets: 5 datasets, page 1 of 3.',
    );
    await en.close();
  });

  it('renders the API reference from the OpenAPI document', async () => {
    const page = await open('/en/api/');
    await expect(page.locator('h2', { hasText: 'GET /v1/datasets/{id}/query' }).count()).resolves.toBe(1);
    await expect(page.locator('text=$where').count()).resolves.toBeGreaterThan(0);
    await page.close();
  });

  it('fits a 375 px screen without horizontal scrolling', async () => {
    for (const path of ['/datasets/admin-divisions/', '/en/datasets/clinic-visits/', '/']) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 375, height: 812 });
      await page.goto(site.url + path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(375);
      if (path === '/datasets/admin-divisions/') {
        const shot = join(work, 'dataset-375.png');
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`screenshot: ${shot}`);
      }
      await page.close();
    }
  });

  it('keeps a dataset page (HTML+CSS+JS, without the search index) under 100 KB', async () => {
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname.startsWith('/pagefind/')) return;
      bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
    });
    await page.goto(`${site.url}/datasets/admin-divisions/`, { waitUntil: 'networkidle' });
    console.log(`dataset page weight: ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(100 * 1024);
    await page.close();
  });

  it.each(['/datasets/hostile-metadata/', '/en/datasets/hostile-metadata/', '/en/publishers/xss-probe-dept/', '/en/'])(
    'renders hostile metadata inert: %s',
    async (path) => {
      const page = await context.newPage();
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto(site.url + path, { waitUntil: 'load' });
      const state = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: number }).__xss,
        badHrefs: [...document.querySelectorAll('[href],[src]')]
          .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '')
          .filter((h) => /^\s*(javascript|data|vbscript):/i.test(h)),
        handlers: [...document.querySelectorAll('*')].filter((e) =>
          [...e.attributes].some((a) => a.name.startsWith('on')),
        ).length,
        frames: document.querySelectorAll('iframe, img, object, embed').length,
        scripts: [...document.scripts]
          .map((s) => s.type || 'classic')
          .filter((t) => t !== 'application/ld+json' && t !== 'module'),
      }));
      expect(state).toEqual({ xss: undefined, badHrefs: [], handlers: 0, frames: 0, scripts: [] });
      expect(dialogs).toBe(0);
      if (path.includes('/datasets/')) {
        // The hostile text is shown as text.
        await expect(page.locator('h1').textContent()).resolves.toContain('<script>');
        const ld = await page.locator('script[type="application/ld+json"]').textContent();
        expect(JSON.parse(ld ?? '{}')['@type']).toBe('Dataset');
      }
      await page.close();
    },
  );

  const searches: [string, string, string][] = [
    ['/', '行政区划', '/datasets/admin-divisions/'],
    ['/', '北京', '/datasets/beijing-air-quality/'],
    ['/', '脱敏', '/datasets/clinic-visits/'],
    ['/en/', 'administrative divisions', '/en/datasets/admin-divisions/'],
    ['/en/', 'air quality', '/en/datasets/beijing-air-quality/'],
    ['/en/', 'stop_name', '/en/datasets/bus-stops/'],
    // A value of the data, only in the dataset page's common values (its value profile).
    ['/', '古城', '/datasets/beijing-air-quality/'],
    // (The English index has no Chinese words: a run of characters is one token there, so the whole value.)
    ['/en/', '石景山古城', '/en/datasets/beijing-air-quality/'],
  ];
  it.each(searches)('Pagefind on %s finds "%s"', async (path, query, expected) => {
    const page = await open(path);
    await page.fill('#q', query);
    await page.press('#q', 'Enter');
    const link = page.locator(`#search-results a[href="${expected}"]`);
    await link.first().waitFor({ timeout: 15_000 });
    const meta = await page
      .locator('#search-results li')
      .filter({ has: page.locator(`a[href="${expected}"]`) })
      .first()
      .textContent();
    // Results show publisher, formats and last update (Pagefind meta).
    expect(meta).toMatch(/CSV/);
    await page.close();
  });

  it('on the dataset list, shows the matches instead of the full list while a query is in the box', async () => {
    const page = await open('/datasets/');
    const listing = page.locator('[data-listing]');
    expect(await listing.isVisible()).toBe(true);
    // A card title is not styled as a section heading (no rule above it).
    const rule = await page.$eval('[data-listing] .card h2', (h) => getComputedStyle(h).borderTopStyle);
    expect(rule).toBe('none');
    await page.fill('#q', '北京');
    await page.locator('#search-results a[href="/datasets/beijing-air-quality/"]').waitFor({ timeout: 15_000 });
    expect(await listing.isVisible()).toBe(false);
    await page.fill('#q', '');
    await listing.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.locator('#search-results li').count()).toBe(0);
    await page.close();
  });

  it('suggests facets when a search finds nothing', async () => {
    const page = await open('/en/');
    await page.fill('#q', 'qqqzzzxxyy');
    await page.press('#q', 'Enter');
    await page.locator('#search-results a[href="/en/themes/regions/"]').waitFor({ timeout: 15_000 });
    await expect(page.locator('#search-results').textContent()).resolves.toContain('No dataset matches');
    await page.close();
  });

  it('the language switcher keeps the page, with lang and hreflang right', async () => {
    const page = await open('/datasets/admin-divisions/');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const alternates = await page.$$eval('link[rel=alternate][hreflang]', (ls) =>
      ls.map((l) => `${l.getAttribute('hreflang')} ${new URL(l.getAttribute('href')!).pathname}`),
    );
    expect(alternates).toEqual([
      'zh-CN /datasets/admin-divisions/',
      'en /en/datasets/admin-divisions/',
      'x-default /datasets/admin-divisions/',
    ]);
    await page.click('[data-lang-switch]');
    await page.waitForURL('**/en/datasets/admin-divisions/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.locator('h1').textContent()).resolves.toBe('Province-level administrative divisions of China');
    await page.click('[data-lang-switch]');
    await page.waitForURL((u) => u.pathname === '/datasets/admin-divisions/');
    await expect(page.locator('h1').textContent()).resolves.toBe('全国省级行政区划代码');
    await page.close();
  });

  it('shows versions, breaking changes, withdrawals, treatments and overdue updates', async () => {
    const admin = await open('/en/datasets/admin-divisions/');
    const text = await admin.locator('main').textContent();
    expect(text).toContain('Breaking change');
    expect(text).toMatch(/code\s*\(whole number → text\)/);
    await admin.close();
    const air = await open('/en/datasets/beijing-air-quality/');
    const airText = await air.locator('main').textContent();
    expect(airText).toContain('Overdue');
    expect(airText).toContain('mis-calibrated');
    await air.close();
    const clinic = await open('/en/datasets/clinic-visits/');
    const clinicText = await clinic.locator('main').textContent();
    expect(clinicText).toContain('pseudonymize');
    expect(clinicText).toContain('GB/T 37964');
    await clinic.close();
    // Each language's page advertises and links its own feed.
    const en = await open('/en/datasets/admin-divisions/');
    expect(await en.getAttribute('link[rel=alternate][type="application/atom+xml"][href*="/datasets/"]', 'href')).toBe(
      '/en/datasets/admin-divisions/feed.xml',
    );
    await en.close();
  });

  it('lists the common values of the data on the dataset page, in both languages', async () => {
    for (const [path, heading, count] of [
      ['/datasets/beijing-air-quality/', '数据中的常见取值', '全部 6 种取值'],
      ['/en/datasets/beijing-air-quality/', 'Common values in the data', 'all 6 values'],
    ] as const) {
      const page = await open(path);
      await expect(page.locator('#values-h').textContent()).resolves.toBe(heading);
      const column = page.locator('section[aria-labelledby="values-h"] h3');
      await expect(column.textContent()).resolves.toContain(count);
      await expect(column.locator('code').textContent()).resolves.toBe('station');
      // Each column's values are a list named by its heading.
      const list = page.getByRole('list', { name: /station/ });
      expect(await list.getByRole('listitem').allTextContents()).toEqual([
        '东城东四',
        '西城官园',
        '朝阳奥体中心',
        '海淀万柳',
        '丰台花园',
        '石景山古城',
      ]);
      if (path.startsWith('/en/')) expect(await list.locator('span[lang="zh-CN"]').count()).toBe(6);
      await page.close();
    }
    // A dataset without a profile has no such section.
    const admin = await open('/datasets/admin-divisions/');
    expect(await admin.locator('#values-h').count()).toBe(0);
    await admin.close();
  });

  /** The description, Open Graph and Twitter meta tags of a built page (name or property → content). */
  const metaTags = (file: string) => {
    const html = readFileSync(join(work, 'out', file), 'utf8');
    const decode = (v: string) =>
      v
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const tags: Record<string, string> = {};
    for (const m of html.matchAll(/<meta (?:name|property)="(description|og:[^"]+|twitter:[^"]+)" content="([^"]*)"/g))
      tags[m[1] as string] = decode(m[2] as string);
    return tags;
  };

  it('gives link previews (Open Graph, Twitter) the page’s title, description, address and language', () => {
    const home = metaTags('index.html');
    expect(home).toEqual({
      description: expect.stringMatching(/^政府部门发布的数据集/),
      'og:site_name': '开放数据目录',
      'og:type': 'website',
      'og:title': '开放数据目录',
      'og:description': home.description,
      'og:url': 'http://localhost:8787/',
      'og:locale': 'zh_CN',
      'og:locale:alternate': 'en_US',
      'twitter:card': 'summary',
    });
    const enHome = metaTags('en/index.html');
    expect(enHome).toMatchObject({
      'og:site_name': 'Open Data Catalogue',
      'og:title': 'Open Data Catalogue',
      'og:description': enHome.description,
      'og:url': 'http://localhost:8787/en/',
      'og:locale': 'en_US',
      'og:locale:alternate': 'zh_CN',
      'twitter:card': 'summary',
    });
    const zh = metaTags('datasets/admin-divisions/index.html');
    expect(zh).toMatchObject({
      'og:site_name': '开放数据目录',
      'og:title': '全国省级行政区划代码',
      'og:url': 'http://localhost:8787/datasets/admin-divisions/',
      'og:locale': 'zh_CN',
    });
    expect(zh['og:description']).toBe(zh.description);
    expect(zh.description).toMatch(/^全国省级行政区划代码与名称/);
    const en = metaTags('en/datasets/admin-divisions/index.html');
    expect(en).toMatchObject({
      'og:site_name': 'Open Data Catalogue',
      'og:type': 'website',
      'og:title': 'Province-level administrative divisions of China',
      'og:url': 'http://localhost:8787/en/datasets/admin-divisions/',
      'og:locale': 'en_US',
      'og:locale:alternate': 'zh_CN',
      'twitter:card': 'summary',
    });
    expect(en['og:description']).toBe(en.description);
    expect(en.description).toMatch(/^Codes and names of China's province-level/);
    // The 404 page is served at any address: no og:url (as no canonical link).
    for (const file of ['404.html', 'en/404.html']) {
      const notFound = metaTags(file);
      expect(notFound['og:url'], file).toBeUndefined();
      expect(notFound['og:title'], file).toBeTruthy();
    }
  });

  it('writes the footer’s colon in the page’s language', () => {
    const footer = (file: string) =>
      /<footer class="site">[\s\S]*?<p>([^<]*)</.exec(readFileSync(join(work, 'out', file), 'utf8'))?.[1];
    expect(footer('index.html')).toBe('机器可读目录：');
    expect(footer('en/index.html')).toBe('Machine-readable catalogue: ');
  });

  it('cuts a card’s description between words or at a clause, never inside a word', async () => {
    const snapshot = JSON.parse(readFileSync(FIXTURE, 'utf8')) as CatalogSnapshot;
    const description = snapshot.datasets.find((d) => d.entry.id === 'admin-divisions')?.entry.description ?? {};
    for (const [path, lang] of [
      ['/en/publishers/civil-affairs/', 'en'],
      ['/publishers/civil-affairs/', 'zh-CN'],
    ] as const) {
      const page = await open(path);
      const card = page.locator('main ul.cards li', { has: page.locator('a[href$="/datasets/admin-divisions/"]') });
      const text = (await card.locator('p').first().textContent()) ?? '';
      const full = markdownToText(description[lang] ?? '');
      expect(text, path).toBe(metaDescription(full, lang, 160));
      expect(text.length, path).toBeLessThanOrEqual(160);
      if (lang === 'en') {
        // Cut: what is kept is a start of the text ending at a whole word.
        expect(text.endsWith('…'), path).toBe(true);
        const kept = text.slice(0, -1);
        expect(full.startsWith(kept), path).toBe(true);
        expect(full[kept.length], path).toMatch(/[\s,.;:)]/);
      }
      await page.close();
    }
  });

  it('serves the machine-readable catalogue', async () => {
    const out = join(work, 'out');
    const dcat = JSON.parse(readFileSync(join(out, 'catalog/dcat.jsonld'), 'utf8'));
    expect(dcat['@graph'][0]['@type']).toContain('dcat:Catalog');
    expect(readFileSync(join(out, 'catalog/dcat.ttl'), 'utf8')).toContain('dcat:Dataset');
    expect(JSON.parse(readFileSync(join(out, 'data.json'), 'utf8')).conformsTo).toBe(
      'https://project-open-data.cio.gov/v1.1/schema',
    );
    expect(readFileSync(join(out, 'feed.xml'), 'utf8')).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(readFileSync(join(out, 'datasets/admin-divisions/feed.xml'), 'utf8')).toContain('#v2');
    // English feeds under /en/, linking to the English pages.
    const enFeed = readFileSync(join(out, 'en/datasets/admin-divisions/feed.xml'), 'utf8');
    expect(enFeed).toContain('xml:lang="en"');
    expect(enFeed).toContain('/en/datasets/admin-divisions/#v2');
    expect(enFeed).toContain('Province-level administrative divisions of China');
    expect(readFileSync(join(out, 'en/feed.xml'), 'utf8')).toContain('/en/datasets/bus-stops/');
    expect(readFileSync(join(out, 'sitemap.xml'), 'utf8')).toContain('/en/datasets/bus-stops/');
    expect(readFileSync(join(out, 'robots.txt'), 'utf8')).toContain('Sitemap:');
  });
});
