/**
 * One measured job, in its own process so its peak RSS is its own:
 *   worker.ts gate <manifest.json> <csv> <workDir>   — the release processor (validate, treat, scan, write)
 *   worker.ts copy <csv> <out.parquet>               — plain DuckDB COPY (SELECT * FROM read_csv(...)) TO parquet
 *   worker.ts formats <csv> <workDir>                — the floor of the gate's design: read the CSV (types
 *                                                      detected) and write the four published formats with the
 *                                                      gate's own writer, with no check, treatment or scan
 * Prints one JSON line: { ms, rows, maxRssMb, steps, valid }.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDb, scalar } from '../../functions/adapters/duckdb/duckdb.ts';
import { DuckDbReleaseProcessor } from '../../functions/adapters/duckdb/duckdb-release-processor.ts';
import { writeArtifacts } from '../../functions/adapters/duckdb/write-artifacts.ts';
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
} else if (mode === 'formats') {
  const [csv, workDir] = args as [string, string];
  const db = await openDuckDb({
    tempDirectory: `${workDir}/spill`,
    threads: Number(process.env.GATE_THREADS ?? 2),
    memoryLimit: process.env.GATE_MEMORY ?? '1GB',
  });
  await mkdir(workDir, { recursive: true });
  const t0 = performance.now();
  await db.run(`CREATE TABLE pub AS SELECT * FROM read_csv('${csv}')`);
  const columns = (await db.rows<{ column_name: string; column_type: string }>('DESCRIBE pub')).map((c) => ({
    name: c.column_name,
    isText: c.column_type === 'VARCHAR',
  }));
  // No cell is neutralised (the empty trigger set): the floor skips every check the gate makes.
  await writeArtifacts(db, columns, workDir, (e) => e, { triggered: new Set(), connect: db.connect });
  const ms = performance.now() - t0;
  const rows = await scalar(db, 'SELECT count(*) FROM pub');
  db.close();
  console.log(JSON.stringify({ ms, rows, maxRssMb: rssMb(), steps: {}, valid: true }));
  await rm(workDir, { recursive: true, force: true });
} else {
  console.error(
    'usage: worker.ts gate <manifest.json> <csv> <workDir> | copy <csv> <out.parquet> | formats <csv> <workDir>',
  );
  process.exit(2);
}
