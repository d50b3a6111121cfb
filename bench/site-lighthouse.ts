/**
 * Benchmark: Lighthouse (npm `lighthouse`, node API) with the Debian Chromium on the catalogue site,
 * built from the test fixture and from a generated 1,000-dataset catalogue (bench/site-build.ts),
 * served on 127.0.0.1. Median of 3 runs per page (default mobile config, simulated throttling).
 * Checks the bars of issue 6: performance >= 0.95, accessibility = 1, best practices >= 0.95,
 * SEO >= 0.95; HTML + CSS + JS of a dataset page (without the search index) <= 100 KB; the
 * 1,000-dataset build (site + search index) <= 60 s. Prints a Markdown report; exit code 1 if a bar fails.
 *
 * Usage: node bench/site-lighthouse.ts [--runs 3] [--datasets 1000] [--write]
 *   --write  also writes bench/results/site-<date>.md
 * Env: CHROME_PATH (default /usr/bin/chromium).
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { buildSite } from '../site/build.ts';
import { serveStatic } from '../test/e2e/static-server.ts';
import { CHROMIUM_FLAGS } from '../test/support/chromium.ts';
import { buildGenerated, buildRows, FIXTURE, table } from './site-build.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    datasets: { type: 'string', default: '1000' },
    write: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const N = Number(args.datasets);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];
const BARS: Record<Category, number> = { performance: 0.95, accessibility: 1, 'best-practices': 0.95, seo: 0.95 };
const WEIGHT_BAR = 100 * 1024;
const BUILD_BAR_MS = 60_000;
const FLAGS = [...CHROMIUM_FLAGS];

interface Run {
  scores: Record<Category, number>;
  /** Decoded bytes of HTML + CSS + JS, excluding /pagefind/. */
  weight: number;
  /** All bytes over the wire (transfer size), everything. */
  transfer: number;
  failing: string[];
  lcp: number;
  tbt: number;
  cls: number;
}

async function lighthouseOnce(url: string): Promise<Run> {
  const profile = mkdtempSync(join(tmpdir(), 'lh-profile-'));
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS, userDataDir: profile });
  try {
    const r = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    if (!r) throw new Error(`Lighthouse returned nothing for ${url}`);
    const lhr = r.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? 0])) as Record<
      Category,
      number
    >;
    const items = ((lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)?.items ?? []) as {
      url: string;
      resourceType?: string;
      resourceSize?: number;
      transferSize?: number;
    }[];
    let weight = 0;
    let transfer = 0;
    for (const i of items) {
      transfer += i.transferSize ?? 0;
      if (new URL(i.url).pathname.startsWith('/pagefind/')) continue;
      if (['Document', 'Stylesheet', 'Script'].includes(i.resourceType ?? '')) weight += i.resourceSize ?? 0;
    }
    const failing = Object.values(lhr.categories).flatMap((c) =>
      c.auditRefs
        .filter((a) => a.weight > 0)
        .map((a) => lhr.audits[a.id]!)
        .filter((a) => a.score !== null && a.score < 0.9)
        .map((a) => `${c.id}/${a.id} (${a.score})`),
    );
    const num = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    return {
      scores,
      weight,
      transfer,
      failing,
      lcp: num('largest-contentful-paint'),
      tbt: num('total-blocking-time'),
      cls: num('cumulative-layout-shift'),
    };
  } finally {
    chrome.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

interface PageResult {
  site: string;
  path: string;
  runs: Run[];
}

async function audit(site: string, root: string, paths: string[]): Promise<PageResult[]> {
  const server = await serveStatic(root);
  try {
    const out: PageResult[] = [];
    for (const path of paths) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(await lighthouseOnce(server.url + path));
        process.stderr.write(`${site} ${path} run ${i + 1}: ${JSON.stringify(runs.at(-1)!.scores)}\n`);
      }
      out.push({ site, path, runs });
    }
    return out;
  } finally {
    await server.close();
  }
}

const startLoad = loadavg()[0]!;
const started = new Date();

// 1. The fixture catalogue.
const fixtureOut = join(mkdtempSync(join(tmpdir(), 'site-lh-')), 'out');
const fixtureBuild = await buildSite({ snapshotPath: FIXTURE, outDir: fixtureOut, logLevel: 'error' });
const results = await audit('fixture', fixtureOut, ['/', '/datasets/admin-divisions/', '/en/datasets/clinic-visits/']);

// 2. The generated catalogue (the build is timed; its pages are audited too).
const big = await buildGenerated(N);
results.push(...(await audit(`${N} datasets`, big.outDir, ['/', `/datasets/${big.firstId}/`, '/datasets/'])));

// Report.
const fmt = (x: number) => x.toFixed(2);
const lines: string[] = [];
let ok = true;
lines.push(`| site | page | ${CATEGORIES.join(' | ')} | LCP ms | TBT ms | CLS | HTML+CSS+JS KB | transfer KB | bars |`);
lines.push(`|---|---|${CATEGORIES.map(() => '---|').join('')}---|---|---|---|---|---|`);
for (const r of results) {
  const med = Object.fromEntries(CATEGORIES.map((c) => [c, median(r.runs.map((x) => x.scores[c]))])) as Record<
    Category,
    number
  >;
  const weight = median(r.runs.map((x) => x.weight));
  const isDataset = /^\/(en\/)?datasets\/[^/]+\/$/.test(r.path);
  const pass = CATEGORIES.every((c) => med[c] >= BARS[c]) && (!isDataset || weight <= WEIGHT_BAR);
  ok &&= pass;
  lines.push(
    `| ${r.site} | \`${r.path}\` | ${CATEGORIES.map((c) => `${fmt(med[c])} (${r.runs.map((x) => fmt(x.scores[c])).join(' ')})`).join(' | ')} | ${Math.round(median(r.runs.map((x) => x.lcp)))} | ${Math.round(median(r.runs.map((x) => x.tbt)))} | ${fmt(median(r.runs.map((x) => x.cls)))} | ${(weight / 1024).toFixed(1)}${isDataset ? ' (≤ 100)' : ''} | ${(median(r.runs.map((x) => x.transfer)) / 1024).toFixed(1)} | ${pass ? 'pass' : 'FAIL'} |`,
  );
}
const failing = [...new Set(results.flatMap((r) => r.runs.flatMap((x) => x.failing.map((f) => `${r.path}: ${f}`))))];
const buildOk = big.ms <= BUILD_BAR_MS;
ok &&= buildOk;

const cpu = cpus();
const chromiumVersion = execFileSync(CHROME, ['--version'], { encoding: 'utf8' }).trim();
const lhVersion = JSON.parse(
  readFileSync(join(import.meta.dirname, '../node_modules/lighthouse/package.json'), 'utf8'),
).version;
const date = started.toISOString().slice(0, 10);
const report = `# Catalogue site benchmark ${date}

- Run: ${started.toISOString()}; machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}; 1-min load average ${startLoad.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (shared machine)
- Lighthouse ${lhVersion} (node API, default mobile config with simulated throttling, categories performance / accessibility / best-practices / SEO), ${chromiumVersion} headless; ${RUNS} runs per page, fresh profile each; site served by a static Node server on 127.0.0.1 (no compression)
- Scores: median (the ${RUNS} runs in brackets). Bars: performance ≥ 0.95, accessibility = 1.00, best practices ≥ 0.95, SEO ≥ 0.95; dataset page HTML + CSS + JS (decoded, without /pagefind/) ≤ 100 KB
- Fixture catalogue: \`test/fixtures/catalog-snapshot.json\`, ${fixtureBuild.pages} HTML pages built in ${(fixtureBuild.ms / 1000).toFixed(1)} s

${lines.join('\n')}

## Build of ${N} generated datasets (bench/site-build.ts; bar ≤ 60 s: ${buildOk ? 'pass' : 'FAIL'})

${table(buildRows(big).filter(([k]) => k !== 'output dir'))}
${failing.length ? `\nAudits scoring < 0.9 in some run:\n\n${failing.map((f) => `- ${f}`).join('\n')}\n` : ''}
Reproduce: \`npm run bench:site\` (or \`node bench/site-lighthouse.ts --write\`).
`;
console.log(report);
if (args.write) {
  const file = join(import.meta.dirname, 'results', `site-${date}.md`);
  writeFileSync(file, report);
  console.error(`written ${file}`);
}
process.exit(ok ? 0 : 1);
