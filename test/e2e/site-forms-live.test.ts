import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api } from '../support/release-fixtures.ts';

/**
 * The site against the local platform's real API: its forms in real Chromium (JavaScript on, as most
 * visitors), and the code snippets of a dataset page run as they are shown.
 */
describe('site forms and snippets against the live API', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  let context: BrowserContext;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['cn-provinces'], buildSite: true });
    context = await launchChromium(join(p.dataDir, 'chromium-profile'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await p?.cleanup();
  });

  it('a data request with the department left at "not sure" is accepted', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/en/requests/`);
    // The departments that publish here are offered by name.
    expect(await page.locator('#req-dept option').allTextContents()).toEqual(
      expect.arrayContaining(['Not sure', expect.stringMatching(/Statistics/)]),
    );
    await page.fill('#req-title', 'Bus stop timetables');
    await page.fill('#req-desc', 'Every bus stop timetable of the city, as GTFS, updated weekly.');
    await page.click('form.stack button[type=submit]');
    await page.locator('#req-status').filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    const status = (await page.locator('#req-status').textContent()) ?? '';
    expect(status).toBe(await page.locator('#req-status').getAttribute('data-sent-message'));
    const listed = await api(p.url, 'GET', '/v1/requests');
    expect(listed.status).toBe(200);
    const titles = (listed.body.requests as Array<{ title: string; department?: string }>).map((r) => [
      r.title,
      r.department,
    ]);
    expect(titles).toContainEqual(['Bus stop timetables', undefined]);
    await page.close();
  });

  it('a four-character Chinese title is accepted by the form and the API alike; a two-character one by neither (review finding 8)', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/requests/`);
    await page.fill('#req-title', '空气质量');
    await page.fill('#req-desc', '实时公交到站');
    await page.click('form.stack button[type=submit]');
    await page.locator('#req-status').filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#req-status').textContent()).toBe('谢谢，已收到。');
    const listed = await api(p.url, 'GET', '/v1/requests');
    expect((listed.body.requests as Array<{ title: string }>).map((r) => r.title)).toContain('空气质量');
    // Too short for the browser, with the rule in the page's words, and for the API (the same rule).
    await page.fill('#req-title', '公交');
    expect(await page.locator('#req-title').evaluate((el: HTMLInputElement) => el.validationMessage)).toBe(
      '至少 3 个汉字或 5 个字母。',
    );
    const refused = await api(p.url, 'POST', '/v1/requests', { body: { title: '公交', description: '实时公交到站' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain('counts as 2');
    await page.close();
  });

  it('a rating and a problem report from a dataset page are accepted', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/en/datasets/cn-provinces/`);
    await page.selectOption('#fb-rating', '4');
    await page.click('#fb-form button[type=submit]');
    const status = page.locator('#fb-status');
    await status.filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    expect(await status.textContent()).toBe(await status.getAttribute('data-sent-message'));
    await page.evaluate(() => {
      (document.getElementById('fb-status') as HTMLElement).textContent = '';
    });
    await page.check('#fb-form input[value=problem]');
    await page.selectOption('#fb-type', 'wrong-data');
    await page.fill('#fb-text', 'The 2023 code for one province looks out of date.');
    await page.click('#fb-form button[type=submit]');
    await status.filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
    expect(await status.textContent()).toBe(await status.getAttribute('data-sent-message'));
    await page.close();
  });

  it('a refused submission is explained next to the field in the page language, not in the API’s English', async () => {
    const page = await context.newPage();
    await page.goto(`${p.url}/datasets/cn-provinces/`);
    // A rating without stars: the real API refuses it (400, errors[0].where = body.rating).
    await page.click('#fb-form button[type=submit]');
    await page.locator('#fb-rating[aria-invalid=true]').waitFor({ timeout: 10_000 });
    const note = await page
      .locator('#fb-rating')
      .evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent);
    expect(note).toBe('评分请选择 1 到 5 星。');
    expect(await page.locator('#fb-status').textContent()).toBe('提交未成功，请修改标出的内容。');
    await page.close();
  });

  /** The text of each snippet `<pre>` of the API section, as a reader copies it. */
  async function snippets(path: string): Promise<Record<string, string>> {
    const page = await context.newPage();
    await page.goto(`${p.url}${path}`);
    const out = await page.$$eval('pre[aria-labelledby^="api-"]', (pres) =>
      Object.fromEntries(pres.map((pre) => [pre.getAttribute('aria-labelledby') ?? '', pre.textContent ?? ''])),
    );
    await page.close();
    return out;
  }

  it('the curl and JavaScript snippets of a dataset page work as shown', async () => {
    const code = await snippets('/en/datasets/cn-provinces/');
    const run = promisify(execFile);
    const dir = await mkdtemp(join(p.dataDir, 'snippets-'));
    const curl = await run('bash', ['-c', code['api-curl'] as string], { cwd: dir });
    // The download landed, and the query answered rows (a shell expanding `$limit` would have broken it).
    expect((await readFile(join(dir, 'cn-provinces.csv'), 'utf8')).split('\n')[0]).toContain('name');
    expect(JSON.parse(curl.stdout).rows.length).toBeGreaterThan(0);
    const js = await run(process.execPath, ['--input-type=module', '-e', code['api-js'] as string]);
    expect(Number(js.stdout.trim())).toBeGreaterThan(30);
  });
});
