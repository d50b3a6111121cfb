/**
 * Catalogue search benchmark (pentest finding F7): `npm run bench:search [-- --sizes 12,100,1000,5000 --runs 21 --warmup 2 --minutes 10]`.
 *
 * In-process, through the use case the API runs (`searchDatasets`, so the per-snapshot index, its cache, the
 * pinyin and the typo correction are all in the path), over a synthetic catalogue: the 12 real published entries of
 * test/fixtures/search/published-catalogue.json, copied to N entries, each copy with its own id and with Chinese and
 * English words drawn from seeded pools added to its title, keywords and description (so the vocabulary, the
 * bigrams and the pinyin grow with N as a real catalogue's would). Size 12 is the fixture itself, unchanged.
 *
 * Per query: p50 and max of `--runs` timed calls after 2 warm-ups. The catalogue is served as the caching store
 * serves it (the same array until it changes), so the times are the steady state; the cost of a new snapshot
 * (a publication: rebuild; a cache refresh with the same content: reuse) is measured on its own. Prints a
 * markdown table; with `--write` (as `npm run bench:search` runs it) it also writes bench/results/search-<date>.md.
 * Bounded: `--minutes` (10, at most 30).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DatasetEntry } from '../functions/core/catalog/schema.ts';
import type { CatalogStore } from '../functions/ports/catalog-store.ts';
import { searchDatasets } from '../functions/usecases/search-datasets.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};
const SIZES = option('sizes', '12,100,1000,5000').split(',').map(Number);
const RUNS = Math.max(1, Math.min(101, Number(option('runs', '21'))));
const WARMUP = Math.max(0, Math.min(10, Number(option('warmup', '2'))));
const WRITE = args.includes('--write');
const DEADLINE = Date.now() + Math.min(30, Number(option('minutes', '10'))) * 60_000;
const log = (l: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SAMPLE: DatasetEntry[] = JSON.parse(
  readFileSync(join(ROOT, 'test/fixtures/search/published-catalogue.json'), 'utf8'),
);

// ---------- a seeded synthetic catalogue ----------
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const rnd = prng(20261122);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

const ENGLISH =
  'annual budget census school hospital traffic river rainfall population housing transport energy water air pollution noise permit license inspection tax revenue expenditure employment wage price index retail tourism hotel museum library park forest wildlife fishery harvest crop livestock soil land parcel building road bridge railway station bus ferry port cargo customs trade export import enterprise registry court case police fire emergency ambulance clinic vaccine disease birth death marriage election vote district county township village street address postal code boundary coordinate elevation temperature humidity wind storm flood drought earthquake satellite survey sample monthly weekly daily quarterly report summary statistics indicator ranking score complaint request service citizen student teacher graduate university college exam scholarship pension welfare subsidy grant contract procurement tender supplier vendor asset property rent mortgage loan deposit bank insurance claim vehicle accident parking toll fuel electricity gas heating waste recycling sewage drainage reservoir dam canal irrigation'.split(
    ' ',
  );
const SYLLABLES =
  'ba be bi bo ca co da de di do fa fe fi ga go ka ke ki ko la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze zo'.split(
    ' ',
  );
// Pseudo-words (a vocabulary that grows with the catalogue, as real ones do), 3 syllables + a consonant.
const PSEUDO = Array.from(
  { length: 6000 },
  () => pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES) + pick(['n', 'r', 's', 't', 'l', 'm']),
);
const HANZI =
  '数据统计年度人口经济交通医疗教育环境气象水文土地规划建设财政税收就业工资价格指数零售旅游酒店博物馆图书馆公园森林野生动物渔业农作物畜牧土壤地块建筑道路桥梁铁路车站公交轮渡港口货物海关贸易出口进口企业登记法院案件警察消防急救诊所疫苗疾病出生死亡婚姻选举投票区县乡镇村街道地址邮政编码边界坐标海拔温度湿度风暴洪水干旱地震卫星调查样本月周日季报告汇总指标排名评分投诉申请服务市民学生教师毕业大学学院考试奖学金养老福利补贴合同采购供应资产房产租金贷款存款银行保险理赔车辆事故停车收费燃料电力燃气供暖垃圾回收污水排水水库运河灌溉';
const CHINESE = Array.from({ length: 4000 }, () => {
  const n = rnd() < 0.7 ? 2 : 3;
  let w = '';
  for (let i = 0; i < n; i++) w += HANZI[Math.floor(rnd() * HANZI.length)];
  return w;
});
const words = (pool: readonly string[], n: number) => Array.from({ length: n }, () => pick(pool));
const englishWord = () => (rnd() < 0.5 ? pick(ENGLISH) : pick(PSEUDO));

function synthetic(n: number): DatasetEntry[] {
  if (n === SAMPLE.length) return SAMPLE;
  return Array.from({ length: n }, (_, i) => {
    const base = SAMPLE[i % SAMPLE.length] as DatasetEntry;
    const e = structuredClone(base) as DatasetEntry & { title: Record<string, string> };
    const zh = words(CHINESE, 2).join('');
    const en = Array.from({ length: 2 }, englishWord).join(' ');
    return {
      ...e,
      id: `${base.id}-${i}`,
      title: { ...e.title, 'zh-CN': `${e.title['zh-CN'] ?? ''}${zh}`, en: `${e.title.en ?? ''} ${en}` },
      keywords: [...e.keywords, ...words(CHINESE, 2), englishWord(), englishWord()],
      description: {
        ...e.description,
        'zh-CN': `${e.description['zh-CN'] ?? ''}${words(CHINESE, 8).join('，')}。`,
        en: `${e.description.en ?? ''} ${Array.from({ length: 12 }, englishWord).join(' ')}.`,
      },
      updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
    } as DatasetEntry;
  });
}

// ---------- the queries ----------
const nonsense = (len: number) =>
  Array.from({ length: len }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
const upTo200 = (parts: string[]) => {
  let q = '';
  for (const p of parts) if ((q ? q.length + 1 : 0) + p.length <= 200) q = q ? `${q} ${p}` : p;
  return q;
};
/** One substitution per word of 6+ letters, into a letter that makes no other word of the pool. */
function nearTypos(n: number): string {
  const known = new Set([...ENGLISH, ...PSEUDO]);
  const out: string[] = [];
  for (const w of [...ENGLISH, ...PSEUDO]) {
    if (w.length < 6 || out.length >= n) continue;
    const i = 2 + Math.floor(rnd() * (w.length - 3));
    const t = `${w.slice(0, i)}${w[i] === 'q' ? 'x' : 'q'}${w.slice(i + 1)}`;
    if (!known.has(t)) out.push(t);
  }
  return upTo200(out);
}
const catalogueHanzi = [...new Set(SAMPLE.flatMap((e) => [...(e.description['zh-CN'] ?? '')]))].filter((c) =>
  /\p{Script=Han}/u.test(c),
);

const QUERIES: { group: 'normal' | 'adversarial'; name: string; q?: string }[] = [
  { group: 'normal', name: '(no q: the catalogue page)' },
  { group: 'normal', name: '天气', q: '天气' },
  { group: 'normal', name: 'weather', q: 'weather' },
  { group: 'normal', name: 'airports', q: 'airports' },
  { group: 'normal', name: 'xzqh (pinyin initials)', q: 'xzqh' },
  { group: 'normal', name: 'tianqi (pinyin)', q: 'tianqi' },
  { group: 'normal', name: 'seatle (typo → seattle)', q: 'seatle' },
  { group: 'normal', name: '西雅图天气', q: '西雅图天气' },
  // Values of the data (the value profile; cn-counties lists all its 2,942 county names: searchValues).
  { group: 'normal', name: '海淀 (in a value)', q: '海淀' },
  { group: 'normal', name: '海淀區 (a whole value, traditional)', q: '海淀區' },
  { group: 'normal', name: 'haidian (pinyin of a value)', q: 'haidian' },
  { group: 'normal', name: 'ORD (a whole value)', q: 'ORD' },
  // Site review finding 4: theme labels, synonyms (synonyms.ts), Chinese homophones (homophones.ts).
  { group: 'normal', name: '司法 (a theme label)', q: '司法' },
  { group: 'normal', name: '温度 (synonym of 气温)', q: '温度' },
  { group: 'normal', name: 'carbon dioxide (synonym of CO2)', q: 'carbon dioxide' },
  { group: 'normal', name: '西雅徒 (homophone → 西雅图)', q: '西雅徒' },
  {
    group: 'adversarial',
    name: '33 nonsense words, 200 chars (F7)',
    q: upTo200(Array.from({ length: 40 }, () => nonsense(5))),
  },
  {
    group: 'adversarial',
    name: '16 nonsense words of 11-12 letters',
    q: Array.from({ length: 16 }, () => nonsense(11)).join(' '),
  },
  {
    group: 'adversarial',
    name: '13 common + nonsense words, 200 chars (F7)',
    q: upTo200([
      ...'the of and data demo city each row from with for are is'.split(' '),
      ...Array.from({ length: 30 }, () => nonsense(5)),
    ]),
  },
  {
    group: 'adversarial',
    name: '16 common words that all match',
    q: 'the of and data for with from each in by to on at as a is'.split(' ').join(' '),
  },
  { group: 'adversarial', name: '16 near-typos (each one edit from a word)', q: nearTypos(16) },
  {
    group: 'adversarial',
    name: '16 pinyin syllables (joins)',
    q: 'xi ya tu tian qi zhong guo xing zheng qu hua ji chang shu ju shi'.split(' ').join(' '),
  },
  {
    group: 'adversarial',
    name: '200 random CJK of the catalogue',
    q: Array.from({ length: 200 }, () => pick(catalogueHanzi)).join(''),
  },
  {
    group: 'adversarial',
    name: '200 CJK: 数据 + 196 + 数据',
    q: `数据${Array.from({ length: 196 }, () => pick(catalogueHanzi)).join('')}数据`,
  },
  {
    group: 'adversarial',
    name: '16 CJK terms of 12 chars',
    q: Array.from({ length: 16 }, () => Array.from({ length: 11 }, () => pick(catalogueHanzi)).join('')).join(' '),
  },
  {
    group: 'adversarial',
    name: '16 Chinese words found nowhere (homophone lookups)',
    q: Array.from({ length: 16 }, (_, i) => '嘁嚓噼啪嗒嘀咕叽喳嘟囔嗡嘤嘶嚎啾呱咩'.slice(i, i + 2)).join(' '),
  },
  { group: 'adversarial', name: '200 × U+FDFA (NFKC: 3,600 chars) (F7)', q: '\ufdfa'.repeat(200) },
  { group: 'adversarial', name: '200 × U+3300 (NFKC: katakana) (F7)', q: '\u3300'.repeat(200) },
  { group: 'adversarial', name: '22 × U+FDFA (NFKC: 396 chars, under the limit)', q: '\ufdfa'.repeat(22) },
  { group: 'adversarial', name: '100 × U+337F ㍿ (NFKC: 400 CJK, under the limit)', q: '\u337f'.repeat(100) },
  { group: 'adversarial', name: '200 × U+337F ㍿ (NFKC: 800 CJK)', q: '\u337f'.repeat(200) },
  { group: 'adversarial', name: '100 × a + U+0301 (combining)', q: 'a\u0301'.repeat(100) },
  { group: 'adversarial', name: '200 × a (one long word)', q: 'a'.repeat(200) },
  {
    group: 'adversarial',
    name: '16 id-like terms (temp_max-1 …)',
    q: Array.from({ length: 16 }, (_, i) => `temp_max-${i}`).join(' '),
  },
];

// ---------- measuring ----------
interface Row {
  size: number;
  name: string;
  group: string;
  p50: number;
  max: number;
  outcome: string;
}

/** A catalogue store as the caching store behaves: the same array until `serve` hands out another snapshot. */
function store(entries: DatasetEntry[]): CatalogStore & { serve(next: DatasetEntry[]): void } {
  let current = entries;
  return {
    listDatasets: async () => current,
    serve(next: DatasetEntry[]) {
      current = next;
    },
  } as unknown as CatalogStore & { serve(next: DatasetEntry[]): void };
}
const deps = (catalog: CatalogStore) => ({ catalog, publicBaseUrl: 'http://bench' });

async function once(catalog: CatalogStore, q: string | undefined): Promise<{ ms: number; outcome: string }> {
  const t = performance.now();
  let outcome: string;
  try {
    const r = await searchDatasets(deps(catalog), q === undefined ? {} : { q });
    outcome = `${r.total}${r.correctedQ ? ` (→ ${r.correctedQ.slice(0, 16)})` : ''}`;
  } catch (e) {
    outcome = `${(e as { status?: number }).status ?? 'error'}`;
  }
  return { ms: performance.now() - t, outcome };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const rows: Row[] = [];
const snapshots: string[] = [];
const started = new Date();
const loadAtStart = loadavg()[0] ?? 0;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}`;
log(`machine: ${machine}; sizes ${SIZES.join(', ')}; ${RUNS} runs per query after ${WARMUP} warm-ups`);

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

for (const size of SIZES) {
  const heap0 = heap();
  const entries = synthetic(size);
  const catalog = store(entries);
  const heap1 = heap();
  // The first request on this snapshot builds what the snapshot needs (a plain query, then a pinyin one).
  const first = await once(catalog, '天气');
  const heap2 = heap();
  const firstPinyin = await once(catalog, 'tianqi');
  const heap3 = heap();
  // The first query that finds nothing and has a Chinese term builds the homophone vocabulary.
  const firstHomophone = await once(catalog, '西雅徒');
  const heap4 = heap();
  // A cache refresh that brings the same content (new objects, as a store reload gives), then a change.
  catalog.serve(structuredClone(entries));
  const refresh = await once(catalog, '天气');
  const changed = structuredClone(entries);
  (changed[0] as { keywords: string[] }).keywords.push('新关键词');
  catalog.serve(changed);
  const change = await once(catalog, '天气');
  catalog.serve(entries);
  await once(catalog, 'tianqi');
  const line = `${size} entries (${mib(heap1 - heap0)} of heap as parsed entries): first query on a new snapshot ${fmt(first.ms)} ms (heap +${mib(heap2 - heap1)}), first pinyin query ${fmt(firstPinyin.ms)} ms (heap +${mib(heap3 - heap2)}, with the pinyin dictionary when first loaded), first homophone query ${fmt(firstHomophone.ms)} ms (heap +${mib(heap4 - heap3)}), a refresh with the same content ${fmt(refresh.ms)} ms, after a change ${fmt(change.ms)} ms`;
  snapshots.push(line);
  log(line);
  for (const { group, name, q } of QUERIES) {
    if (Date.now() > DEADLINE) throw new Error('benchmark exceeded its time bound (--minutes)');
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const r = await once(catalog, q);
      outcome = r.outcome;
      if (i >= WARMUP) times.push(r.ms);
    }
    times.sort((a, b) => a - b);
    const row = {
      size,
      name,
      group,
      p50: times[Math.floor(times.length / 2)] ?? 0,
      max: times[times.length - 1] ?? 0,
      outcome,
    };
    rows.push(row);
    log(`${size} ${name}: p50 ${fmt(row.p50)} ms, max ${fmt(row.max)} ms → ${outcome}`);
  }
}

// ---------- the table ----------
const header = `| query | ${SIZES.map((s) => `${s.toLocaleString('en')} entries p50 / max ms`).join(' | ')} | answer at ${SIZES.at(-1)?.toLocaleString('en')} |`;
const table = [header, `|---|${SIZES.map(() => '---|').join('')}---|`];
for (const { group, name } of QUERIES) {
  const cells = SIZES.map((s) => {
    const r = rows.find((x) => x.size === s && x.name === name);
    return r ? `${fmt(r.p50)} / ${fmt(r.max)}` : '';
  });
  const last = rows.find((x) => x.size === SIZES.at(-1) && x.name === name);
  table.push(
    `| ${group === 'adversarial' ? '⚠ ' : ''}${name.replaceAll('|', '\\|')} | ${cells.join(' | ')} | ${last?.outcome ?? ''} |`,
  );
}
const out = [
  `- Run: ${started.toISOString()}; machine: ${machine}; 1-min load average ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end`,
  `- ${RUNS} timed runs per query after ${WARMUP} warm-ups; in-process through \`searchDatasets\` (no HTTP); answer = total (→ correctedQ) or the HTTP status of the error`,
  ...snapshots.map((s) => `- ${s}`),
  '',
  ...table,
].join('\n');
console.log(out);
if (WRITE) {
  const file = join(ROOT, `bench/results/search-${started.toISOString().slice(0, 10)}.md`);
  writeFileSync(file, `# Catalogue search benchmark ${started.toISOString().slice(0, 10)}\n\n${out}\n`);
  log(`wrote ${file}`);
}
