import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatNumber } from '../../site/src/lib/format.ts';
import { markdownToText } from '../../site/src/lib/markdown.ts';
import { apiSnippets, LARGE_FILE_BYTES } from '../../site/src/lib/snippets.ts';
import type { CatalogSnapshot, SnapshotDataset } from '../../site/src/lib/types.ts';
import { launchChromium } from '../support/chromium.ts';
import { startTestPlatform } from '../support/platform.ts';

const run = promisify(execFile);

/**
 * Dataset pages of the real sample datasets, as the local platform builds and serves them: the page
 * speaks its own language (de-identification, types, treatments, preview headers; M4) and marks text in
 * the other one (M5), dates say what they know (L3), the licence link says what it is (L6), empty cells
 * are read (L8), and the code snippets fit the dataset and work when pasted (M8).
 */
describe('dataset pages of the sample catalogue', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  let context: BrowserContext;
  beforeAll(async () => {
    p = await startTestPlatform({
      only: ['la-riots-deaths', 'mauna-loa-co2', 'cn-province-summary-gbk'],
      buildSite: true,
    });
    context = await launchChromium(join(p.dataDir, 'chromium-profile'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await p?.cleanup();
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(`${p.url}${path}`);
    expect(res?.status(), path).toBe(200);
    return page;
  }

  /** The cells of one column of a table, by the table's caption id. */
  const column = (page: Page, caption: string, n: number) =>
    page.locator(`table:has(caption#${caption}) tbody tr > :nth-child(${n})`).allTextContents();

  it('explains de-identification in Chinese on the Chinese page, from the grade and treatment (M4)', async () => {
    const page = await open('/datasets/la-riots-deaths/');
    const actions = await column(page, 'deid-cap', 3);
    const reasons = await column(page, 'deid-cap', 4);
    expect(actions.length).toBeGreaterThan(5);
    for (const text of [...actions, ...reasons]) {
      expect(text).toMatch(/\p{Script=Han}/u);
      expect(text.replace(/GB\/T|YYYY-MM/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    }
    expect(actions).toContain('按宽度 10 分组，标为“下限-上限”，两端都包含');
    expect(actions).toContain('从所有发布文件中删除该列');
    // The published report keeps its English (it is an artifact of the version).
    const report = await (
      await fetch(`${p.url}/v1/datasets/la-riots-deaths/versions/1/deidentification-report.json`)
    ).text();
    expect(report).toContain('column removed from every artifact');

    // Types and treatments in words; preview headers are "title (name)".
    const types = await column(page, 'schema-cap', 3);
    expect(types).toContain('年月');
    expect(types).not.toContain('string');
    const treatments = (await column(page, 'schema-cap', 5)).join(' ');
    expect(treatments).toContain('按 10 分组（如 30-39）');
    expect(treatments).not.toMatch(/generalize-|round-coordinates|=/);
    const headers = await page.locator('table:has(caption#preview-cap) thead th').allTextContents();
    expect(headers[0]).toBe('年龄（10 岁分组） (age)');
    // The source note exists only in English: marked so.
    expect(await page.locator('dl.facts span[lang="en"]', { hasText: 'vega-datasets 3.2.1' }).count()).toBe(1);
    await page.close();
  });

  it('marks every Chinese text on an English page with lang="zh-CN" (M5, WCAG 3.1.2)', async () => {
    for (const path of ['/en/datasets/la-riots-deaths/', '/en/datasets/cn-province-summary-gbk/']) {
      const page = await open(path);
      const unmarked = await page.locator('main').evaluate((main) => {
        const out: string[] = [];
        const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          const text = n.textContent ?? '';
          if (!/\p{Script=Han}/u.test(text)) continue;
          if (n.parentElement?.closest('[lang]')?.getAttribute('lang') !== 'zh-CN') out.push(text);
        }
        return out;
      });
      expect(unmarked, path).toEqual([]);
      await page.close();
    }
  });

  it('shows keywords in the page’s language first, each a link to a search for it (M5)', async () => {
    const en = await open('/en/datasets/la-riots-deaths/');
    const links = en.locator('ul.tags a');
    expect(await links.first().textContent()).toBe('Los Angeles');
    expect(await links.first().getAttribute('lang')).toBeNull();
    const zhKeyword = links.filter({ hasText: '骚乱' });
    expect(await zhKeyword.getAttribute('lang')).toBe('zh-CN');
    expect(await zhKeyword.getAttribute('href')).toBe(`/en/datasets/?q=${encodeURIComponent('骚乱')}`);
    // The contact is named in the page's language.
    const contact = await en.locator('dl.facts dd').nth(1).textContent();
    expect(contact).toMatch(/^Demo City Public Security Bureau/);
    expect(contact).not.toMatch(/\p{Script=Han}/u);
    await links.filter({ hasText: 'riots' }).click();
    await en.locator('#search-results a[href="/en/datasets/la-riots-deaths/"]').first().waitFor({ timeout: 15_000 });
    await en.close();

    const zh = await open('/datasets/la-riots-deaths/');
    expect(await zh.locator('ul.tags a').first().textContent()).toBe('洛杉矶');
    expect(await zh.locator('ul.tags a', { hasText: 'riots' }).getAttribute('lang')).toBe('en');
    expect(await zh.locator('dl.facts dd').nth(1).textContent()).toMatch(
      /^示例市公安局数据开放与个人信息保护办公室 · /,
    );
    // Preview cells in English are marked.
    expect(
      await zh.locator('table:has(caption#preview-cap) td span[lang="en"]', { hasText: 'Male' }).count(),
    ).toBeGreaterThan(0);
    await zh.close();
  });

  it('reads an empty preview cell as “no value” (L8)', async () => {
    for (const [path, hidden] of [
      ['/en/datasets/la-riots-deaths/', 'no value'],
      ['/datasets/la-riots-deaths/', '无值'],
    ] as const) {
      const page = await open(path);
      const cell = page.locator('table:has(caption#preview-cap) td', { hasText: hidden });
      expect(await cell.count(), path).toBe(1);
      expect(await cell.locator('[aria-hidden="true"]').textContent()).toBe('—');
      expect(await cell.locator('.visually-hidden').textContent()).toBe(hidden);
      await page.close();
    }
  });

  it('labels a licence link by what it points to: la-riots-deaths has no licence, only its source page (L6)', async () => {
    const page = await open('/en/datasets/la-riots-deaths/');
    expect(await page.locator('a[rel~="license"]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Read the full licence' }).count()).toBe(0);
    const link = page.getByRole('link', { name: /^Original source page \(spreadsheets\.latimes\.com\)/ });
    expect(await link.getAttribute('href')).toBe('http://spreadsheets.latimes.com/la-riots-deaths/');
    await page.close();
    // A real licence keeps its link.
    const co2 = await open('/en/datasets/mauna-loa-co2/');
    expect(await co2.getByRole('link', { name: 'Read the full licence' }).getAttribute('rel')).toBe('license');
    await co2.close();
  });

  it('shows a one-day period once and partial dates in words, with ISO values in <time datetime> (L3)', async () => {
    const covered = async (path: string, label: string) => {
      const page = await open(path);
      const dd = page.locator(`dl.facts dt:text-is("${label}") + dd`);
      const out = {
        text: await dd.textContent(),
        datetimes: await dd.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime'))),
      };
      await page.close();
      return out;
    };
    expect(await covered('/en/datasets/cn-province-summary-gbk/', 'Time covered')).toEqual({
      text: '30 June 2023',
      datetimes: ['2023-06-30'],
    });
    expect(await covered('/en/datasets/mauna-loa-co2/', 'Time covered')).toEqual({
      text: 'March 1958 – April 2020',
      datetimes: ['1958-03', '2020-04'],
    });
    expect((await covered('/datasets/mauna-loa-co2/', '时间范围')).text).toBe('1958年3月 – 2020年4月');
  });

  /** The text of each snippet `<pre>` of the API section, as a reader copies it. */
  async function snippets(path: string): Promise<Record<string, string>> {
    const page = await open(path);
    const out = await page.$$eval('pre[aria-labelledby^="api-"]', (pres) =>
      Object.fromEntries(pres.map((pre) => [pre.getAttribute('aria-labelledby') ?? '', pre.textContent ?? ''])),
    );
    await page.close();
    return out;
  }

  it('gives each dataset a SoQL example of its own columns that works when pasted (M8)', async () => {
    const seen = new Set<string>();
    for (const id of ['la-riots-deaths', 'mauna-loa-co2', 'cn-province-summary-gbk']) {
      const code = (await snippets(`/en/datasets/${id}/`))['api-soql'] as string;
      seen.add(code);
      expect(code, id).toContain('$where=');
      const { stdout } = await run('bash', ['-c', code]);
      const answer = JSON.parse(stdout) as { columns: { name: string }[]; rows: unknown[][] };
      expect(answer.rows.length, id).toBeGreaterThan(0);
      const record = (
        JSON.parse(await readFile(join(p.dataDir, 'catalog', 'snapshot.json'), 'utf8')) as CatalogSnapshot
      ).datasets.find((d) => d.entry.id === id);
      // Real fields of this dataset.
      for (const c of answer.columns) expect(record?.entry.fields.map((f) => f.name)).toContain(c.name);
      // The query pinned as the page says (its paragraph, not the snippet) answers the version it names.
      const pin = record?.entry.latestVersion;
      const pinned = await run('bash', ['-c', `${code} \\\n  --data-urlencode 'version=${pin}'`]);
      expect(JSON.parse(pinned.stdout).version).toBe(Number(pin));
    }
    expect(seen.size).toBe(3);
    // mauna-loa-co2 has two versions: the query API pinned to the first answers from it.
    const v1 = await (await fetch(`${p.url}/v1/datasets/mauna-loa-co2/query?$limit=1&version=1`)).json();
    expect(v1.version).toBe(1);
    const page = await open('/en/datasets/mauna-loa-co2/');
    expect(await page.locator('section[aria-labelledby="api-h"] p > code', { hasText: '&version=2' }).count()).toBe(1);
    await page.close();
  });

  it('reads a page of the query API from JavaScript, and Parquet from pandas and R, for a large dataset (M8)', async () => {
    const snapshot = JSON.parse(await readFile(join(p.dataDir, 'catalog', 'snapshot.json'), 'utf8')) as CatalogSnapshot;
    const d = snapshot.datasets.find((x) => x.entry.id === 'la-riots-deaths') as SnapshotDataset;
    // The same dataset, as if its files were past the threshold (flights-3m's are, but take 8 s to publish).
    const large: SnapshotDataset = {
      ...d,
      versions: d.versions.map((v) => ({
        ...v,
        artifacts: v.artifacts.map((a) => ({ ...a, bytes: LARGE_FILE_BYTES * 20 })),
      })),
    };
    const code = Object.fromEntries(apiSnippets(large, p.url).map((s) => [s.id, s.code]));
    expect(code.js).not.toContain('data.json"');
    const js = await run(process.execPath, ['--input-type=module', '-e', code.js as string]);
    expect(Number(js.stdout.trim())).toBe(63);
    expect(code.python).toContain('read_parquet');
    expect(code.r).toContain('read_parquet');
    // The small page still reads the whole (small) file.
    expect((await snippets('/en/datasets/la-riots-deaths/'))['api-js']).toContain('data.json');
  });

  /** The published snapshot (the facts the pages are built from). */
  const published = async (id: string): Promise<SnapshotDataset> =>
    (JSON.parse(await readFile(join(p.dataDir, 'catalog', 'snapshot.json'), 'utf8')) as CatalogSnapshot).datasets.find(
      (d) => d.entry.id === id,
    ) as SnapshotDataset;

  it('puts the data files under the title, CSV first, each with its size and what it is for (review finding 5)', async () => {
    for (const [path, width, height] of [
      ['/datasets/la-riots-deaths/', 1280, 900],
      ['/en/datasets/mauna-loa-co2/', 375, 740],
    ] as const) {
      const id = path.split('/').at(-2) as string;
      const d = await published(id);
      const latest = d.versions.find((v) => v.version === d.entry.latestVersion);
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      await page.goto(`${p.url}${path}`);
      const block = page.locator('section.get-data');
      expect(await block.locator('.get-links a').allTextContents(), path).toEqual(['CSV', 'Parquet', 'JSON', 'NDJSON']);
      // The first download link of the page is this CSV, on the first screen (it was 3,000 to 5,700 px down).
      const csv = page.locator('main a[href*="data.csv"]').first();
      expect(await csv.evaluate((a) => a.closest('section')?.className), path).toBe('get-data');
      const top = await csv.evaluate((a) => a.getBoundingClientRect().top + window.scrollY);
      expect(top, path).toBeLessThan(height - 44);
      // The same file as the latest version's row in the full table.
      const inTable = page.locator(`#v${latest?.version} table a`, { hasText: /^data\.csv$/ });
      expect(await csv.getAttribute('href'), path).toBe(await inTable.getAttribute('href'));
      expect(await csv.getAttribute('href'), path).toMatch(
        new RegExp(`/${id}/v0*${latest?.version}/data\\.csv$|/${id}/versions/${latest?.version}/data\\.csv$`),
      );
      // No `download` attribute: with one, a 429 or 410 of the metered link ends as a silent "Failed"
      // download; the file's Content-Disposition saves it (checked below).
      expect(await csv.getAttribute('download'), path).toBeNull();
      expect(await page.locator('main a[download]').count(), path).toBe(0);
      const bytes = latest?.artifacts.find((a) => a.name === 'data.csv')?.bytes ?? 0;
      const size = await block.locator('.get-files li').first().locator('.get-links .muted').textContent();
      expect(size, path).toBe(formatBytes(bytes, path.startsWith('/en/') ? 'en' : 'zh-CN'));
      const uses = await block.locator('.get-use').allTextContents();
      if (path.startsWith('/en/')) {
        expect(uses[0]).toMatch(/^for Excel, WPS Spreadsheets/);
        expect(uses[1]).toMatch(/^for analysis tools \(Python pandas, R, DuckDB\)/);
        expect(uses[2]).toMatch(/^for programs/);
      } else {
        expect(uses[0]).toMatch(/^用 Excel、WPS 表格/);
        expect(uses[1]).toMatch(/^用于数据分析工具/);
        expect(uses[2]).toMatch(/^供程序读取/);
      }
      // The full table of every version's files is where it was, one link away; the contents list leads to each section.
      expect(await block.locator('a[href="#downloads-h"]').count()).toBe(1);
      const targets = await page
        .locator('nav.toc a')
        .evaluateAll((as) => as.map((a) => document.getElementById((a.getAttribute('href') ?? '').slice(1)) !== null));
      expect(targets.length).toBeGreaterThan(5);
      expect(targets.every(Boolean)).toBe(true);
      // The CSV downloads, with its BOM (Excel reads it as UTF-8).
      if (width === 1280) {
        const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
        expect(download.suggestedFilename()).toBe(`${id}-v${latest?.version}-data.csv`);
        const file = await download.path();
        expect((await readFile(file)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      }
      await page.close();
    }
  });

  it('warns where Excel would change a text column, and only there (review finding 6)', async () => {
    const zh = await open('/datasets/la-riots-deaths/');
    const note = zh.locator('section.get-data #excel-note');
    expect(await note.locator('code').allTextContents()).toEqual(['age']);
    const text = await note.textContent();
    expect(text).toContain('10-19');
    expect(text).toContain('“数据 → 从文本/CSV”');
    expect(text).toContain('“文本”');
    expect(text).toContain('WPS 表格');
    expect(text).toContain('Parquet 和 JSON');
    await zh.close();
    const en = await open('/en/datasets/la-riots-deaths/');
    expect(await en.locator('#excel-note').textContent()).toContain('Data → From Text/CSV');
    await en.close();
    // Division codes ([1-6][0-9]) and CO2 numbers: nothing to warn of.
    for (const path of ['/datasets/cn-province-summary-gbk/', '/datasets/mauna-loa-co2/']) {
      const page = await open(path);
      expect(await page.locator('#excel-note').count(), path).toBe(0);
      await page.close();
    }
  });

  it('cuts a long meta description at a sentence, a clause or a word, never inside one (review finding 12)', async () => {
    for (const [path, lang] of [
      ['/en/datasets/la-riots-deaths/', 'en'],
      ['/datasets/la-riots-deaths/', 'zh-CN'],
      ['/en/datasets/mauna-loa-co2/', 'en'],
      ['/datasets/cn-province-summary-gbk/', 'zh-CN'],
    ] as const) {
      const d = await published(path.split('/').at(-2) as string);
      const full = markdownToText(d.entry.description[lang] ?? '')
        .replace(/\s+/g, ' ')
        .trim();
      const page = await open(path);
      const meta = (await page.locator('meta[name="description"]').getAttribute('content')) ?? '';
      await page.close();
      expect(meta.length, path).toBeLessThanOrEqual(lang === 'en' ? 200 : 120);
      if (meta === full) continue;
      const cut = meta.replace(/…+$/, '');
      expect(full.startsWith(cut), path).toBe(true);
      if (meta.endsWith('…')) {
        // An ellipsis follows a whole word (English) or a clause (Chinese).
        if (lang === 'en') expect(full[cut.length], path).toMatch(/[\s,;:)]/);
        else expect(full[cut.length], path).toMatch(/[，；：、]/);
      } else expect(meta, path).toMatch(/[.。!！?？]$/);
    }
  });

  it('says that a field added in a version was added to every row, not "rows changed: 0" alone (review finding 18)', async () => {
    const d = await published('mauna-loa-co2');
    const v1 = d.versions.find((v) => v.version === 1);
    const v2 = d.versions.find((v) => v.version === 2);
    const kept = formatNumber((v2?.rowCount ?? 0) - (v2?.diff?.rowsAdded ?? 0), 'zh-CN');
    expect(kept).toBe(formatNumber(v1?.rowCount ?? 0, 'zh-CN'));
    const page = await open('/datasets/mauna-loa-co2/');
    const items = await page.locator('#v2 h4 + ul > li').allTextContents();
    expect(items).toContain('新增字段：adjusted CO2');
    expect(items).toContain(
      `新增字段加入了每一行：本版全部 ${formatNumber(v2?.rowCount ?? 0, 'zh-CN')} 行，包括第 1 版已有的 ${kept} 行`,
    );
    expect(items).toContain('修改行（只比较两个版本都有、类型未变的字段）：0');
    // The whole diff, one link away, answers.
    const href = (await page.locator('#v2 a', { hasText: '完整变更记录' }).getAttribute('href')) ?? '';
    const answer = (await (await fetch(href)).json()) as { version: number; diff: { fieldsAdded: string[] } };
    expect(answer.version).toBe(2);
    expect(answer.diff.fieldsAdded).toEqual(['adjusted CO2']);
    await page.close();
    const en = await open('/en/datasets/mauna-loa-co2/');
    expect(await en.locator('#v2 h4 + ul > li').allTextContents()).toContain(
      `The new field was added to every row: all ${formatNumber(v2?.rowCount ?? 0, 'en')}, including the ${formatNumber(v1?.rowCount ?? 0, 'en')} kept from version 1`,
    );
    await en.close();
  });

  it.each(['/datasets/la-riots-deaths/', '/en/datasets/mauna-loa-co2/'])(
    'names every landmark once (axe landmark-unique, review finding 17): %s',
    async (path) => {
      const page = await open(path);
      const result = await new AxeBuilder({ page }).withRules(['landmark-unique', 'region']).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.close();
    },
  );

  it.each(['/datasets/la-riots-deaths/', '/en/datasets/la-riots-deaths/', '/en/datasets/mauna-loa-co2/'])(
    'has no axe violations (WCAG 2.1 AA): %s',
    async (path) => {
      const page = await open(path);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.close();
    },
  );
});
