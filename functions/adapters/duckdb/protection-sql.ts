import { blobValue } from '@duckdb/node-api';
import type { DeidentificationEntry } from '../../core/catalog/schema.ts';
import { type DatasetManifest, type FieldSpec, publishedFields } from '../../core/manifest/schema.ts';
import { neutralizeCsvCellSql } from '../../core/protection/csv-injection.ts';
import {
  type DeidentificationFinding,
  type RowSuppression,
  recordedNote,
} from '../../core/protection/deidentification-finding.ts';
import { DETECTORS, type Detector, refusesRelease } from '../../core/protection/detectors/index.ts';
import { maskExample } from '../../core/protection/detectors/mask-example.ts';
import { firstHitPlace, type HitRow, hitRowsText, hitRowsZh } from '../../core/protection/hit-rows.ts';
import { kAnonymityStatsSql, suppressBelowKSql } from '../../core/protection/k-anonymity.ts';
import { INEXACT_NUMBER, scanNumber, scanTextCell } from '../../core/protection/number-scan.ts';
import {
  exceptionUses,
  kAnonymityWarnings,
  type PiiExceptionUse,
  unusedExceptionWarnings,
} from '../../core/protection/pii-exceptions.ts';
import {
  confirmCandidates,
  type PiiCandidateRow,
  piiRowFilter,
  piiScanSql,
} from '../../core/protection/pii-scan-sql.ts';
import {
  HIT_ROWS_LISTED,
  ID_TAIL_LENGTH,
  isWithheldTextSource,
  rawColumn,
  rawHelperColumns,
  SAME_ROW_VALUE,
  type SameRowPair,
  sameRowPairs,
  sameRowResults,
  sameRowScanSql,
  tailColumn,
} from '../../core/protection/same-row-values.ts';
import { keyParams, TEXT_TREATMENTS, treatmentSql } from '../../core/protection/treatment-sql.ts';
import { deidentificationEntry, suppressionEntry } from '../../core/protection/treatments/describe-treatment.ts';
import { treatedType } from '../../core/protection/treatments/treated-type.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.ts';
import { castSql } from '../../core/validation/cast-sql.ts';
import {
  batchOf,
  maskForReport,
  type ValidationIssue,
  type ValidationReport,
  type ValidationWarning,
} from '../../core/validation/report.ts';
import type { RowPlaces } from '../../core/validation/source-rows.ts';
import { zh, zhField, zhGrade } from '../../core/validation/zh.ts';
import type { ProcessedRelease } from '../../ports/release-processor.ts';
import { type DuckDbSession, scalar } from './duckdb.ts';

export interface ProtectionResult {
  readonly issues: ReturnType<typeof batchOf>;
  publishedType(f: FieldSpec): FieldSpec['type'];
  describe(): DeidentificationEntry[];
  csvSafeSql(expr: string): string;
  /** What each declared piiExceptions entry excepted (the platform sign-off and the warnings use it). */
  readonly piiExceptions: readonly PiiExceptionUse[];
  /** Exceptions that excepted nothing (`pii/unused-exception`): reported, never refused. */
  readonly warnings: readonly ValidationWarning[];
  /** The rows k-anonymity suppression took out of `pub` (none suppressed: undefined). */
  readonly suppressed: RowSuppression | undefined;
}

/** The report with the scan's warnings, and what the declared exceptions excepted. */
export function scanFindings(
  report: ValidationReport,
  prot: ProtectionResult,
): Pick<ProcessedRelease, 'report' | 'piiExceptions'> {
  return {
    report: prot.warnings.length > 0 ? { ...report, warnings: [...prot.warnings] } : report,
    piiExceptions: prot.piiExceptions,
  };
}

/** The smallest number an identifier can be written as: an 11-digit mobile number (13x xxxx xxxx). */
const NUMBER_SCAN_FROM = 10_000_000_000;

/** Columns whose published values are keyed HMACs cannot carry personal data: not scanned. */
const UNSCANNED_TREATMENTS = new Set(['pseudonymize', 'redact']);

/**
 * The protection gate inside DuckDB: builds table `pub` from `src` with only the published fields,
 * each cast and treated (the HMAC key is a bound BLOB parameter, never spliced); then scans every
 * row of every published text column for residual personal data and checks k-anonymity.
 */
export const protection = {
  async apply(
    db: DuckDbSession,
    manifest: DatasetManifest,
    key: Uint8Array,
    options: {
      /** Profiling hook. */
      step?: (name: string) => void;
      /** Sort by (file, row): only needed when several staged files are concatenated. */
      ordered?: boolean;
      /** Staged tables dropped once `pub` exists (frees memory before the writers run). */
      dropAfter?: readonly string[];
      /** `pub` was already built, cast and treated (the fused staging pass): only scan and check it. */
      prebuilt?: boolean;
      /**
       * Only the residual-PII scan, no k-anonymity: for data already refused by validation, so that
       * one report names every problem (k-anonymity waits for valid values: a value that failed its
       * cast would count as a NULL).
       */
      residualOnly?: boolean;
      /**
       * The source files' labels (in order) and where their rows are (lines, sheet rows): the
       * residual-PII issues name the file, row and line of their hits like the other issues.
       */
      sources?: SourceRows;
    } = {},
  ): Promise<ProtectionResult> {
    const step = options.step ?? (() => {});
    const fields = publishedFields(manifest);
    if (!options.prebuilt) await createPub(db, manifest, key, options);
    step('treat');
    return scanAndCheck(db, manifest, fields, step, {
      kAnonymity: !options.residualOnly,
      sources: options.sources ?? { labels: [], places: new Map() },
    });
  },

  /**
   * Pseudonymizes columns of `table` that hold the trimmed source text (the staging pass defers
   * them). With few distinct values (`approxDistinct`), the keyed HMAC runs once per distinct value:
   * the values become an ENUM type and each row looks its pseudonym up by the value's ENUM code (an
   * in-place column rewrite that keeps row order, unlike a join). Otherwise it runs per row.
   */
  async pseudonymizeDeferred(
    db: DuckDbSession,
    table: string,
    deferred: readonly { field: FieldSpec; approxDistinct: number; rows: number }[],
    key: Uint8Array,
  ): Promise<void> {
    for (const [i, { field, approxDistinct, rows }] of deferred.entries()) {
      const col = quoteIdent(field.name);
      if (approxDistinct <= DISTINCT_LOOKUP_MAX && approxDistinct * 4 <= rows) {
        const values = `__gate_ps${i}`;
        const type = `__gate_ps${i}_t`;
        const variable = `__gate_ps${i}_h`;
        const hash = treatmentSql(field, 'v', 'pkey', { precomputedPads: true }) as string;
        const build = `CREATE OR REPLACE TEMP TABLE ${values} AS SELECT v, ${hash} AS h FROM (SELECT DISTINCT ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL)`;
        await db.run(build, blobParams(build, key));
        await db.run(`CREATE TYPE ${type} AS ENUM (SELECT v FROM ${values})`);
        await db.run(
          `SET VARIABLE ${variable} = (SELECT list(h ORDER BY enum_code(CAST(v AS ${type}))) FROM ${values})`,
        );
        await db.run(
          `ALTER TABLE ${table} ALTER ${col} TYPE VARCHAR USING (getvariable('${variable}')[enum_code(CAST(${col} AS ${type})) + 1])`,
        );
        await db.run(`RESET VARIABLE ${variable}`);
        await db.run(`DROP TABLE ${values}`);
        await db.run(`DROP TYPE ${type}`);
      } else {
        const sql = `CREATE OR REPLACE TABLE ${table} AS SELECT * REPLACE (${treatmentSql(field, col, 'pkey', { precomputedPads: true })} AS ${col}) FROM ${table}`;
        await db.run(sql, blobParams(sql, key));
      }
    }
  },
};

/** The source files of a release, in order, and where their rows are (for the issues' places). */
export interface SourceRows {
  readonly labels: readonly string[];
  readonly places: ReadonlyMap<string, RowPlaces>;
}

/** Helper columns of `pub` naming each row's file and data row, when several files are concatenated. */
const FILE_COLUMN = '__gate_file';
const ROW_COLUMN = '__gate_row';

/** Distinct values up to which a pseudonym is computed once per value rather than once per row. */
const DISTINCT_LOOKUP_MAX = 200_000;

/** The HMAC key blocks a statement references, as BLOB parameters (never spliced into the SQL). */
function blobParams(sql: string, key: Uint8Array) {
  return Object.fromEntries(Object.entries(keyParams(sql, 'pkey', key)).map(([k, v]) => [k, blobValue(v)]));
}

/** Builds table `pub` from the view `src`: the published fields, cast and treated, in one pass. */
async function createPub(
  db: DuckDbSession,
  manifest: DatasetManifest,
  key: Uint8Array,
  options: { ordered?: boolean; dropAfter?: readonly string[] },
): Promise<void> {
  const fields = publishedFields(manifest);
  const select = fields
    .map((f) => {
      const col = quoteIdent(f.name);
      const input = f.treatment && TEXT_TREATMENTS.has(f.treatment.kind) ? `NULLIF(trim(${col}), '')` : castSql(f, col);
      const expr = treatmentSql(f, input, 'pkey', {
        columnExpr: (n) => `NULLIF(trim(${quoteIdent(n)}), '')`,
        precomputedPads: true,
      });
      return `${expr ?? 'NULL'} AS ${col}`;
    })
    .join(', ');
  // Held while the scan runs, then dropped: the raw text of withheld text columns (same-row-values.ts),
  // and, for several files, each row's file and row (pub's order is then not one file's).
  const have = new Set((await db.rows<{ column_name: string }>('DESCRIBE src')).map((c) => c.column_name));
  const helpers = [
    ...manifest.fields.flatMap((f, i) =>
      isWithheldTextSource(f) && have.has(f.name)
        ? rawHelperColumns(i, `NULLIF(trim(CAST(${quoteIdent(f.name)} AS VARCHAR)), '')`).map(
            (h) => `${h.expr} AS ${h.col}`,
          )
        : [],
    ),
    ...(options.ordered ? [`__file AS ${FILE_COLUMN}`, `__row AS ${ROW_COLUMN}`] : []),
  ];
  const createSql = `CREATE OR REPLACE TABLE pub AS SELECT ${[select, ...helpers].join(', ')} FROM src${options.ordered ? ' ORDER BY __file, __row' : ''}`;
  // HMAC key blocks computed once here and bound as BLOBs (never spliced into the SQL).
  await db.run(createSql, blobParams(createSql, key));
  await db.run('DROP VIEW IF EXISTS src');
  for (const t of options.dropAfter ?? []) await db.run(`DROP TABLE IF EXISTS ${t}`);
}

/** Residual-PII scan and k-anonymity over `pub` (suppressing rows when the manifest allows it). */
async function scanAndCheck(
  db: DuckDbSession,
  manifest: DatasetManifest,
  fields: readonly FieldSpec[],
  step: (name: string) => void,
  checks: { kAnonymity: boolean; sources: SourceRows },
): Promise<ProtectionResult> {
  const issues: ValidationIssue[] = [];
  // What the checks let through or took out, per field (or `a+b`, a suppression over several
  // quasi-identifiers), in the order they found it: the record's note is written from these facts.
  const findings = new Map<string, DeidentificationFinding[]>();
  const note = (field: string, f: DeidentificationFinding) => findings.set(field, [...(findings.get(field) ?? []), f]);
  // The same-row pairs published under an exception: counted again if k-anonymity suppresses rows.
  const sameRowNoted: SameRowPair[] = [];
  // Confirmed hits per `column|detector`, for what the declared exceptions excepted; `found`, those
  // before a k-anonymity suppression took rows out.
  const hits = new Map<string, number>();
  let found: ReadonlyMap<string, number> = hits;
  const pubColumns = new Set((await db.rows<{ column_name: string }>('DESCRIBE pub')).map((c) => c.column_name));
  const locate = hitLocator(db, pubColumns, checks.sources);
  const excepted = (column: string, detector: string) =>
    manifest.piiExceptions.some((e) => e.field === column && e.detector === detector);

  // Residual PII: every row of every published text column (geopoints are text too), and of every
  // published number column (a phone number exported from a spreadsheet is often a number: 13812345678).
  const scanned = fields.filter((f) => {
    const type = treatedType(f);
    return (isText(f) || type === 'integer' || type === 'number') && !UNSCANNED_TREATMENTS.has(f.treatment?.kind ?? '');
  });
  // Enum columns publish only their declared values (validated): those are scanned once, in JS.
  const clean = (f: FieldSpec, v: string | number) =>
    scanTextCell(String(v)).length === 0 && (f.type !== 'number' || scanNumber(Number(v)).length === 0);
  const enumOnly = (f: FieldSpec) =>
    !f.treatment && f.constraints?.enum !== undefined && f.constraints.enum.every((v) => clean(f, v));
  const sqlScanned = scanned.filter((f) => !enumOnly(f));
  if (sqlScanned.length > 0) {
    const numberColumns = sqlScanned.filter((f) => treatedType(f) === 'number').map((f) => f.name);
    const confirmed = await scanPub(db, sqlScanned, DETECTORS, HIT_ROWS_LISTED);
    const groups = new Map<
      string,
      { column: string; detector: string; count: number; examples: string[]; positions: number[] }
    >();
    for (const r of confirmed) {
      const k = `${r.column_name}|${r.detector}`;
      const g = groups.get(k) ?? {
        column: r.column_name,
        detector: r.detector,
        count: 0,
        examples: [],
        positions: [],
      };
      g.count += Number(r.occurrences);
      if (g.examples.length < 3) g.examples.push(maskExample({ detector: r.detector, value: r.candidate }));
      // The group's first rows: the smallest of its values' first rows.
      g.positions = [...new Set([...g.positions, ...(r.first_rows ?? [])])]
        .sort((a, b) => a - b)
        .slice(0, HIT_ROWS_LISTED);
      groups.set(k, g);
    }
    for (const g of groups.values()) {
      const detector = DETECTORS.find((d) => d.id === g.detector);
      if (g.detector !== INEXACT_NUMBER.id) {
        hits.set(`${g.column}|${g.detector}`, g.count);
        const isExcepted = excepted(g.column, g.detector);
        if (!refusesRelease(g.detector, manifest.blockingDetectors) || isExcepted) {
          note(g.column, {
            kind: 'detector-published',
            detector: g.detector,
            values: g.count,
            basis: isExcepted ? 'exception' : 'organisation',
          });
          continue;
        }
      }
      // The first rows, so that a department with a million rows finds every cell to fix in one round:
      // the source file's data row and its line (sheet row), as the other issues give them. A value
      // can occur twice in a row: the list is complete only when the values are few.
      const at = await locate(g.positions);
      const where = hitRowsText(at, g.count <= HIT_ROWS_LISTED);
      const whereZh = hitRowsZh(at, g.count <= HIT_ROWS_LISTED);
      const examplesZh = g.examples.join('、');
      if (g.detector === INEXACT_NUMBER.id) {
        // No exception applies: the published values would not even be the source's.
        const text = !numberColumns.includes(g.column);
        issues.push({
          type: 'pii/residual',
          ...firstHitPlace(at),
          field: g.column,
          value: g.examples.join(', '),
          message: text
            ? `${g.count} value(s) in "${g.column}" hold whole numbers of 16 to 19 digits written as a double prints them (110105199003071000.0, 1.10105199003071e+17), beyond what a double holds exactly (2^53), so their last digits are lost and they cannot be checked: possibly an identifier (a card or ID number), e.g. ${g.examples.join(', ')}${where}`
            : `${g.count} value(s) in "${g.column}" are whole numbers of 16 to 19 digits beyond what a number holds exactly (2^53), so their last digits are lost and they cannot be checked: possibly an identifier (a card or ID number), e.g. ${g.examples.join(', ')}${where}`,
          hint: text
            ? `write identifiers in the source as JSON strings ("…"), not as numbers with a fraction or an exponent, which a JSON reader holds as doubles: they are then published exactly and scanned; a quantity this large belongs in a larger unit`
            : `declare field "${g.column}" as type: string, so that its values are published exactly and scanned as text (an identifier is text, not a quantity); a quantity this large belongs in a larger unit`,
          zh: text
            ? zh(
                `${zhField(g.column)}中有 ${g.count} 个值含有按双精度浮点数格式书写的 16 至 19 位整数（如 110105199003071000.0、1.10105199003071e+17），超出了双精度数能精确表示的范围（2^53），末几位已经丢失，无法核验：可能是证件号或卡号，例如 ${examplesZh}${whereZh}`,
                '请在源文件中把标识符写成 JSON 字符串（"…"），不要写成带小数或指数的数字（JSON 读取时会按双精度数处理）；写成字符串后会原样发布并接受扫描。如果确实是这么大的数量，请改用更大的单位',
              )
            : zh(
                `${zhField(g.column)}中有 ${g.count} 个值是 16 至 19 位的整数，超出了数值能精确表示的范围（2^53），末几位已经丢失，无法核验：可能是证件号或卡号，例如 ${examplesZh}${whereZh}`,
                `请把${zhField(g.column)}声明为 type: string，这样它的值会原样发布并按文本扫描（标识符是文本，不是数量）；如果确实是这么大的数量，请改用更大的单位`,
              ),
        });
        continue;
      }
      if (!detector) continue;
      issues.push({
        type: 'pii/residual',
        ...firstHitPlace(at),
        field: g.column,
        value: g.examples.join(', '),
        message: `${g.count} value(s) in "${g.column}" look like ${detector.label.en} (${detector.label['zh-CN']}), e.g. ${g.examples.join(', ')}${where}`,
        hint: `treat the column (mask, pseudonymize, redact or drop), clean the free text, or declare a justified piiExceptions entry for field "${g.column}" and detector "${g.detector}"`,
        zh: zh(
          `${zhField(g.column)}中有 ${g.count} 个值像是${detector.label['zh-CN']}，例如 ${examplesZh}${whereZh}`,
          `请对该列做脱敏处理（掩码、假名化、置空或删除），或清理其中的自由文本；如果确有理由公开，请在 piiExceptions 中为${zhField(g.column)}和检测器“${g.detector}”声明一条例外并写明理由`,
        ),
      });
    }
  }

  // A withheld column's value in a published cell of the same row (the name of a dropped 负责人 in
  // the remarks): every published text column, enum ones too, against the raw values held in `pub`.
  const sources = manifest.fields.flatMap((f, i) =>
    isWithheldTextSource(f) && pubColumns.has(rawColumn(i))
      ? [{ field: f, name: f.name, rawColumn: rawColumn(i), tailColumn: tailColumn(i) }]
      : [],
  );
  // Every source with its identifier-tail column: a NULL tail (any value not of an identifier's length)
  // makes the first filter look for the whole value, so a column without identifiers needs no count.
  const pairs = sameRowPairs(
    scanned.filter(isText).map((f) => f.name),
    sources,
  );
  if (pairs.length > 0) {
    const [row] = await db.rows<Record<string, unknown>>(sameRowScanSql('pub', pairs));
    for (const [k, r] of sameRowResults(pairs, row).entries()) {
      const p = pairs[k];
      if (!p || r.rows === 0) continue;
      const key = `${p.column}|${SAME_ROW_VALUE.id}`;
      hits.set(key, (hits.get(key) ?? 0) + r.rows);
      if (excepted(p.column, SAME_ROW_VALUE.id)) {
        note(p.column, { kind: 'same-row-value-published', cells: r.rows, source: p.source });
        sameRowNoted.push(p);
        continue;
      }
      const source = sources.find((s) => s.name === p.source)?.field;
      const examples = r.examples.map((e) =>
        e.tail ? `…${maskForReport(e.value)} (its last ${ID_TAIL_LENGTH} characters)` : maskForReport(e.value),
      );
      const examplesZh = r.examples.map((e) =>
        e.tail ? `…${maskForReport(e.value)}（末 ${ID_TAIL_LENGTH} 位）` : maskForReport(e.value),
      );
      const at = await locate(r.positions);
      const how = withheldHow(source);
      issues.push({
        type: 'pii/residual',
        ...firstHitPlace(at),
        field: p.column,
        value: examples.join(', '),
        message: `${r.rows} cell(s) of "${p.column}" hold the same row's value of "${p.source}", which is ${how.en}: e.g. ${examples.join(', ')}${hitRowsText(at, r.rows <= HIT_ROWS_LISTED)}`,
        hint: `remove the value from the text of "${p.column}" in the rows listed (a role instead of a name, no part of an ID number), or treat "${p.column}" too (redact or drop it); if publishing it is justified, declare a piiExceptions entry for field "${p.column}" and detector "${SAME_ROW_VALUE.id}"`,
        zh: zh(
          `${zhField(p.column)}中有 ${r.rows} 个单元格含有同一行${zhField(p.source)}的值，而${zhField(p.source)}${how.zh}：例如 ${examplesZh.join('、')}${hitRowsZh(at, r.rows <= HIT_ROWS_LISTED)}`,
          `请在所列各行中把这个值从${zhField(p.column)}的文本里去掉（写职务而不写姓名，不写证件号的任何部分），或者对${zhField(p.column)}也做脱敏处理（置空或删除）；如果确有理由公开，请在 piiExceptions 中为${zhField(p.column)}和检测器“${SAME_ROW_VALUE.id}”声明一条例外`,
        ),
      });
    }
  }
  // The raw values and row helpers leave `pub` before anything else reads it (k-anonymity, the writers);
  // those of a same-row value published under an exception only after a suppression, which counts
  // again what is published.
  const ka = checks.kAnonymity ? manifest.kAnonymity : undefined;
  const heldRaw = new Set(
    ka?.suppress ? sameRowNoted.flatMap((p) => [p.rawColumn, ...(p.tailColumn ? [p.tailColumn] : [])]) : [],
  );
  const dropHelpers = async (held: boolean) => {
    for (const c of [...sources.flatMap((s) => [s.rawColumn, s.tailColumn]), FILE_COLUMN, ROW_COLUMN]) {
      if (pubColumns.has(c) && heldRaw.has(c) === held) await db.run(`ALTER TABLE pub DROP COLUMN ${quoteIdent(c)}`);
    }
  };
  await dropHelpers(false);

  step('scan');
  // k-anonymity over the declared quasi-identifiers, after treatment.
  let suppressed: RowSuppression | undefined;
  if (ka) {
    const [stats] = await db.rows<{ smallest_class: string | null; rows_below_k: string; classes_below_k: string }>(
      kAnonymityStatsSql('pub', ka.quasiIdentifiers, ka.k),
    );
    const below = Number(stats?.rows_below_k ?? 0);
    if (below > 0) {
      if (ka.suppress) {
        // The rows there are just before suppressing: the share suppressed is of these.
        const of = await scalar(db, 'SELECT count(*) FROM pub');
        // The window reorders rows: the original order is restored from the rowid.
        await db.run(
          `CREATE OR REPLACE TABLE pub AS SELECT * EXCLUDE (__gate_pos) FROM (${suppressBelowKSql('(SELECT *, rowid AS __gate_pos FROM pub)', ka.quasiIdentifiers, ka.k)}) ORDER BY __gate_pos`,
        );
        await recountPublished(db, findings, sqlScanned, sameRowNoted);
        found = new Map(hits);
        recountExcepted(hits, findings, manifest);
        suppressed = { rows: below, of, k: ka.k, quasiIdentifiers: [...ka.quasiIdentifiers] };
        note(ka.quasiIdentifiers.join('+'), { kind: 'k-anonymity-suppression', ...suppressed });
      } else {
        issues.push({
          type: 'k-anonymity/below-k',
          field: ka.quasiIdentifiers.join(', '),
          message: `${stats?.classes_below_k} group(s) of rows sharing the same (${ka.quasiIdentifiers.join(', ')}) have fewer than k=${ka.k} rows: ${below} row(s) in all, the smallest group ${stats?.smallest_class} row(s)`,
          hint: 'generalize the quasi-identifiers further (wider bands, coarser dates or regions), or set kAnonymity.suppress: true to drop those rows',
          zh: zh(
            `按（${ka.quasiIdentifiers.join('、')}）分组，有 ${stats?.classes_below_k} 组不足 k=${ka.k} 行：共涉及 ${below} 行，最小的一组只有 ${stats?.smallest_class} 行`,
            '请进一步泛化准标识符（更宽的区间、更粗的日期或地区），或设置 kAnonymity.suppress: true 删除这些行',
          ),
        });
      }
    }
  }

  await dropHelpers(true);
  if (ka) step('k-anonymity');
  const piiExceptions = exceptionUses(manifest, hits, found);
  return {
    issues: batchOf(issues),
    piiExceptions,
    warnings: [
      ...kAnonymityWarnings(manifest),
      ...unusedExceptionWarnings(piiExceptions, new Set(scanned.map((f) => f.name)), manifest.blockingDetectors),
    ],
    publishedType: (f) => treatedType(f) ?? f.type,
    describe: () => {
      // The English note is the facts' (recordedNote), the facts beside it for the site's other language.
      const noted = (name: string) => {
        const facts = findings.get(name) ?? [];
        return facts.length > 0 ? { note: recordedNote(facts), findings: facts.map((f) => ({ ...f })) } : null;
      };
      const entries = manifest.fields.map((f) => {
        const n = noted(f.name);
        return n ? { ...deidentificationEntry(f, n.note), findings: n.findings } : deidentificationEntry(f);
      });
      for (const k of findings.keys()) {
        // A note on no declared field is a k-anonymity suppression over several quasi-identifiers (a+b).
        const n = noted(k);
        if (n && !manifest.fields.some((f) => f.name === k)) {
          entries.push({ ...suppressionEntry(k, n.note), findings: n.findings });
        }
      }
      return entries;
    },
    csvSafeSql: (expr) => neutralizeCsvCellSql(expr),
    suppressed,
  };
}

/** A published text column (geopoints are text too), as opposed to a number one. */
function isText(f: FieldSpec): boolean {
  return treatedType(f) === 'string' || treatedType(f) === 'geopoint';
}

/**
 * The residual-PII scan of `columns` of `pub`: the detectors' confirmed hits, with the first rows of
 * each (`firstRows`) as positions in `pub`.
 */
async function scanPub(
  db: DuckDbSession,
  columns: readonly FieldSpec[],
  detectors: readonly Detector[],
  firstRows?: number,
): Promise<ReturnType<typeof confirmCandidates>> {
  const names = columns.map((f) => f.name);
  const texts = columns.filter(isText).map((f) => quoteIdent(f.name));
  // Number columns are read as their digits (DuckDB prints 1.1010119900307451e+17): number-scan.ts.
  const numberColumns = columns.filter((f) => treatedType(f) === 'number').map((f) => f.name);
  // One RE2 pass over the row's text decides whether any detector could match; only those rows are
  // probed detector by detector (the alternation matches iff one of the prefilters does). A number
  // can hold an identifier only from 11 digits on (a mobile number; IDs and cards are longer).
  const any = piiRowFilter(detectors);
  const probe = [
    ...(texts.length > 0 ? [`regexp_matches(concat_ws(chr(31), ${texts.join(', ')}), ${quoteLiteral(any)})`] : []),
    ...columns.filter((f) => !isText(f)).map((f) => `abs(${quoteIdent(f.name)}) >= ${NUMBER_SCAN_FROM}`),
  ];
  // rowid: the row's position in `pub` (pub keeps the source order), placed in its file by `locate`.
  const listed = firstRows !== undefined;
  const candidates = `(SELECT ${listed ? 'rowid AS __pii_pos, ' : ''}${names.map(quoteIdent).join(', ')} FROM pub WHERE ${probe.join(' OR ')})`;
  const rows = await db.rows<PiiCandidateRow>(
    piiScanSql(candidates, names, detectors, {
      numberColumns,
      ...(listed ? { rowNumberExpr: '__pii_pos', firstRows } : {}),
    }),
  );
  return confirmCandidates(rows, detectors);
}

/**
 * After k-anonymity suppression, the values and cells the findings say were published are counted
 * again in `pub` as it is now: the rows suppressed are not published, so their values are not either.
 * A finding of which nothing is left is dropped.
 */
async function recountPublished(
  db: DuckDbSession,
  findings: Map<string, DeidentificationFinding[]>,
  scanned: readonly FieldSpec[],
  sameRowNoted: readonly SameRowPair[],
): Promise<void> {
  const noted = [...findings].flatMap(([column, fs]) =>
    fs.flatMap((f) => (f.kind === 'detector-published' ? [{ column, detector: f.detector }] : [])),
  );
  const columns = scanned.filter((f) => noted.some((n) => n.column === f.name));
  const values = new Map<string, number>();
  if (columns.length > 0) {
    // Every detector, as in the first scan: a value is then confirmed as the same detector's.
    for (const r of await scanPub(db, columns, DETECTORS)) {
      const k = `${r.column_name}|${r.detector}`;
      values.set(k, (values.get(k) ?? 0) + Number(r.occurrences));
    }
  }
  const cells = new Map<string, number>();
  if (sameRowNoted.length > 0) {
    const [row] = await db.rows<Record<string, unknown>>(sameRowScanSql('pub', sameRowNoted));
    for (const [k, r] of sameRowResults(sameRowNoted, row).entries()) {
      const p = sameRowNoted[k];
      if (p) cells.set(`${p.column}|${p.source}`, r.rows);
    }
  }
  for (const [column, fs] of findings) {
    const now = fs.flatMap((f): DeidentificationFinding[] => {
      if (f.kind === 'detector-published') {
        const n = values.get(`${column}|${f.detector}`) ?? 0;
        return n > 0 ? [{ ...f, values: n }] : [];
      }
      if (f.kind === 'same-row-value-published') {
        const n = cells.get(`${column}|${f.source}`) ?? 0;
        return n > 0 ? [{ ...f, cells: n }] : [];
      }
      return [f];
    });
    if (now.length > 0) findings.set(column, now);
    else findings.delete(column);
  }
}

/**
 * After a suppression, the hits of each declared exception are what its column's findings (counted
 * again by `recountPublished`) say is still published: the values of its detector, or for
 * `same-row-value` the cells holding a withheld value.
 */
function recountExcepted(
  hits: Map<string, number>,
  findings: ReadonlyMap<string, readonly DeidentificationFinding[]>,
  manifest: DatasetManifest,
): void {
  for (const e of manifest.piiExceptions) {
    const key = `${e.field}|${e.detector}`;
    if (!hits.has(key)) continue;
    const published = (findings.get(e.field) ?? []).reduce((n, f) => {
      if (f.kind === 'detector-published' && f.detector === e.detector) return n + f.values;
      if (f.kind === 'same-row-value-published' && e.detector === SAME_ROW_VALUE.id) return n + f.cells;
      return n;
    }, 0);
    hits.set(key, published);
  }
}

/** What a treatment did to a sensitive column, in English and Chinese (withheldHow). */
const TREATED: Readonly<Record<string, readonly [string, string]>> = {
  drop: ['dropped', '已删除'],
  redact: ['redacted', '已置空'],
  mask: ['masked', '已掩码'],
  pseudonymize: ['pseudonymized', '已假名化'],
};

/** How a withheld column is kept out of the published files, for the message (English and Chinese). */
function withheldHow(f: FieldSpec | undefined): { en: string; zh: string } {
  if (!f) return { en: 'withheld', zh: '不公开' };
  if (f.grade === 'internal' || f.grade === 'core') {
    return { en: `graded ${f.grade} (never published)`, zh: `分级为${zhGrade(f.grade)}（一律不发布）` };
  }
  const kind = f.treatment?.kind ?? 'none';
  const [en, zhWords] = TREATED[kind] ?? [`treated (${kind})`, `已做脱敏处理（${kind}）`];
  return { en: `graded sensitive and ${en}`, zh: `分级为敏感，${zhWords}` };
}

/**
 * Where rows of `pub` (by position) are in the sources: the file and its data row (a sole file's
 * row is the position + 1; several files' rows are in helper columns), and the line (sheet row) the
 * file's places give.
 */
function hitLocator(
  db: DuckDbSession,
  pubColumns: ReadonlySet<string>,
  sources: SourceRows,
): (positions: readonly number[]) => Promise<HitRow[]> {
  return async (positions) => {
    if (positions.length === 0) return [];
    const rows: { file?: string; row: number }[] = pubColumns.has(FILE_COLUMN)
      ? (
          await db.rows<{ p: string | number; f: string; r: string | number }>(
            `SELECT rowid AS p, ${FILE_COLUMN} AS f, ${ROW_COLUMN} AS r FROM pub WHERE rowid IN (${positions.map((p) => Math.trunc(p)).join(', ')}) ORDER BY rowid`,
          )
        ).map((r) => ({ file: r.f, row: Number(r.r) }))
      : positions.map((p) => ({ ...(sources.labels.length === 1 ? { file: sources.labels[0] } : {}), row: p + 1 }));
    const placesOf = new Map<string, ReadonlyMap<number, number>>();
    for (const file of new Set(rows.flatMap((r) => (r.file === undefined ? [] : [r.file])))) {
      const p = sources.places.get(file);
      if (p) placesOf.set(file, await p.of(rows.filter((r) => r.file === file).map((r) => r.row)));
    }
    return rows.map((r) => {
      const unit = r.file === undefined ? undefined : sources.places.get(r.file)?.unit;
      const n = r.file === undefined ? undefined : placesOf.get(r.file)?.get(r.row);
      return { ...r, ...(unit && n !== undefined ? { place: { unit, n } } : {}) };
    });
  };
}
