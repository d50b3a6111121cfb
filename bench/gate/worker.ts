/**
 * One measured job, in its own process so its peak RSS is its own:
 *   worker.ts gate <manifest.json> <csv> <workDir>   — the release processor (validate, treat, scan, write)
 *   worker.ts copy <csv> <out.parquet>               — plain DuckDB COPY (SELECT * FROM read_csv(...)) TO parquet
 * Prints one JSON line: { ms, rows, maxRssMb, steps, valid }.
 */
import { readFile, rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbReleaseProcessor } from '../../functions/adapters/duckdb/duckdb-release-processor.ts';
import { DatasetManifest } from '../../functions/core/manifest/schema.ts';

const [mode, ...args] = process.argv.slice(2);
const rssMb = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'gate') {
  const [manifestPath, csv, workDir] = args as [string, string, string];
  const manifest = DatasetManifest.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
  const steps: Record<string, number> = {};
  const processor = new DuckDbReleaseProcessor({
    threads: Number(process.env.GATE_THREADS ?? 2),
    memoryLimit: process.env.GATE_MEMORY ?? '1GB',
    onStep: (s, ms) => {
      steps[s] = (steps[s] ?? 0) + ms;
    },
  });
  const t0 = performance.now();
  const r = await processor.process({
    manifest,
    sources: [{ label: 'data.csv', path: csv }],
    workDir,
    pseudonymKey: new Uint8Array(32).fill(9),
  });
  const ms = performance.now() - t0;
  if (!r.report.valid) console.error(JSON.stringify(r.report.issues.slice(0, 5)));
  console.log(
    JSON.stringify({
      ms,
      rows: r.report.rowsRead,
      maxRssMb: rssMb(),
      steps,
      valid: r.report.valid,
      out: r.output?.rowCount,
    }),
  );
  await rm(workDir, { recursive: true, force: true });
} else if (mode === 'copy') {
  const [csv, out] = args as [string, string];
  const inst = await DuckDBInstance.create(':memory:', { threads: process.env.GATE_THREADS ?? '2' });
  const c = await inst.connect();
  const t0 = performance.now();
  await c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${out}' (FORMAT parquet)`);
  const ms = performance.now() - t0;
  const n = Number((await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${out}')`)).getRows()[0]?.[0]);
  c.closeSync();
  inst.closeSync();
  console.log(JSON.stringify({ ms, rows: n, maxRssMb: rssMb(), steps: {}, valid: true }));
  await rm(out, { force: true });
} else {
  console.error('usage: worker.ts gate <manifest.json> <csv> <workDir> | copy <csv> <out.parquet>');
  process.exit(2);
}
