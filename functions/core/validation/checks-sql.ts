import type { DatasetManifest, FieldSpec } from '../manifest/schema.ts';
import { paramRef, quoteIdent } from '../sql/quote.ts';
import { castTrimmedSql, duckType, typeHint } from './cast-sql.ts';
import type { IssueType } from './report.ts';

/**
 * The row checks of a manifest (types and constraints) as SQL, shared by the detailed validator
 * (validate-table.ts: counts, then sample rows) and the fused staging pass (stage-sql.ts), so that
 * both decide validity with the same expressions.
 *
 * Expressions read, for the field at index i: `__v<i>` (trimmed text, NULL when empty), `__t<i>`
 * (the value cast to the field's type; only when the type is not text) and the raw column.
 */
export interface RowCheck {
  readonly type: IssueType;
  readonly field: FieldSpec;
  /** SQL condition over table `src` (raw VARCHAR columns + __file, __row) true for offending rows; `?` params. */
  readonly where: string;
  readonly whereParams: readonly string[];
  /** Per-row boolean, true for an offending row (counted with count_if); named params. */
  readonly flag?: string;
  /**
   * Counting aggregate for checks across rows (unique, primary key), given the key expression of
   * each field concerned (the trimmed text, or any injective function of it).
   */
  readonly aggregate?: (key: (f: FieldSpec) => string) => string;
  /** Named parameters of `flag` (name without `$` → text value). */
  readonly params: Readonly<Record<string, string>>;
  /**
   * For checks of repeated values (unique, primary key): the key that rows repeat, and the condition
   * for a row to take part, so the report can name the earlier row each offending row repeats.
   */
  readonly duplicate?: { readonly key: string; readonly among?: string };
  /**
   * The issue's message, given the value as the report shows it (masked, or shortened), the length
   * in characters of the whole cell (DuckDB's length(), as the max-length check counts) and, for
   * repeated values, the earlier row repeated (`at`: where it is in its file, "line 5").
   */
  readonly message: (value: string, length: number, earlier?: EarlierRow) => string;
  readonly hint: string;
}

export const trimmedRef = (i: number) => `__v${i}`;

/** The row a repeated value was first seen in: file ('' for the issue's own), row, and its line or sheet row. */
export type EarlierRow = { file: string; row: number; at?: string };

/** "row 3", "row 3 (line 5)", or "row 3 of a.csv (line 5)" when the release has several files. */
const whereRow = (r: EarlierRow) => `row ${r.row}${r.file ? ` of ${r.file}` : ''}${r.at ? ` (${r.at})` : ''}`;
export const typedRef = (i: number) => `__t${i}`;

/** True when the field's typed value is its trimmed text (text fields: the cast cannot fail). */
export function castIsText(f: Pick<FieldSpec, 'type' | 'format'>): boolean {
  return castTrimmedSql(f, '__x') === '__x';
}

/**
 * In a sheet, a date cell is read as its date whatever `format` says (load-xlsx.ts); a date that does
 * not read is a text cell, which the clerk sees looking like the date cells around it.
 */
function sheetTextNote(manifest: DatasetManifest, f: FieldSpec): string {
  if (manifest.source.format !== 'xlsx' || (f.type !== 'date' && f.type !== 'datetime')) return '';
  return 'the cell is text (or a plain number) in the sheet, not an Excel date (date cells are read as dates whatever `format` says; `format` reads text cells): enter it as a date, or ';
}

/** The checks of every field, in manifest order, then the primary key. */
export function rowChecks(manifest: DatasetManifest): RowCheck[] {
  const checks: RowCheck[] = [];
  for (const [i, f] of manifest.fields.entries()) {
    const col = quoteIdent(f.name);
    const present = `NULLIF(trim(${col}), '') IS NOT NULL`;
    const cast = castTrimmedSql(f, `NULLIF(trim(${col}), '')`);
    const v = trimmedRef(i);
    const text = castIsText(f);
    const typed = text ? v : typedRef(i);
    const p = (suffix: string) => `c${i}_${suffix}`;
    if (!text) {
      // A text field's cast is the trimmed text itself: it cannot fail, so it needs no check.
      checks.push({
        type: 'cell/type',
        field: f,
        where: `${present} AND ${cast} IS NULL`,
        whereParams: [],
        flag: `(${v} IS NOT NULL AND ${typed} IS NULL)`,
        params: {},
        message: (v) => `"${v}" is not a valid ${f.type}`,
        hint: `${sheetTextNote(manifest, f)}write ${typeHint(f)}`,
      });
    }
    const c = f.constraints;
    if (c?.required || manifest.primaryKey.includes(f.name)) {
      checks.push({
        type: 'cell/required',
        field: f,
        where: `NOT (${present})`,
        whereParams: [],
        flag: `(${v} IS NULL)`,
        params: {},
        message: () => `a value is required in "${f.name}"`,
        hint: manifest.primaryKey.includes(f.name)
          ? 'primary key fields must have a value in every row'
          : 'fill the cell, or drop `required` if empty values are legitimate',
      });
    }
    const shift = f.treatment?.kind === 'date-shift' ? f.treatment : undefined;
    const keyIndex = shift ? manifest.fields.findIndex((k) => k.name === shift.keyField) : -1;
    const key = manifest.fields[keyIndex];
    // A date shifted per record needs the record's key: without one, the date would be published as
    // null (one shared shift would be learnt from a single record), silently losing it. A key that is
    // required already has its own check.
    if (shift && key && !key.constraints?.required && !manifest.primaryKey.includes(key.name)) {
      const keyPresent = `NULLIF(trim(${quoteIdent(key.name)}), '') IS NOT NULL`;
      checks.push({
        type: 'cell/required',
        field: key,
        where: `${present} AND NOT (${keyPresent})`,
        whereParams: [],
        flag: `(${v} IS NOT NULL AND ${trimmedRef(keyIndex)} IS NULL)`,
        params: {},
        message: () =>
          `"${key.name}" is empty, but "${f.name}" has a date, which is shifted per "${key.name}" (date-shift keyField): it cannot be shifted`,
        hint: `fill "${key.name}" in every row that has a date in "${f.name}", or key the date-shift by a field that always has a value (mark it \`required\`)`,
      });
    }
    if (c?.enum) {
      const names = c.enum.map((_, j) => p(`e${j}`));
      checks.push({
        type: 'cell/enum',
        field: f,
        where: `${present} AND trim(${col}) NOT IN (${c.enum.map(() => '?').join(', ')})`,
        whereParams: c.enum.map(String),
        // list_contains rather than NOT IN: DuckDB plans a long IN list as a join, which does not
        // keep row order in the staging pass.
        flag: `(${v} IS NOT NULL AND NOT list_contains([${names.map(paramRef).join(', ')}], ${v}))`,
        params: Object.fromEntries(names.map((n, j) => [n, String(c.enum?.[j])])),
        message: (v) => `"${v}" is not one of the allowed values`,
        hint: `use one of: ${c.enum.slice(0, 20).join(', ')}`,
      });
    }
    if (c?.minimum !== undefined) {
      checks.push({
        type: 'cell/minimum',
        field: f,
        where: `${cast} < CAST(? AS ${duckType(f.type)})`,
        whereParams: [String(c.minimum)],
        flag: `(${typed} < CAST(${paramRef(p('min'))} AS ${duckType(f.type)}))`,
        params: { [p('min')]: String(c.minimum) },
        message: (v) => `${v} is below the minimum ${c.minimum}`,
        hint: `values of "${f.name}" must be >= ${c.minimum}; fix the value or the constraint`,
      });
    }
    if (c?.maximum !== undefined) {
      checks.push({
        type: 'cell/maximum',
        field: f,
        where: `${cast} > CAST(? AS ${duckType(f.type)})`,
        whereParams: [String(c.maximum)],
        flag: `(${typed} > CAST(${paramRef(p('max'))} AS ${duckType(f.type)}))`,
        params: { [p('max')]: String(c.maximum) },
        message: (v) => `${v} is above the maximum ${c.maximum}`,
        hint: `values of "${f.name}" must be <= ${c.maximum}; fix the value or the constraint`,
      });
    }
    if (c?.pattern) {
      checks.push({
        type: 'cell/pattern',
        field: f,
        where: `${present} AND NOT regexp_full_match(trim(${col}), ?)`,
        whereParams: [c.pattern],
        flag: `(${v} IS NOT NULL AND NOT regexp_full_match(${v}, ${paramRef(p('pattern'))}))`,
        params: { [p('pattern')]: c.pattern },
        message: (v) => `"${v}" does not match the pattern ${c.pattern}`,
        hint: `values must match the whole pattern ${c.pattern} (RE2 syntax)`,
      });
    }
    if (c?.maxLength) {
      checks.push({
        type: 'cell/max-length',
        field: f,
        where: `length(${col}) > ${Number(c.maxLength)}`,
        whereParams: [],
        flag: `(length(${col}) > ${Number(c.maxLength)})`,
        params: {},
        message: (_, length) => `value is ${length} characters long, more than ${c.maxLength}`,
        hint: `shorten the value or raise maxLength`,
      });
    }
    if (c?.unique) {
      checks.push({
        type: 'cell/unique',
        field: f,
        where: `${present} AND concat(__file, ':', __row) IN (SELECT concat(__file, ':', __row) FROM (SELECT __file, __row, row_number() OVER (PARTITION BY trim(${col}) ORDER BY __file, __row) AS n FROM src WHERE ${present}) WHERE n > 1)`,
        whereParams: [],
        // Rows repeating an earlier value = values present - distinct values (no window in the counting pass).
        aggregate: (key) => `(count(${key(f)}) - count(DISTINCT ${key(f)}))`,
        params: {},
        duplicate: { key: `trim(${col})`, among: present },
        message: (v, _, earlier) => `"${v}" appears in an earlier row too${earlier ? `: ${whereRow(earlier)}` : ''}`,
        hint: `values of "${f.name}" must be unique; remove the duplicate row or drop \`unique\``,
      });
    }
  }
  if (manifest.primaryKey.length > 0) {
    const keyFields = manifest.primaryKey.map((k) => manifest.fields.find((f) => f.name === k) as FieldSpec);
    const trimmed = manifest.primaryKey.map((k) => `trim(${quoteIdent(k)})`).join(', ');
    checks.push({
      type: 'row/primary-key',
      field: keyFields[0] as FieldSpec,
      where: `concat(__file, ':', __row) IN (SELECT concat(__file, ':', __row) FROM (SELECT __file, __row, row_number() OVER (PARTITION BY ${trimmed} ORDER BY __file, __row) AS n FROM src) WHERE n > 1)`,
      whereParams: [],
      // One key column: plain DISTINCT (cheaper than on a struct), NULL counted as one value like row(NULL).
      aggregate: (key) => {
        const k = keyFields.map(key).join(', ');
        return keyFields.length === 1
          ? `(count(*) - count(DISTINCT ${k}) - CASE WHEN count_if(${k} IS NULL) > 0 THEN 1 ELSE 0 END)`
          : `(count(*) - count(DISTINCT row(${k})))`;
      },
      params: {},
      duplicate: { key: trimmed },
      message: (_, __, earlier) =>
        `primary key (${manifest.primaryKey.join(', ')}) repeats ${earlier ? whereRow(earlier) : 'an earlier row'}`,
      hint: 'every row must have a distinct primary key: remove the duplicate or fix the key declaration',
    });
  }
  return checks;
}
