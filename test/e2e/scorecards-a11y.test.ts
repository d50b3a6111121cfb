import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSnapshot } from '../../functions/core/catalog/schema.ts';
import { buildScorecards } from '../../functions/core/scorecard/build-scorecard.ts';
import { buildSite } from '../../site/build.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { serveStatic } from './static-server.ts';

/** The catalogue fixture plus community data: scorecards, requests and moderated feedback. */
function fixtureWithCommunity(): CatalogSnapshot {
  const base = CatalogSnapshot.parse(
    JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/catalog-snapshot.json'), 'utf8')),
  );
  const now = new Date('2026-06-01T00:00:00Z');
  const first = base.datasets[0]?.entry;
  const second = base.datasets[1]?.entry;
  if (!first || !second) throw new Error('empty fixture');
  const feedback = [
    {
      id: `${first.id}#1`,
      datasetId: first.id,
      department: first.publisher.id,
      kind: 'comment' as const,
      text: 'Very useful <data>, thank you.',
      createdAt: '2026-05-01T00:00:00.000Z',
      moderation: 'approved' as const,
      replies: [
        {
          text: 'Thanks! Next update in June.',
          by: 'bob',
          department: first.publisher.id,
          at: '2026-05-02T00:00:00.000Z',
        },
      ],
      firstResponseAt: '2026-05-02T00:00:00.000Z',
    },
  ];
  const departments = buildScorecards({
    datasets: base.datasets,
    usage: new Map(base.datasets.map((d, i) => [d.entry.id, { downloads: 100 * (i + 1), queries: 7 * i }])),
    feedback,
    usageDays: 30,
    now,
  });
  return CatalogSnapshot.parse({
    ...base,
    community: {
      scorecards: { generatedAt: now.toISOString(), departments },
      requests: [
        {
          id: '20260501000000-aaaaaaaaaaaa',
          title: '公交准点率 / Bus punctuality per line',
          description: 'Monthly on-time share per bus line since 2020.',
          department: 'transport',
          status: 'planned',
          votes: 12,
          createdAt: '2026-05-01T00:00:00.000Z',
          updatedAt: '2026-05-03T00:00:00.000Z',
          history: [],
        },
        {
          id: '20260502000000-bbbbbbbbbbbb',
          title: 'Everyone’s records',
          description: 'All personal records, please.',
          status: 'declined',
          reason: 'Personal data cannot be opened.',
          votes: 0,
          createdAt: '2026-05-02T00:00:00.000Z',
          updatedAt: '2026-05-03T00:00:00.000Z',
          history: [],
        },
      ],
      feedback: {
        [first.id]: {
          ratingCount: 3,
          ratingAverage: 4.3,
          openProblems: 0,
          items: feedback.map(({ department: _d, moderation: _m, firstResponseAt: _f, datasetId: _x, ...i }) => i),
        },
        [second.id]: { ratingCount: 1, ratingAverage: 5, openProblems: 0, items: [] },
      },
    },
  });
}

let work: string;
let site: Awaited<ReturnType<typeof serveStatic>>;
let context: BrowserContext;
let snapshot: CatalogSnapshot;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'scorecards-e2e-'));
  snapshot = fixtureWithCommunity();
  const snapshotPath = join(work, 'snapshot.json');
  writeFileSync(snapshotPath, JSON.stringify(snapshot));
  await buildSite({ snapshotPath, outDir: join(work, 'out') });
  site = await serveStatic(join(work, 'out'));
  context = await launchChromium(join(work, 'profile'));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await site?.close();
});

describe('scorecard, request and feedback pages', () => {
  const pages = () => {
    const dept = snapshot.community?.scorecards.departments[0]?.department.id ?? '';
    const ds = snapshot.datasets[0]?.entry.id ?? '';
    return [
      '/scorecards/',
      '/en/scorecards/',
      `/scorecards/${dept}/`,
      `/en/scorecards/${dept}/`,
      '/requests/',
      '/en/requests/',
      `/datasets/${ds}/`,
      `/en/datasets/${ds}/`,
    ];
  };

  it('renders charts as static SVG with accessible names, and the numbers as a table', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/en/scorecards/`);
    const svgs = await page.locator('figure svg[role="img"]').count();
    expect(svgs).toBe(3);
    expect(await page.locator('figure svg title').first().textContent()).toContain('on time');
    expect(await page.locator('table tbody tr').count()).toBe(snapshot.community?.scorecards.departments.length);
    expect(await page.locator('script[src*="chart"]').count()).toBe(0);
  });

  it('shows each criterion with how to fix it, and the overdue list', async () => {
    const dept =
      snapshot.community?.scorecards.departments.find((d) => d.overdue.length > 0) ??
      snapshot.community?.scorecards.departments[0];
    const page = await context.newPage();
    await page.goto(`${site.url}/en/scorecards/${dept?.department.id}/`);
    const text = await page.locator('main').textContent();
    expect(text).toContain('Primary key declared');
    expect(text).toContain('Overdue datasets');
    if (dept?.overdue.length) expect(text).toContain('days overdue');
  });

  it('shows moderated feedback with replies and a form that posts to the API', async () => {
    const ds = snapshot.datasets[0]?.entry.id ?? '';
    const page = await context.newPage();
    await page.goto(`${site.url}/en/datasets/${ds}/`);
    expect(await page.locator('#feedback').textContent()).toContain('Thanks! Next update in June.');
    expect(await page.locator('#fb-form').getAttribute('action')).toMatch(new RegExp(`/v1/datasets/${ds}/feedback$`));
    expect(await page.locator('#fb-form').getAttribute('method')).toBe('post');
  });

  it('keeps the comparison table readable on a 390 px phone: names whole, first column pinned, every column reachable', async () => {
    for (const path of ['/scorecards/', '/en/scorecards/']) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(site.url + path, { waitUntil: 'load' });
      // The page itself never scrolls sideways: only the table's region does.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      const region = page.locator('section[aria-labelledby="cmp-h"] [role="region"]');
      expect(await region.getAttribute('tabindex'), path).toBe('0');
      // Department names are not broken every two characters: a Chinese name is on one line, an English one on two at most.
      const lines = await region
        .locator('tbody th a:not([href*="xss"])')
        .evaluateAll((as) => as.map((a) => [a.textContent, a.getClientRects().length] as const));
      for (const [name, n] of lines) expect(n, `${path} ${name}`).toBeLessThanOrEqual(path.startsWith('/en/') ? 2 : 1);
      // Scrolled to the end (by keyboard, as the region is focusable): the last column is whole, the names still in view.
      await region.focus();
      for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => {
        const r = document.querySelector('section[aria-labelledby="cmp-h"] [role="region"]');
        return r !== null && r.scrollLeft + r.clientWidth >= r.scrollWidth - 1;
      });
      const box = await region.evaluate((r) => {
        const edge = r.getBoundingClientRect();
        const last = r.querySelector('thead th:last-child')?.getBoundingClientRect();
        const name = r.querySelector('tbody th')?.getBoundingClientRect();
        return {
          scrolled: r.scrollLeft,
          left: edge.left,
          right: edge.right,
          lastRight: last?.right,
          nameLeft: name?.left,
        };
      });
      expect(box.scrolled, path).toBeGreaterThan(0);
      expect(box.lastRight, path).toBeLessThanOrEqual(box.right + 1);
      expect(Math.abs((box.nameLeft ?? 0) - box.left), path).toBeLessThanOrEqual(2);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(
        result.violations.map((v) => v.id),
        path,
      ).toEqual([]);
      await page.close();
    }
  }, 60_000);

  /**
   * Sends the forms of `page` to this static server (the CSP allows only the page's origin), where
   * `answer` plays the API.
   */
  async function withApi(page: Page, status: number, problem: Record<string, unknown>): Promise<void> {
    await page.evaluate(() => {
      for (const f of Array.from(document.forms)) f.action = location.origin + new URL(f.action).pathname;
    });
    await page.route(`${site.url}/v1/**`, (route) =>
      route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ status, ...problem }) }),
    );
  }
  const invalidBody = (errors: Array<{ where: string; message: string }>) => ({
    type: '/problems/bad-request',
    title: 'Bad request',
    detail: 'the request body is not valid',
    hint: 'fix the fields listed in errors',
    errors,
  });
  const describedBy = (page: Page, selector: string) =>
    page.locator(selector).evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );

  it('explains a refused feedback form in the page language, next to the field (JavaScript)', async () => {
    const ds = snapshot.datasets[0]?.entry.id ?? '';
    const page = await context.newPage();
    await page.goto(`${site.url}/datasets/${ds}/`);
    await withApi(
      page,
      400,
      invalidBody([
        { where: 'body.text', message: 'at least 3 characters (a Chinese, Japanese or Korean character counts as 2)' },
      ]),
    );
    await page.check('#fb-form input[value=comment]');
    await page.fill('#fb-text', 'abc');
    await page.click('#fb-form button[type=submit]');
    await page.locator('#fb-status').filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#fb-status').textContent()).toBe('提交未成功，请修改标出的内容。');
    expect(await page.locator('#fb-text').getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(page, '#fb-text')).toBe('请至少输入 2 个汉字或 3 个字母。');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fb-text');
    expect(await page.locator('#feedback').textContent()).not.toContain('request body');
    // Sent again and refused for another reason: the old field message goes.
    await page.unrouteAll();
    await withApi(page, 400, invalidBody([{ where: 'body.rating', message: 'a rating needs 1 to 5 stars' }]));
    await page.check('#fb-form input[value=rating]');
    await page.click('#fb-form button[type=submit]');
    await page.locator('#fb-rating[aria-invalid=true]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#fb-text').getAttribute('aria-invalid')).toBeNull();
    expect(await describedBy(page, '#fb-rating')).toBe('评分请选择 1 到 5 星。');
    await page.close();
  });

  it('explains a refused data request and vote in the page language, with the API text as fallback', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/requests/`);
    await withApi(
      page,
      400,
      invalidBody([
        { where: 'body.title', message: 'at least 5 characters (a Chinese, Japanese or Korean character counts as 2)' },
        { where: 'body', message: 'something new' },
      ]),
    );
    await page.fill('#req-title', 'Buses');
    await page.fill('#req-desc', 'Timetables of every stop.');
    await page.click('#req-form button[type=submit]');
    await page.locator('#req-title[aria-invalid=true]').waitFor({ timeout: 10_000 });
    expect(await describedBy(page, '#req-title')).toBe('至少 3 个汉字或 5 个字母。 请至少输入 3 个汉字或 5 个字母。');
    // An error the site does not know is shown as the API wrote it.
    expect(await page.locator('#req-status').textContent()).toBe('提交未成功，请修改标出的内容。 body: something new');
    await page.unrouteAll();
    await withApi(page, 409, {
      type: '/problems/conflict',
      detail: 'a vote for this request was already counted from your network address',
    });
    // A vote answers by its own button, not at the new-request form.
    await page.locator('form[data-problem-anchor^="r-"] button').first().click();
    const voteStatus = page.locator('form[data-problem-anchor^="r-"] [role=status]').first();
    await voteStatus.filter({ hasText: '一票' }).waitFor({ timeout: 10_000 });
    expect(await voteStatus.textContent()).toBe(
      '这条需求已计入来自您所在网络地址的一票：每个网络地址计一票，同一单位、校园或移动网络出口的用户共用这一票。',
    );
    await page.close();
  });

  it('explains a refused plain post when the API sends the visitor back (?error=…#…-error), with or without JavaScript', async () => {
    const ds = snapshot.datasets[0]?.entry.id ?? '';
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
    try {
      const noJs = await browser.newContext({ javaScriptEnabled: false });
      const page = await noJs.newPage();
      await page.goto(`${site.url}/datasets/${ds}/`);
      expect(await page.locator('#feedback-error').isVisible()).toBe(false);
      await page.goto(`${site.url}/datasets/${ds}/?error=bad-request&field=text#feedback-error`);
      expect(await page.locator('#feedback-error').isVisible()).toBe(true);
      expect(await page.locator('#feedback-error').textContent()).toContain('请至少输入 2 个汉字或 3 个字母');
      await page.goto(`${site.url}/en/requests/?error=bad-request&field=title#new-request-error`);
      expect(await page.locator('#new-request-error').isVisible()).toBe(true);
      expect(await page.locator('#new-request-error').textContent()).toContain(
        '“What data?” needs at least 5 letters or 3 Chinese characters',
      );
      // The browser itself refuses a too-short comment before it is sent.
      expect(await page.locator('#fb-text').count()).toBe(0);
      await page.goto(`${site.url}/datasets/${ds}/`);
      // Two characters can meet the minimum (很好: a Chinese character counts as 2).
      expect(await page.locator('#fb-text').getAttribute('minlength')).toBe('2');
      expect(await page.locator('#fb-text').getAttribute('data-min-weight')).toBe('3');
    } finally {
      await browser.close();
    }
    const page = await context.newPage();
    await page.goto(`${site.url}/en/datasets/${ds}/?error=bad-request&field=text#feedback-error`);
    await page.locator('#fb-text[aria-invalid=true]').waitFor({ timeout: 10_000 });
    expect(await describedBy(page, '#fb-text')).toBe('Please write at least 3 letters, or 2 Chinese characters.');
    await page.close();
  });

  it('takes 很好 as a comment and refuses 好 in the browser, with the length rule (the API counts a Chinese character as 2)', async () => {
    const ds = snapshot.datasets[0]?.entry.id ?? '';
    for (const [path, refusal] of [
      [`/datasets/${ds}/`, '请至少输入 2 个汉字或 3 个字母。'],
      [`/en/datasets/${ds}/`, 'Please write at least 3 letters, or 2 Chinese characters.'],
    ] as const) {
      const page = await context.newPage();
      await page.goto(`${site.url}${path}`);
      await page.check('#fb-form input[value=comment]');
      const validity = () =>
        page.$eval('#fb-text', (e) => ({
          valid: (e as HTMLTextAreaElement).checkValidity(),
          message: (e as HTMLTextAreaElement).validationMessage,
        }));
      // Typed (the browser's minlength applies to what the visitor types, not to a value set by script).
      await page.locator('#fb-text').pressSequentially('好');
      expect(await validity(), path).toEqual({ valid: false, message: refusal });
      await page.locator('#fb-text').pressSequentially('很');
      expect(await validity(), path).toEqual({ valid: true, message: '' });
      await page.locator('#fb-text').fill('ok!');
      expect((await validity()).valid, path).toBe(true);
      await page.close();
    }
  });

  it('takes a four-character Chinese title and says the length rule by each field (review finding 8)', async () => {
    for (const [path, hint, refusal] of [
      ['/requests/', '至少 3 个汉字或 5 个字母。', '至少 3 个汉字或 5 个字母。'],
      ['/en/requests/', 'At least 5 letters or 3 Chinese characters.', 'At least 5 letters or 3 Chinese characters.'],
    ] as const) {
      const page = await context.newPage();
      await page.goto(site.url + path);
      const title = page.locator('#req-title');
      expect(await describedBy(page, '#req-title'), path).toBe(hint);
      // The browser's own minlength never refuses what the API accepts.
      expect(await title.getAttribute('minlength'), path).toBe('3');
      expect(await page.locator('#req-desc').getAttribute('minlength'), path).toBe('5');
      const validity = async (value: string) => {
        await title.fill(value);
        return title.evaluate((el: HTMLInputElement) => ({ valid: el.validity.valid, message: el.validationMessage }));
      };
      expect(await validity('空气质量'), path).toEqual({ valid: true, message: '' });
      expect(await validity('Buses'), path).toEqual({ valid: true, message: '' });
      expect((await validity('Bus')).message, path).toBe(refusal);
      expect((await validity('公交')).valid, path).toBe(false);
      await page.locator('#req-desc').fill('实时公交到站');
      expect(await page.locator('#req-desc').evaluate((el: HTMLTextAreaElement) => el.validity.valid), path).toBe(true);
      await page.close();
    }
  });

  it('writes the request, vote, rating and scorecard texts in the page language’s register and punctuation (review finding 14)', async () => {
    const zh = await context.newPage();
    await zh.goto(`${site.url}/requests/`);
    const text = (await zh.locator('main').textContent()) ?? '';
    expect(text).toContain('您同样需要的需求');
    expect(text).not.toContain('你');
    expect(text).not.toContain('请求');
    await zh.close();
    const [first, second] = snapshot.datasets.map((d) => d.entry.id);
    for (const [path, line] of [
      [`/datasets/${first}/`, '平均评分：4.3 / 5（3 个评分）'],
      [`/en/datasets/${first}/`, 'Average rating: 4.3 / 5 (3 ratings)'],
      [`/en/datasets/${second}/`, 'Average rating: 5 / 5 (1 rating)'],
    ] as const) {
      const page = await context.newPage();
      await page.goto(site.url + path);
      expect(await page.locator('#feedback > p').first().textContent(), path).toBe(line);
      await page.close();
    }
    const reply = await context.newPage();
    await reply.goto(`${site.url}/datasets/${first}/`);
    expect(await reply.locator('#feedback blockquote').textContent()).toMatch(
      /^部门答复（.+）：Thanks! Next update in June\.$/,
    );
    await reply.close();
    const dept = snapshot.community?.scorecards.departments[0]?.department.id ?? '';
    const card = await context.newPage();
    await card.goto(`${site.url}/scorecards/${dept}/`);
    expect(await card.locator('nav.crumbs').getAttribute('aria-label')).toBe('导航路径');
    const facts = await card.locator('section.version > p').first().textContent();
    expect(facts).toMatch(/^\s*更新频率：\S+ · 最近更新：/);
    expect(await card.locator('main').textContent()).not.toMatch(/[\p{Script=Han}][:,] /u);
    await card.close();
  });

  it('names every landmark once on the scorecard, request and dataset pages (axe landmark-unique, review finding 17)', async () => {
    for (const path of pages()) {
      const page = await context.newPage();
      await page.goto(site.url + path, { waitUntil: 'load' });
      const result = await new AxeBuilder({ page }).withRules(['landmark-unique']).analyze();
      expect(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        path,
      ).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it('has no axe violations (WCAG 2.1 AA) on the new pages', async () => {
    for (const path of pages()) {
      const page = await context.newPage();
      const res = await page.goto(site.url + path, { waitUntil: 'load' });
      expect(res?.status(), path).toBe(200);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary, path).toEqual([]);
      await page.close();
    }
  }, 120_000);
});
