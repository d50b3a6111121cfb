import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSnapshot } from '../../functions/core/catalog/schema.ts';
import { buildScorecards } from '../../functions/core/scorecard/build-scorecard.ts';
import { buildSite } from '../../site/build.ts';
import { launchChromium } from '../support/chromium.ts';
import { serveStatic } from './static-server.ts';

/** The catalogue fixture plus community data: scorecards, requests and moderated feedback. */
function fixtureWithCommunity(): CatalogSnapshot {
  const base = CatalogSnapshot.parse(
    JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/catalog-snapshot.json'), 'utf8')),
  );
  const now = new Date('2026-06-01T00:00:00Z');
  const first = base.datasets[0]?.entry;
  if (!first) throw new Error('empty fixture');
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
