/**
 * Benchmark: build time and page weight of the catalogue site for a generated catalogue.
 * Usage: node bench/site-build.ts [datasets=1000]
 * Generates N entries (cloned from the test fixture with new ids, titles and publishers) into a temp
 * snapshot, runs buildSite (Astro + Pagefind) and prints a table. bench/site-lighthouse.ts reuses
 * generateSnapshot and buildGenerated.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite } from '../site/build.ts';
import { readSnapshot } from '../site/src/lib/read-snapshot.ts';

export const FIXTURE = join(import.meta.dirname, '../test/fixtures/catalog-snapshot.json');
const PLACES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '西安', '南京', '重庆'];
const TOPICS = ['人口', '交通', '空气质量', '医疗机构', '学校', '预算', '企业登记', '降水', '公交线路', '行政区划'];

/** A snapshot of n datasets cloned from the fixture (hostile entry left out), written to dir/snapshot.json. */
export function generateSnapshot(n: number, dir: string): { snapshotPath: string; firstId: string } {
  const fixture = readSnapshot(FIXTURE);
  const templates = fixture.datasets.filter((d) => d.entry.id !== 'hostile-metadata');
  const datasets = Array.from({ length: n }, (_, i) => {
    const t = structuredClone(templates[i % templates.length]!);
    const id = `${t.entry.id}-${String(i).padStart(4, '0')}`;
    const place = PLACES[i % PLACES.length]!;
    const topic = TOPICS[Math.floor(i / PLACES.length) % TOPICS.length]!;
    t.entry.id = id;
    t.entry.title = { 'zh-CN': `${place}${topic}数据 ${i}`, en: `${topic} data for ${place} #${i}` };
    t.entry.publisher = {
      ...t.entry.publisher,
      id: `dept-${i % 40}`,
      name: { 'zh-CN': `${place}第${i % 40}局`, en: `Department ${i % 40}` },
    };
    t.entry.keywords = [...t.entry.keywords, place, topic];
    for (const v of t.versions) v.datasetId = id;
    return t;
  });
  const snapshotPath = join(dir, 'snapshot.json');
  writeFileSync(snapshotPath, JSON.stringify({ ...fixture, datasets }));
  return { snapshotPath, firstId: datasets[0]!.entry.id };
}

export function du(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((n, e) => n + du(join(p, e)), 0);
}

export interface GeneratedBuild {
  n: number;
  snapshotPath: string;
  outDir: string;
  firstId: string;
  pages: number;
  ms: number;
}

/** Generates n datasets and builds the site (Astro + Pagefind) into a temp dir. */
export async function buildGenerated(n: number): Promise<GeneratedBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'site-bench-'));
  const { snapshotPath, firstId } = generateSnapshot(n, dir);
  const outDir = join(dir, 'out');
  const r = await buildSite({ snapshotPath, outDir, logLevel: 'error' });
  return { n, snapshotPath, outDir, firstId, ...r };
}

export function buildRows(b: GeneratedBuild): [string, string][] {
  const datasetPage = join(b.outDir, 'datasets', b.firstId, 'index.html');
  const home = join(b.outDir, 'index.html');
  const list = join(b.outDir, 'datasets', 'index.html');
  return [
    ['datasets', String(b.n)],
    ['snapshot size', `${(statSync(b.snapshotPath).size / 1024 / 1024).toFixed(1)} MB`],
    ['HTML pages', String(b.pages)],
    ['build time (Astro + Pagefind)', `${(b.ms / 1000).toFixed(1)} s`],
    ['per dataset', `${(b.ms / b.n).toFixed(1)} ms`],
    ['output size', `${(du(b.outDir) / 1024 / 1024).toFixed(1)} MB`],
    ['Pagefind bundle', `${(du(join(b.outDir, 'pagefind')) / 1024 / 1024).toFixed(1)} MB`],
    ['dataset page (HTML, CSS inline, no JS)', `${(readFileSync(datasetPage).length / 1024).toFixed(1)} KB`],
    ['home page (HTML + inline CSS/JS)', `${(readFileSync(home).length / 1024).toFixed(1)} KB`],
    ['/datasets/ page 1 (HTML)', `${(readFileSync(list).length / 1024).toFixed(1)} KB`],
    ['output dir', b.outDir],
  ];
}

export function table(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return [
    `| ${'metric'.padEnd(w)} | value |`,
    `|${'-'.repeat(w + 2)}|-------|`,
    ...rows.map(([k, v]) => `| ${k.padEnd(w)} | ${v} |`),
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const b = await buildGenerated(Number(process.argv[2] ?? 1000));
  console.log(`\n${table(buildRows(b))}`);
}
