import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeidentificationEntry, PublishedField } from '../../core/catalog/schema.ts';
import { type DatasetManifest, type FieldSpec, publishedFields } from '../../core/manifest/schema.ts';
import { quoteLiteral } from '../../core/sql/quote.ts';
import { batchOf, type IssueBatch, mergeReport, REPORT_CAP } from '../../core/validation/report.ts';
import type { ProcessedRelease, ReleaseProcessor, SourceInput } from '../../ports/release-processor.ts';
import { openDuckDb, scalar } from './duckdb.ts';
import { loadCsv } from './load-csv.ts';
import { loadStructured } from './load-structured.ts';
import { loadXlsx } from './load-xlsx.ts';
import { protection } from './protection-sql.ts';
import { validateTable } from './validate-table.ts';
import { writeArtifacts } from './write-artifacts.ts';

export interface ProcessorOptions {
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Called after each step with its wall time (the benchmark's profile); never sees data. */
  readonly onStep?: (step: string, ms: number) => void;
}

/**
 * The release pipeline's data engine: DuckDB reads, validates, casts, protects and writes. Nothing
 * is produced unless every check passes (a refused release has only its report).
 */
export class DuckDbReleaseProcessor implements ReleaseProcessor {
  readonly options: ProcessorOptions;
  constructor(options: ProcessorOptions = {}) {
    this.options = options;
  }

  async process(input: {
    manifest: DatasetManifest;
    sources: readonly SourceInput[];
    workDir: string;
    pseudonymKey: Uint8Array;
  }): Promise<ProcessedRelease> {
    const { manifest, sources, workDir } = input;
    await mkdir(workDir, { recursive: true });
    const batches: IssueBatch[] = [batchOf(gradeIssues(manifest))];
    const db = await openDuckDb({
      tempDirectory: join(workDir, 'spill'),
      memoryLimit: this.options.memoryLimit,
      threads: this.options.threads,
    });
    let t0 = performance.now();
    const step = (name: string) => {
      const t = performance.now();
      this.options.onStep?.(name, t - t0);
      t0 = t;
    };
    try {
      // 1. Read every source file into src_i (all text), with file-level checks.
      const loadedTables: string[] = [];
      for (const [i, source] of sources.entries()) {
        const r = await loadSource(db, source, manifest, `src_${i}`, workDir, i);
        batches.push(batchOf(r.issues));
        if (r.loaded) loadedTables.push(`src_${i}`);
      }
      step('load');
      if (loadedTables.length !== sources.length) {
        return { report: mergeReport(0, batches) };
      }
      // `src` is a view: the staged tables are already in file order, so a row's number is its rowid + 1
      // (no window function, no copy). Several files are concatenated in the manifest's order.
      await db.run(
        `CREATE OR REPLACE VIEW src AS ${loadedTables
          .map((t, i) => `SELECT rowid + 1 AS __row, ${quoteLiteral(sources[i]?.label ?? '')} AS __file, * FROM ${t}`)
          .join(' UNION ALL BY NAME ')}`,
      );
      const rowsRead = await scalar(db, 'SELECT count(*) FROM src');
      step('stage');
      if (rowsRead === 0) {
        batches.push(
          batchOf([
            {
              type: 'file/empty',
              file: sources[0]?.label,
              message: 'the file has a header but no rows',
              hint: 'a release must contain at least one row',
            },
          ]),
        );
        return { report: mergeReport(0, batches) };
      }

      // 2. Types and constraints, every row.
      batches.push(await validateTable(db, manifest, REPORT_CAP));
      step('validate');
      let report = mergeReport(rowsRead, batches);
      if (!report.valid) return { report };

      // 3. Cast and protect in one pass (table `pub`): grades and treatments decide what leaves the department.
      const prot = await protection.apply(db, manifest, input.pseudonymKey, {
        step,
        ordered: loadedTables.length > 1,
        dropAfter: loadedTables,
      });
      batches.push(prot.issues);
      report = mergeReport(rowsRead, batches);
      if (!report.valid) return { report };

      // 4. Write the artifacts.
      const published = publishedFields(manifest);
      const outDir = join(workDir, 'out');
      await mkdir(outDir, { recursive: true });
      const fields: PublishedField[] = published.map((f) => publishedField(f, prot.publishedType(f)));
      const files = await writeArtifacts(
        db,
        fields.map((f) => ({
          name: f.name,
          isText: f.type === 'string' || f.type === 'yearmonth' || f.type === 'geopoint',
        })),
        outDir,
        prot.csvSafeSql,
        step,
      );
      const rowCount = await scalar(db, 'SELECT count(*) FROM pub');
      const preview = await previewRows(db);
      const deidentification: DeidentificationEntry[] = prot.describe();
      step('finish');
      return { report, output: { files, rowCount, fields, deidentification, preview } };
    } finally {
      db.close();
    }
  }
}

async function loadSource(
  db: Awaited<ReturnType<typeof openDuckDb>>,
  source: SourceInput,
  manifest: DatasetManifest,
  table: string,
  workDir: string,
  index: number,
) {
  switch (manifest.source.format) {
    case 'csv':
      return loadCsv(db, source, manifest, table, workDir, index);
    case 'xlsx':
      return loadXlsx(db, source, manifest, table, workDir, index);
    case 'parquet':
    case 'json':
    case 'ndjson':
      return loadStructured(db, source, manifest, table, workDir, index);
  }
}

function gradeIssues(manifest: DatasetManifest) {
  return manifest.fields
    .filter((f) => f.grade === 'core')
    .map((f) => ({
      type: 'grade/core' as const,
      field: f.name,
      message: `field "${f.name}" is graded core (GB/T 43697 important/core data): such data is never published`,
      hint: 'remove the column from the export, or regrade it if the grading was wrong (with the data-security officer)',
    }));
}

function publishedField(f: FieldSpec, type: FieldSpec['type']): PublishedField {
  return {
    name: f.name,
    ...(f.title ? { title: f.title } : {}),
    ...(f.description ? { description: f.description } : {}),
    type,
    ...(f.constraints && type === f.type ? { constraints: f.constraints } : {}),
    grade: f.grade,
    ...(f.treatment ? { treatment: { ...f.treatment } } : {}),
  };
}

async function previewRows(db: Awaited<ReturnType<typeof openDuckDb>>) {
  const rows = await db.rows<Record<string, string | number | boolean | null>>('SELECT * FROM pub LIMIT 20');
  const cols = await db.rows<{ column_name: string }>('DESCRIBE pub');
  const columns = cols.map((c) => c.column_name);
  return { columns, rows: rows.map((r) => columns.map((c) => r[c] ?? null)) };
}
