/**
 * Benchmark: build time and page weight of the catalogue site for a generated catalogue.
 * Usage: node bench/site-build.ts [datasets=1000]
 * Generates N entries (cloned from the test fixture with new ids, titles and publishers) into a temp
 * snapshot, runs buildSite (Astro + Pagefind) and prints a table.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../site/build.ts';
import { readSnapshot } from '../site/src/lib/read-snapshot.ts';

const N = Number(process.argv[2] ?? 1000);
const fixture = readSnapshot(join(import.meta.dirname, '../test/fixtures/catalog-snapshot.json'));
const templates = fixture.datasets.filter((d) => d.entry.id !== 'hostile-metadata');
const PLACES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '西安', '南京', '重庆'];
const TOPICS = ['人口', '交通', '空气质量', '医疗机构', '学校', '预算', '企业登记', '降水', '公交线路', '行政区划'];

const datasets = Array.from({ length: N }, (_, i) => {
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
const snapshot = { ...fixture, datasets };

const dir = mkdtempSync(join(tmpdir(), 'site-bench-'));
const snapshotPath = join(dir, 'snapshot.json');
writeFileSync(snapshotPath, JSON.stringify(snapshot));
const outDir = join(dir, 'out');

const r = await buildSite({ snapshotPath, outDir, logLevel: 'error' });

function du(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((n, e) => n + du(join(p, e)), 0);
}
const datasetPage = join(outDir, 'datasets', datasets[0]!.entry.id, 'index.html');
const home = join(outDir, 'index.html');
const rows: [string, string][] = [
  ['datasets', String(N)],
  ['snapshot size', `${(statSync(snapshotPath).size / 1024 / 1024).toFixed(1)} MB`],
  ['HTML pages', String(r.pages)],
  ['build time (Astro + Pagefind)', `${(r.ms / 1000).toFixed(1)} s`],
  ['per dataset', `${(r.ms / N).toFixed(1)} ms`],
  ['output size', `${(du(outDir) / 1024 / 1024).toFixed(1)} MB`],
  ['Pagefind bundle', `${(du(join(outDir, 'pagefind')) / 1024 / 1024).toFixed(1)} MB`],
  ['dataset page (HTML, CSS inline, no JS)', `${(readFileSync(datasetPage).length / 1024).toFixed(1)} KB`],
  ['home page (HTML + inline CSS/JS)', `${(readFileSync(home).length / 1024).toFixed(1)} KB`],
  ['output dir', outDir],
];
const w = Math.max(...rows.map(([k]) => k.length));
console.log(`\n| ${'metric'.padEnd(w)} | value |\n|${'-'.repeat(w + 2)}|-------|`);
for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
