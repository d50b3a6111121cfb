import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { blobValue, type DuckDBValue } from '@duckdb/node-api';
import type { DeidentificationEntry, PublishedField } from '../../core/catalog/schema.ts';
import { profileColumns, searchValueColumns } from '../../core/catalog/value-profile.ts';
import { writtenFormat } from '../../core/catalog/written-forms.ts';
import { type DatasetManifest, type FieldSpec, publishedFields } from '../../core/manifest/schema.ts';
import { csvTriggerSql } from '../../core/protection/csv-injection.ts';
import { SUPPRESSION_HINT, SUPPRESSION_HINT_ZH } from '../../core/protection/deidentification-finding.ts';
import type { ProbeCounts } from '../../core/protection/metadata-date-issues.ts';
import { type WithheldDatePlan, withheldDatePlan } from '../../core/protection/metadata-dates.ts';
import { withheldDateCountsSql } from '../../core/protection/metadata-dates-sql.ts';
import { constraintsPublished, metadataPiiIssues } from '../../core/protection/metadata-pii.ts';
import { keyParams } from '../../core/protection/treatment-sql.ts';
import { datasetKey } from '../../core/protection/treatments/hmac.ts';
import { treatedType } from '../../core/protection/treatments/treated-type.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.ts';
import { rowChecks } from '../../core/validation/checks-sql.ts';
import type { EmptiedCells } from '../../core/validation/emptied-cells.ts';
import {
  batchOf,
  type IssueBatch,
  mergeReport,
  REPORT_CAP,
  type ValidationIssue,
  type ValidationReport,
} from '../../core/validation/report.ts';
import type { RowPlaces } from '../../core/validation/source-rows.ts';
import { stageSql } from '../../core/validation/stage-sql.ts';
import { zh, zhField, zhGrade } from '../../core/validation/zh.ts';
import type { ProcessedRelease, ReleaseProcessor, SourceInput } from '../../ports/release-processor.ts';
import { type DuckDbSession, openDuckDb, scalar } from './duckdb.ts';
import {
  loadCsv,
  type PrepareCsvResult,
  type PreparedCsv,
  prepareCsv,
  readCsvSql,
  stagedRowPlaces,
} from './load-csv.ts';
import { loadStructured } from './load-structured.ts';
import { type LoadedSheet, loadXlsx } from './load-xlsx.ts';
import { profileValues } from './profile-values.ts';
import { type ProtectionResult, protection, scanFindings } from './protection-sql.ts';
import { validateTable } from './validate-table.ts';
import { countWithheldDates, probeCounts, withheldDateIssues } from './withheld-dates.ts';
import { subSecondColumns, writeArtifacts } from './write-artifacts.ts';

export interface ProcessorOptions {
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Called after each step with its wall time (the benchmark's profile); never sees data. */
  readonly onStep?: (step: string, ms: number) => void;
  /**
   * The one-pass staging fast path for a single CSV source (default true); false always takes the
   * detailed path (tests compare the two).
   */
  readonly stagedPath?: boolean;
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
    /** The platform key: treatments use the key derived from it for this dataset (datasetKey). */
    pseudonymKey: Uint8Array;
  }): Promise<ProcessedRelease> {
    const { manifest, sources, workDir } = input;
    // Treatments use the dataset's own key (or its linkage group's), never the platform key itself.
    const key = datasetKey(input.pseudonymKey, manifest);
    await mkdir(workDir, { recursive: true });
    const batches: IssueBatch[] = [batchOf([...gradeIssues(manifest), ...metadataPiiIssues(manifest)])];
    // Dates of the metadata to compare with the raw values of withheld date columns (usually none).
    const datePlan = withheldDatePlan(manifest);
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
      // A single CSV source is prepared once (encoding scan, transcoding, header): for the fast path,
      // and for the detailed one when the fast path declines.
      const soleCsv = manifest.source.format === 'csv' && sources.length === 1 ? sources[0] : undefined;
      const prepared = soleCsv ? await prepareCsv(soleCsv, manifest, workDir, 0) : undefined;
      // Fast path (one CSV file, nothing to report): read, validate and treat in one staging pass.
      const fast =
        this.options.stagedPath !== false && batches[0]?.issues.length === 0 && prepared?.csv
          ? await stagedRelease(db, manifest, prepared.csv, key, step, datePlan)
          : null;
      if (fast) {
        // Only a sole CSV source takes this path: its rows' places for the residual-PII issues.
        const label = soleCsv?.label ?? '';
        const places = new Map(prepared?.csv ? [[label, stagedRowPlaces(prepared.csv)]] : []);
        const prot = await protection.apply(db, manifest, key, {
          step,
          prebuilt: true,
          sources: { labels: [label], places },
        });
        const rowCount = await scalar(db, 'SELECT count(*) FROM pub');
        batches.push(prot.issues, batchOf(suppressedEveryRow(manifest, fast.rowsRead, rowCount)));
        if (datePlan) batches.push(batchOf(await withheldDateIssues(db, manifest, datePlan, fast.dateCounts)));
        const report = withSuppressed(mergeReport(fast.rowsRead, batches), prot);
        if (!report.valid) return scanFindings(report, prot);
        return {
          ...scanFindings(report, prot),
          output: await publish(db, manifest, prot, workDir, step, rowCount, fast.csvTriggered),
        };
      }

      // 1. Read every source file into src_i (all text), with file-level checks.
      const loadedTables: string[] = [];
      // Where each file's rows are (its lines, or sheet rows), for the issues of the row checks.
      const places = new Map<string, RowPlaces>();
      // Cells whose emptiness a loader reported already (a sheet's merged ranges…): not again by the row checks.
      const emptied: EmptiedCells[] = [];
      // Rows read but not staged (the reader rejected them): counted among the rows read.
      let rejectedRows = 0;
      for (const [i, source] of sources.entries()) {
        const r = await loadSource(db, source, manifest, `src_${i}`, workDir, i, prepared);
        rejectedRows += r.rejectedRows ?? 0;
        batches.push(batchOf(r.issues));
        if (r.loaded) loadedTables.push(`src_${i}`);
        if (r.places) places.set(source.label, r.places);
        if (r.emptied) emptied.push(...r.emptied);
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
      const staged = await scalar(db, 'SELECT count(*) FROM src');
      const rowsRead = staged + rejectedRows;
      step('stage');
      // No rows left: "empty" only when reading reported nothing else (a file whose every row was
      // rejected, e.g. after an unterminated quote, is not empty: its rejections say why).
      if (staged === 0 && batches.some((b) => b.issues.length > 0)) return { report: mergeReport(rowsRead, batches) };
      if (staged === 0) {
        batches.push(
          batchOf([
            {
              type: 'file/empty',
              file: sources[0]?.label,
              message: 'the file has a header but no rows',
              hint: 'a release must contain at least one row',
              zh: zh('文件只有表头，没有数据行', '本次发布至少要有一行数据'),
            },
          ]),
        );
        return { report: mergeReport(0, batches) };
      }

      // 2. Types and constraints, every row (text fields without constraints have nothing to check).
      batches.push(
        rowChecks(manifest).length > 0 ? await validateTable(db, manifest, REPORT_CAP, places, emptied) : batchOf([]),
      );
      step('validate');
      let report = mergeReport(rowsRead, batches);
      // Data refused by validation still gets the residual-PII scan (not k-anonymity) when every
      // published column is there, so one report names every problem instead of one kind per attempt.
      const refused = !report.valid;
      if (refused && !(await hasColumns(db, 'src', publishedFields(manifest)))) return { report };
      // The raw values of withheld date columns, for the metadata's dates (src is gone once pub is built).
      const dateCounts =
        datePlan && (await hasColumns(db, 'src', datePlan.fields))
          ? await countWithheldDates(db, manifest, datePlan, 'src')
          : undefined;

      // 3. Cast and protect in one pass (table `pub`): grades and treatments decide what leaves the department.
      const prot = await protection.apply(db, manifest, key, {
        step,
        ordered: loadedTables.length > 1,
        dropAfter: loadedTables,
        residualOnly: refused,
        sources: { labels: sources.map((s) => s.label), places },
      });
      // The rows published: counted once, after protection (and any suppression).
      const rowCount = await scalar(db, 'SELECT count(*) FROM pub');
      batches.push(prot.issues, batchOf(suppressedEveryRow(manifest, rowsRead, rowCount)));
      if (datePlan && dateCounts) batches.push(batchOf(await withheldDateIssues(db, manifest, datePlan, dateCounts)));
      // k-anonymity ran only on data validation did not refuse (the gate suppressed nothing otherwise).
      report = withSuppressed(mergeReport(rowsRead, batches), prot);
      if (!report.valid) return scanFindings(report, prot);

      // 4. Write the artifacts.
      return {
        ...scanFindings(report, prot),
        output: await publish(db, manifest, prot, workDir, step, rowCount),
      };
    } finally {
      db.close();
    }
  }
}

type Session = DuckDbSession;

/** Whether `table` has a column for each field (not so when the header missed one). */
async function hasColumns(db: Session, table: string, fields: readonly Pick<FieldSpec, 'name'>[]): Promise<boolean> {
  const have = new Set((await db.rows<{ column_name: string }>(`DESCRIBE ${table}`)).map((c) => c.column_name));
  return fields.every((f) => have.has(f.name));
}

/**
 * A release whose k-anonymity suppression removed every row would publish an empty dataset: refused
 * like an empty file, saying how many rows went and why.
 */
function suppressedEveryRow(manifest: DatasetManifest, rowsRead: number, rowsKept: number): ValidationIssue[] {
  const ka = manifest.kAnonymity;
  if (!ka?.suppress || rowsRead === 0 || rowsKept > 0) return [];
  return [
    {
      type: 'k-anonymity/below-k',
      field: ka.quasiIdentifiers.join(', '),
      message: `k-anonymity suppression would remove all ${rowsRead} row(s): every group of rows sharing (${ka.quasiIdentifiers.join(', ')}) has fewer than k=${ka.k} rows, so nothing would be published`,
      hint: `a release must contain at least one row: ${SUPPRESSION_HINT}`,
      zh: zh(
        `k-匿名删除会去掉全部 ${rowsRead} 行：按（${ka.quasiIdentifiers.join('、')}）分组，每一组都不足 k=${ka.k} 行，因此没有任何数据可以发布`,
        `本次发布至少要有一行数据：${SUPPRESSION_HINT_ZH}`,
      ),
    },
  ];
}

/**
 * The report with the rows k-anonymity suppression took out of `pub` (the gate's facts), so that
 * whoever decides on the release sees them, not only the de-identification record.
 */
function withSuppressed(report: ValidationReport, prot: ProtectionResult): ValidationReport {
  return prot.suppressed ? { ...report, suppressed: prot.suppressed } : report;
}

/** Published types written as text cells in CSV (the ones CSV-injection neutralisation applies to). */
const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'yearmonth', 'geopoint']);

/** Writes the artifacts of table `pub` and describes them. */
async function publish(
  db: Session,
  manifest: DatasetManifest,
  prot: ProtectionResult,
  workDir: string,
  step: (name: string) => void,
  rowCount: number,
  csvTriggered?: ReadonlySet<string>,
): Promise<NonNullable<ProcessedRelease['output']>> {
  const published = publishedFields(manifest);
  const outDir = join(workDir, 'out');
  await mkdir(outDir, { recursive: true });
  const columns = published.map((f) => {
    const type = prot.publishedType(f);
    // A value read with a `format` without %f/%g has no fraction of a second: no pass over the data to learn it.
    const wholeSeconds = f.format !== undefined && !/%[fg]/.test(f.format);
    return { name: f.name, isText: TEXT_TYPES.has(type), type, wholeSeconds };
  });
  // How date-times and times are written (written-forms.ts): the datapackage declares the same format.
  const subSecond = await subSecondColumns(db, columns);
  const fields: PublishedField[] = published.map((f) => {
    const type = prot.publishedType(f);
    const format = writtenFormat(type, subSecond.has(f.name));
    return { ...publishedField(f, type), ...(format ? { format } : {}) };
  });
  const files = await writeArtifacts(db, columns, outDir, prot.csvSafeSql, {
    step,
    triggered: csvTriggered,
    subSecond,
    connect: db.connect,
  });
  // The value profile reads the Parquet file as written: exactly the published values, nothing withheld.
  const parquet = files.find((f) => f.name === 'data.parquet');
  const profiled = profileColumns(
    fields,
    manifest.piiExceptions.map((e) => e.field),
  );
  // Columns declared `searchValues` (reference data) list every value; the others their common ones.
  const every = searchValueColumns(manifest).filter((c) => profiled.includes(c));
  const valueProfile = parquet ? await profileValues(db, parquet.path, profiled, manifest, every) : [];
  step('profile');
  const preview = await previewRows(db);
  const deidentification: DeidentificationEntry[] = prot.describe();
  step('finish');
  return { files, rowCount, fields, deidentification, preview, valueProfile };
}

/**
 * The fast path for a single CSV source: one staging pass reads the file, trims and casts every cell
 * once, applies the treatments and flags every check (stage-sql.ts); one aggregate then decides
 * validity. Returns null, leaving nothing behind, whenever anything is to be reported (unreadable
 * rows, a failed check, an empty file) or the pass fails: the detailed path then runs from the
 * start and reports exactly as before (row, field, masked value, hint).
 */
async function stagedRelease(
  db: Session,
  manifest: DatasetManifest,
  csv: PreparedCsv,
  key: Uint8Array,
  step: (name: string) => void,
  datePlan: WithheldDatePlan | undefined,
): Promise<{ rowsRead: number; csvTriggered: Set<string>; dateCounts: Map<number, ProbeCounts> } | null> {
  const rejects = 'stage_rejects';
  const discard = async () => {
    for (const t of ['stage', rejects, `${rejects}_scan`]) await db.run(`DROP TABLE IF EXISTS ${t}`);
    return null;
  };
  try {
    const plan = stageSql(manifest, readCsvSql(csv, manifest, rejects), 'stage', 'pkey', {
      dateFields: datePlan?.fields,
      firstColumn: csv.columns[0],
    });
    const params: Record<string, DuckDBValue> = { ...plan.params };
    for (const [k, v] of Object.entries(keyParams(plan.sql, 'pkey', key))) params[k] = blobValue(v);
    await db.run(plan.sql, params);
    step('load');
    const rejected = await scalar(db, `SELECT count(*) FROM ${rejects}`);
    const counts = plan.counts.map((c, i) => `${c.sql} AS c${i}`);
    // The metadata's dates against the withheld date columns' raw values, in the same aggregate.
    const dates = datePlan ? withheldDateCountsSql(datePlan, (f) => plan.dateColumns.get(f.name) as string) : [];
    const distinct = plan.deferred.map((f, i) => `approx_count_distinct(${quoteIdent(f.name)}) AS d${i}`);
    // Text columns with a cell a spreadsheet would run as a formula (the CSV writer neutralises only
    // those). Their staged values are final, except pseudonyms, which are lower-case hex: never a trigger.
    const csvText = publishedFields(manifest).filter(
      (f) => TEXT_TYPES.has(treatedType(f) ?? f.type) && f.treatment?.kind !== 'pseudonymize',
    );
    // Every trigger character sorts below 'A' (bytewise): a column whose smallest value starts at or
    // above 'A' has none, which min() shows far more cheaply than testing every cell.
    const triggers = csvText.map((f, i) => `min(${quoteIdent(f.name)}) >= 'A' AS x${i}`);
    const [row] = await db.rows<Record<string, string | number | boolean | null>>(
      `SELECT ${['count(*) AS n', ...counts, ...distinct, ...triggers, ...dates].join(', ')} FROM stage`,
    );
    const rowsRead = Number(row?.n ?? 0);
    if (rejected > 0 || rowsRead === 0 || plan.counts.some((_, i) => Number(row?.[`c${i}`] ?? 0) !== 0)) {
      return discard();
    }
    const unsure = csvText.filter((_, i) => row?.[`x${i}`] === false);
    const [hit] = unsure.length
      ? await db.rows<Record<string, boolean | null>>(
          `SELECT ${unsure.map((f, i) => `bool_or(${csvTriggerSql(quoteIdent(f.name))}) AS x${i}`).join(', ')} FROM stage`,
        )
      : [];
    const csvTriggered = new Set(unsure.filter((_, i) => hit?.[`x${i}`] === true).map((f) => f.name));
    step('validate');
    await protection.pseudonymizeDeferred(
      db,
      'stage',
      plan.deferred.map((field, i) => ({ field, approxDistinct: Number(row?.[`d${i}`] ?? 0), rows: rowsRead })),
      key,
    );
    for (const c of plan.helperColumns) await db.run(`ALTER TABLE stage DROP COLUMN ${c}`);
    await db.run('ALTER TABLE stage RENAME TO pub');
    for (const t of [rejects, `${rejects}_scan`]) await db.run(`DROP TABLE IF EXISTS ${t}`);
    return { rowsRead, csvTriggered, dateCounts: datePlan ? probeCounts(datePlan, row) : new Map() };
  } catch {
    // Anything unexpected (a malformed file DuckDB throws on): the detailed path reports it.
    return discard();
  }
}

async function loadSource(
  db: Session,
  source: SourceInput,
  manifest: DatasetManifest,
  table: string,
  workDir: string,
  index: number,
  /** prepareCsv's result for a sole CSV source. */
  prepared: PrepareCsvResult | undefined,
): Promise<LoadedSheet> {
  switch (manifest.source.format) {
    case 'csv':
      return loadCsv(db, source, manifest, table, workDir, index, {}, prepared);
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
      zh: zh(
        `${zhField(f.name)}的分级为${zhGrade('core')}（GB/T 43697 重要数据、核心数据）：这类数据一律不发布`,
        '请从导出文件中删除该列；如果分级有误，请与数据安全负责人一起重新分级',
      ),
    }));
}

function publishedField(f: FieldSpec, type: FieldSpec['type']): PublishedField {
  return {
    name: f.name,
    ...(f.title ? { title: f.title } : {}),
    ...(f.description ? { description: f.description } : {}),
    type,
    // Constraints are the department's description of the raw values (an enum of names, the bounds of
    // birth dates): published only for public fields published as they are, never for treated ones.
    // The metadata scan reads the same rule (metadata-pii.ts).
    ...(f.constraints && constraintsPublished(f) && type === f.type ? { constraints: f.constraints } : {}),
    grade: f.grade,
    ...(f.treatment ? { treatment: { ...f.treatment } } : {}),
  };
}

async function previewRows(db: Session) {
  const rows = await db.rows<Record<string, string | number | boolean | null>>('SELECT * FROM pub LIMIT 20');
  const cols = await db.rows<{ column_name: string }>('DESCRIBE pub');
  const columns = cols.map((c) => c.column_name);
  return { columns, rows: rows.map((r) => columns.map((c) => r[c] ?? null)) };
}
