import { type DatasetManifest, type FieldSpec, publishedFields } from '../manifest/schema.ts';
import type { FieldType } from '../manifest/vocabulary.ts';
import type { WithheldDateField } from '../protection/metadata-dates.ts';
import { dateValueSql } from '../protection/metadata-dates-sql.ts';
import { isWithheldTextSource, rawHelperColumns } from '../protection/same-row-values.ts';
import { TEXT_TREATMENTS, treatmentSql } from '../protection/treatment-sql.ts';
import { quoteIdent, quoteLiteral } from '../sql/quote.ts';
import { castTrimmedSql } from './cast-sql.ts';
import { castIsText, type RowCheck, rowChecks, trimmedRef, typedRef } from './checks-sql.ts';
import { NOTE_PATTERN, totalsLabelSql } from './header-row.ts';

/**
 * The fused staging pass of a release (the fast path for a single CSV source): ONE read of the
 * source trims each cell once, casts it once, and writes a table holding the published columns
 * already cast and treated, plus one boolean (any row check failed) and the keys the uniqueness
 * checks need. Validity is then one cheap aggregate over that table (`counts`); when any count is not zero
 * the caller discards the table and runs the detailed validator, which finds the same problems
 * (the checks are the same expressions, checks-sql.ts) and reports each with its row and value.
 *
 * Pseudonymized columns are left as the trimmed text (`deferred`): their keyed HMAC is applied
 * after validation, once per distinct value when there are few (protection-sql.ts).
 */
export interface StagePlan {
  /** CREATE TABLE statement; its named parameters are `params` plus the key blocks (keyParams). */
  readonly sql: string;
  readonly params: Readonly<Record<string, string>>;
  /**
   * Aggregates over the staged table, each a count of offending rows: all per-row checks together
   * (check null), then each uniqueness check. The release passes when every count is zero.
   */
  readonly counts: readonly { readonly check: RowCheck | null; readonly sql: string }[];
  /** Columns only the checks need: dropped once the release is valid. */
  readonly helperColumns: readonly string[];
  /** Published columns that still hold the trimmed source text and must be pseudonymized. */
  readonly deferred: readonly FieldSpec[];
  /**
   * The helper column holding each `dateFields` column's raw value as a DATE, by field name: what the
   * metadata's dates are compared with (metadata-dates.ts), also for a column that is not published.
   */
  readonly dateColumns: ReadonlyMap<string, string>;
}

const BAD = '__gate_bad';
const keyCol = (i: number) => `__gate_k${i}`;
const dateCol = (i: number) => `__gate_d${i}`;
const pubCol = (i: number) => `__gate_p${i}`;

/**
 * `sourceSql` is a relation with the raw text columns named as the manifest's fields (trusted SQL);
 * `firstColumn` is the file's first column (default: the first field).
 */
export function stageSql(
  manifest: DatasetManifest,
  sourceSql: string,
  table: string,
  keyParamName: string,
  options: { dateFields?: readonly WithheldDateField[]; firstColumn?: string } = {},
): StagePlan {
  const fields = manifest.fields;
  const index = new Map(fields.map((f, i) => [f.name, i]));
  const v = (name: string) => trimmedRef(index.get(name) as number);
  const typed = (f: FieldSpec, i: number) => (castIsText(f) ? trimmedRef(i) : typedRef(i));

  const published = new Set(publishedFields(manifest).map((f) => f.name));
  const untrimmed = castUntrimmed(manifest, published);
  const trimmed = fields.map((f, i) => {
    const col = quoteIdent(f.name);
    return `NULLIF(${untrimmed.has(f.name) ? col : `trim(${col})`}, '') AS ${trimmedRef(i)}`;
  });
  const casts = fields.flatMap((f, i) =>
    castIsText(f) ? [] : [`${castTrimmedSql(f, trimmedRef(i))} AS ${typedRef(i)}`],
  );
  const deferred: FieldSpec[] = [];
  const outputs: { expr: string; alias: string; name: string }[] = [];
  for (const [i, f] of fields.entries()) {
    if (!published.has(f.name)) continue;
    const kind = f.treatment?.kind;
    const input = kind && TEXT_TREATMENTS.has(kind) ? trimmedRef(i) : typed(f, i);
    let expr: string | null;
    if (kind === 'pseudonymize') {
      deferred.push(f);
      expr = input;
    } else {
      expr = treatmentSql(f, input, keyParamName, { columnExpr: v, precomputedPads: true });
    }
    outputs.push({ expr: expr ?? 'NULL', alias: pubCol(i), name: f.name });
  }

  const checks = rowChecks(manifest);
  const flags: string[] = [];
  const keys = new Map<number, string>();
  const counts: { check: RowCheck | null; sql: string }[] = [];
  const params: Record<string, string> = {};
  // Key of a uniqueness check: the published column when it is the untreated cast of the trimmed text
  // (distinct values there imply distinct texts, and the cast cannot fail once the type checks pass);
  // otherwise the trimmed text itself, kept in a helper column.
  const keyOf = (f: FieldSpec) => {
    const i = index.get(f.name) as number;
    if (published.has(f.name) && !f.treatment) return quoteIdent(f.name);
    if (!keys.has(i)) keys.set(i, keyCol(i));
    return keyCol(i);
  };
  for (const check of checks) {
    Object.assign(params, check.params);
    if (check.flag) flags.push(check.flag);
    else if (check.aggregate) counts.push({ check, sql: check.aggregate(keyOf) });
  }
  // A row whose cells are all empty but (perhaps) the first is a blank row or a note padded with
  // delimiters, or data in its first cell only: the detailed path tells them apart (blank-and-note-rows.ts).
  // A single column's cells are each looked at for a note. Cheap: COALESCE over cells already trimmed
  // stops at a row's first non-empty one.
  const first = options.firstColumn ?? fields[0]?.name;
  const rest = fields.filter((f) => f.name !== first).map((f) => v(f.name));
  if (first !== undefined && index.has(first)) {
    flags.push(
      rest.length > 0
        ? `(coalesce(${rest.join(', ')}) IS NULL)`
        : `(${v(first)} IS NULL OR regexp_matches(${v(first)}, ${quoteLiteral(NOTE_PATTERN)}, 'i'))`,
    );
    // A totals label (合计, 小计, Total…) in a row's first non-empty cell: the detailed path decides
    // whether the row is a totals row (isTotalsRow). A few byte tests for most rows (totalsLabelSql).
    // In a first column whose type needs a digit (a number, a time), a label already fails the type
    // check: only rows with that cell empty are looked at (a CASE: an AND here would test every row).
    const firstField = fields[index.get(first) as number] as FieldSpec;
    if (!labelFailsCast(firstField)) flags.push(totalsLabelSql(`coalesce(${[v(first), ...rest].join(', ')})`));
    else if (rest.length > 0) {
      flags.push(
        `(CASE WHEN ${v(first)} IS NULL THEN ${totalsLabelSql(`coalesce(${rest.join(', ')})`)} ELSE false END)`,
      );
    }
  }
  // The per-row checks are folded into one flag: the fast path only needs to know whether any row
  // fails any of them (the detailed validator then counts and locates each problem).
  const badFlag = flags.length > 0 ? [`(${flags.join(' OR ')}) AS ${BAD}`] : [];
  if (flags.length > 0) counts.unshift({ check: null, sql: `count_if(${BAD})` });
  const keyExprs = [...keys.entries()].map(([i, col]) => `${trimmedRef(i)} AS ${col}`);
  const dateColumns = new Map<string, string>();
  const dateExprs = (options.dateFields ?? []).map((d) => {
    const i = index.get(d.name) as number;
    dateColumns.set(d.name, dateCol(i));
    return `${dateValueSql(d, typed(fields[i] as FieldSpec, i))} AS ${dateCol(i)}`;
  });

  // The raw text of withheld text columns, kept (not a helper column) until the residual-PII scan has
  // looked for it in the published cells of its row and dropped it (same-row-values.ts).
  const raws = fields.flatMap((f, i) => (isWithheldTextSource(f) ? rawHelperColumns(i, trimmedRef(i)) : []));

  const inner = `SELECT ${['*', ...casts].join(', ')} FROM (SELECT ${['*', ...trimmed].join(', ')} FROM ${sourceSql})`;
  const l3 = [
    ...outputs.map((o) => `${o.expr} AS ${o.alias}`),
    ...badFlag,
    ...keyExprs,
    ...dateExprs,
    ...raws.map((r) => `${r.expr} AS ${r.col}`),
  ];
  const helperColumns = [...(badFlag.length ? [BAD] : []), ...keys.values(), ...dateColumns.values()];
  if (outputs.length === 0) throw new Error('no field is published: every field is dropped, internal or core');
  const sql =
    `CREATE OR REPLACE TABLE ${table} AS SELECT ` +
    [...outputs.map((o) => `${o.alias} AS ${quoteIdent(o.name)}`), ...helperColumns, ...raws.map((r) => r.col)].join(
      ', ',
    ) +
    ` FROM (SELECT ${l3.join(', ')} FROM (${inner}))`;
  return { sql, params, counts, helperColumns, deferred, dateColumns };
}

/**
 * Whether a field's cast fails on every totals label (no digit in one): integer, year, number, time,
 * and a date or date-time read without a format (a format could be letters only). Such a cell is then
 * flagged by the field's type check (checks-sql.ts) without a label test.
 */
function labelFailsCast(f: Pick<FieldSpec, 'type' | 'format'>): boolean {
  return (
    ['integer', 'year', 'number', 'time'].includes(f.type) ||
    ((f.type === 'date' || f.type === 'datetime') && f.format === undefined)
  );
}

/** Field types whose cast ignores surrounding whitespace and yields a value that is not text. */
const WHITESPACE_TOLERANT_CASTS: ReadonlySet<FieldType> = new Set<FieldType>([
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'time',
  'year',
]);

/**
 * Fields this pass casts without trimming their cells first. `trim` copies every string it returns,
 * which is about a third of the pass's cost; a typed field whose every check and use reads only the
 * typed value does not need it. DuckDB's casts, and the shape checks before them (cast-sql.ts),
 * ignore surrounding whitespace, so a cell that casts untrimmed casts to the same value trimmed; one
 * that does not (padded with a no-break or ideographic space, or only spaces) is flagged as a type
 * error, which sends the release to the detailed path, and that path trims. A field keeps the trim when anything reads its text: an enum or
 * pattern check, a text treatment (mask, pseudonymize, truncate-code), another field's date shift
 * keyed by it, a uniqueness key kept as text, or a format with whitespace at its edges.
 */
export function castUntrimmed(manifest: DatasetManifest, published: ReadonlySet<string>): Set<string> {
  const shiftKeys = new Set(
    manifest.fields.flatMap((f) => (f.treatment?.kind === 'date-shift' ? [f.treatment.keyField] : [])),
  );
  const out = new Set<string>();
  for (const f of manifest.fields) {
    const c = f.constraints;
    const keyed = c?.unique || manifest.primaryKey.includes(f.name);
    if (
      WHITESPACE_TOLERANT_CASTS.has(f.type) &&
      (f.format === undefined || f.format.trim() === f.format) &&
      !c?.enum &&
      !c?.pattern &&
      !(f.treatment && TEXT_TREATMENTS.has(f.treatment.kind)) &&
      !shiftKeys.has(f.name) &&
      !(keyed && !(published.has(f.name) && !f.treatment))
    ) {
      out.add(f.name);
    }
  }
  return out;
}
