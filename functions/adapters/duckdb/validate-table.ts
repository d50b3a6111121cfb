import type { DuckDBValue } from '@duckdb/node-api';
import type { DatasetManifest, FieldSpec } from '../../core/manifest/schema.ts';
import { quoteIdent } from '../../core/sql/quote.ts';
import { castSql, duckType, typeHint } from '../../core/validation/cast-sql.ts';
import { type IssueBatch, type IssueType, maskForReport, type ValidationIssue } from '../../core/validation/report.ts';
import type { DuckDbSession } from './duckdb.ts';

interface Check {
  readonly type: IssueType;
  readonly field: FieldSpec;
  /** SQL condition over table `src` that is true for offending rows. */
  readonly where: string;
  /**
   * Aggregate counting offending rows in the single counting pass, over the pre-computed relation
   * (`__v<i>` trimmed text or NULL, `__t<i>` typed value, raw columns). Its `?` parameters are `params`.
   */
  readonly count: string;
  readonly params: DuckDBValue[];
  readonly message: (value: string) => string;
  readonly hint: string;
}

/**
 * Checks every row of `src` (VARCHAR columns + __row) against the declared types and constraints.
 * One aggregate pass counts all problems; sample rows are fetched only for checks that failed.
 */
export async function validateTable(db: DuckDbSession, manifest: DatasetManifest, cap: number): Promise<IssueBatch> {
  const checks: Check[] = [];
  // Each field's trimmed text and typed value are computed once per row in an inner projection; the
  // counting pass reads them (aggregate FILTER clauses would otherwise re-evaluate trims and casts per check).
  const computed: string[] = [];
  for (const [i, f] of manifest.fields.entries()) {
    const col = quoteIdent(f.name);
    const present = `NULLIF(trim(${col}), '') IS NOT NULL`;
    const cast = castSql(f, col);
    const v = `__v${i}`;
    const tv = `__t${i}`;
    computed.push(`NULLIF(trim(${col}), '') AS ${v}`);
    const castIsText = cast === `NULLIF(trim(${col}), '')`;
    if (!castIsText) computed.push(`${cast} AS ${tv}`);
    const typed = castIsText ? v : tv;
    // A text field's cast is the trimmed text itself: it cannot fail, so it needs no counting.
    checks.push({
      type: 'cell/type',
      field: f,
      where: `${present} AND ${cast} IS NULL`,
      count: castIsText ? '0' : `count_if(${v} IS NOT NULL AND ${tv} IS NULL)`,
      params: [],
      message: (v) => `"${v}" is not a valid ${f.type}`,
      hint: `write ${typeHint(f)}`,
    });
    const c = f.constraints;
    if (c?.required || manifest.primaryKey.includes(f.name)) {
      checks.push({
        type: 'cell/required',
        field: f,
        where: `NOT (${present})`,
        count: `count_if(${v} IS NULL)`,
        params: [],
        message: () => `a value is required in "${f.name}"`,
        hint: manifest.primaryKey.includes(f.name)
          ? 'primary key fields must have a value in every row'
          : 'fill the cell, or drop `required` if empty values are legitimate',
      });
    }
    if (c?.enum) {
      checks.push({
        type: 'cell/enum',
        field: f,
        where: `${present} AND trim(${col}) NOT IN (${c.enum.map(() => '?').join(', ')})`,
        count: `count_if(${v} IS NOT NULL AND ${v} NOT IN (${c.enum.map(() => '?').join(', ')}))`,
        params: c.enum.map(String),
        message: (v) => `"${v}" is not one of the allowed values`,
        hint: `use one of: ${c.enum.slice(0, 20).join(', ')}`,
      });
    }
    if (c?.minimum !== undefined) {
      checks.push({
        type: 'cell/minimum',
        field: f,
        where: `${cast} < CAST(? AS ${duckType(f.type)})`,
        count: `count_if(${typed} < CAST(? AS ${duckType(f.type)}))`,
        params: [String(c.minimum)],
        message: (v) => `${v} is below the minimum ${c.minimum}`,
        hint: `values of "${f.name}" must be >= ${c.minimum}; fix the value or the constraint`,
      });
    }
    if (c?.maximum !== undefined) {
      checks.push({
        type: 'cell/maximum',
        field: f,
        where: `${cast} > CAST(? AS ${duckType(f.type)})`,
        count: `count_if(${typed} > CAST(? AS ${duckType(f.type)}))`,
        params: [String(c.maximum)],
        message: (v) => `${v} is above the maximum ${c.maximum}`,
        hint: `values of "${f.name}" must be <= ${c.maximum}; fix the value or the constraint`,
      });
    }
    if (c?.pattern) {
      checks.push({
        type: 'cell/pattern',
        field: f,
        where: `${present} AND NOT regexp_full_match(trim(${col}), ?)`,
        count: `count_if(${v} IS NOT NULL AND NOT regexp_full_match(${v}, ?))`,
        params: [c.pattern],
        message: (v) => `"${v}" does not match the pattern ${c.pattern}`,
        hint: `values must match the whole pattern ${c.pattern} (RE2 syntax)`,
      });
    }
    if (c?.maxLength) {
      checks.push({
        type: 'cell/max-length',
        field: f,
        where: `length(${col}) > ${Number(c.maxLength)}`,
        count: `count_if(length(${col}) > ${Number(c.maxLength)})`,
        params: [],
        message: (v) => `value is ${[...v].length} characters long, more than ${c.maxLength}`,
        hint: `shorten the value or raise maxLength`,
      });
    }
    if (c?.unique) {
      checks.push({
        type: 'cell/unique',
        field: f,
        where: `${present} AND concat(__file, ':', __row) IN (SELECT concat(__file, ':', __row) FROM (SELECT __file, __row, row_number() OVER (PARTITION BY trim(${col}) ORDER BY __file, __row) AS n FROM src WHERE ${present}) WHERE n > 1)`,
        // Rows repeating an earlier value = values present - distinct values (no window in the counting pass).
        count: `count(${v}) - count(DISTINCT ${v})`,
        params: [],
        message: (v) => `"${v}" appears in an earlier row too`,
        hint: `values of "${f.name}" must be unique; remove the duplicate row or drop \`unique\``,
      });
    }
  }
  if (manifest.primaryKey.length > 0) {
    const key = manifest.primaryKey.map((k) => `trim(${quoteIdent(k)})`).join(', ');
    const first = manifest.fields.find((f) => f.name === manifest.primaryKey[0]) as FieldSpec;
    checks.push({
      type: 'row/primary-key',
      field: first,
      where: `concat(__file, ':', __row) IN (SELECT concat(__file, ':', __row) FROM (SELECT __file, __row, row_number() OVER (PARTITION BY ${key} ORDER BY __file, __row) AS n FROM src) WHERE n > 1)`,
      // One key column: plain DISTINCT (cheaper than on a struct), NULL counted as one value like row(NULL).
      count:
        manifest.primaryKey.length === 1
          ? `count(*) - count(DISTINCT ${key}) - CASE WHEN count_if(${key} IS NULL) > 0 THEN 1 ELSE 0 END`
          : `count(*) - count(DISTINCT row(${key}))`,
      params: [],
      message: () => `primary key (${manifest.primaryKey.join(', ')}) repeats an earlier row`,
      hint: 'every row must have a distinct primary key: remove the duplicate or fix the key declaration',
    });
  }

  // One pass counting every check.
  const countSql = `SELECT ${checks.map((c, i) => `${c.count} AS c${i}`).join(', ')} FROM (SELECT *, ${computed.join(', ')} FROM src)`;
  const counts = (
    await db.rows<Record<string, string | number>>(
      countSql,
      checks.flatMap((c) => c.params),
    )
  )[0] as Record<string, string | number>;

  const issues: ValidationIssue[] = [];
  const counted: Record<string, number> = {};
  for (const [i, check] of checks.entries()) {
    const total = Number(counts[`c${i}`] ?? 0);
    if (total === 0) continue;
    const col = quoteIdent(check.field.name);
    const room = Math.max(1, cap - issues.length);
    const samples = await db.rows<{ __file: string; __row: string | number; v: string | null }>(
      `SELECT __file, __row, ${col} AS v FROM src WHERE ${check.where} ORDER BY __file, __row LIMIT ${Math.min(room, total)}`,
      check.params,
    );
    const sensitive = check.field.grade !== 'public';
    for (const s of samples) {
      const raw = s.v ?? '';
      const shown = sensitive ? maskForReport(raw) : raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
      issues.push({
        type: check.type,
        file: s.__file,
        row: Number(s.__row),
        field: check.field.name,
        value: shown,
        message: check.message(shown),
        hint: check.hint,
      });
    }
    counted[check.type] = (counted[check.type] ?? 0) + total;
  }
  return { issues, counts: counted };
}
