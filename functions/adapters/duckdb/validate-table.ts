import type { DatasetManifest } from '../../core/manifest/schema.ts';
import { rawValuesPublished } from '../../core/protection/raw-values-published.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.ts';
import { castTrimmedSql } from '../../core/validation/cast-sql.ts';
import { castIsText, type RowCheck, rowChecks, trimmedRef, typedRef } from '../../core/validation/checks-sql.ts';
import { dateFormatCandidates, formatHint, formatHintZh } from '../../core/validation/date-format-hint.ts';
import { type EmptiedCells, sparedRowsSql } from '../../core/validation/emptied-cells.ts';
import { shorten } from '../../core/validation/header-row.ts';
import { type IssueBatch, maskForReport, type ValidationIssue } from '../../core/validation/report.ts';
import { placed, type RowPlace, type RowPlaces } from '../../core/validation/source-rows.ts';
import { valueHint, valueHintZh } from '../../core/validation/value-hint.ts';
import { zh } from '../../core/validation/zh.ts';
import type { DuckDbSession } from './duckdb.ts';

/**
 * Checks every row of `src` (VARCHAR columns + __row) against the declared types and constraints.
 * One aggregate pass counts all problems; sample rows are fetched only for checks that failed. `places`
 * says where each file's rows are (its lines, or sheet rows): the issues carry them too. `emptied` are
 * the cells whose emptiness the loaders reported already (a sheet's merged ranges, formulas without
 * their value, error values): the checks an empty cell sets off leave them out, in their counts and
 * their samples alike (emptied-cells.ts).
 */
export async function validateTable(
  db: DuckDbSession,
  manifest: DatasetManifest,
  cap: number,
  places: ReadonlyMap<string, RowPlaces> = new Map(),
  emptied: readonly EmptiedCells[] = [],
): Promise<IssueBatch> {
  const checks = rowChecks(manifest);
  // Text fields without constraints have nothing to check (and `SELECT  FROM` does not parse).
  if (checks.length === 0) return { issues: [], counts: {} };
  // Each field's trimmed text and typed value are computed once per row in an inner projection; the
  // counting pass reads them (aggregate FILTER clauses would otherwise re-evaluate trims and casts per check).
  const computed = manifest.fields.flatMap((f, i) => [
    `NULLIF(trim(${quoteIdent(f.name)}), '') AS ${trimmedRef(i)}`,
    ...(castIsText(f) ? [] : [`${castTrimmedSql(f, trimmedRef(i))} AS ${typedRef(i)}`]),
  ]);
  const index = new Map(manifest.fields.map((f, i) => [f.name, i]));
  const rows = `(SELECT *, ${computed.join(', ')} FROM src)`;
  // The rows each check leaves out (emptied cells), as a condition over src; usually none.
  const spared = checks.map((c) => sparedRowsSql(c, manifest.primaryKey, emptied));
  const countSql = (check: RowCheck, i: number) => {
    const skip = spared[i];
    if (check.flag) return `count_if(${check.flag}${skip ? ` AND NOT ${skip}` : ''})`;
    if (!check.aggregate) return '0';
    // Unique values are compared trimmed; primary keys as trim(column) (an empty cell is a value there).
    const count = check.aggregate((f) =>
      check.type === 'row/primary-key' ? `trim(${quoteIdent(f.name)})` : trimmedRef(index.get(f.name) as number),
    );
    // Rows left out are not compared at all: the aggregate runs over the others only.
    return skip ? `(SELECT ${count} FROM ${rows} WHERE NOT ${skip})` : count;
  };
  // One pass counting every check.
  const sql = `SELECT ${checks.map((c, i) => `${countSql(c, i)} AS c${i}`).join(', ')} FROM ${rows}`;
  const params = Object.assign({}, ...checks.map((c) => c.params)) as Record<string, string>;
  const reader =
    Object.keys(params).length > 0
      ? await db.connection.runAndReadAll(sql, params)
      : await db.connection.runAndReadAll(sql);
  const counts = (reader.getRowObjectsJson()[0] ?? {}) as Record<string, string | number>;

  const failed: { check: RowCheck; samples: Sample[] }[] = [];
  let sampled = 0;
  const counted: Record<string, number> = {};
  for (const [i, check] of checks.entries()) {
    const total = Number(counts[`c${i}`] ?? 0);
    if (total === 0) continue;
    const col = quoteIdent(check.field.name);
    const skip = spared[i];
    const among = [check.duplicate?.among && `(${check.duplicate.among})`, skip && `NOT ${skip}`].filter(Boolean);
    const room = Math.max(1, cap - sampled);
    const limit = Math.min(room, total);
    const samples: Sample[] = check.duplicate
      ? // Each repeating row with the first row of its key (the one it repeats).
        await db.rows<Sample>(
          `SELECT * FROM (SELECT __file, __row, ${col} AS v, length(${col}) AS n, first_value(__file) OVER w AS first_file, first_value(__row) OVER w AS first_row, row_number() OVER w AS k FROM src${among.length > 0 ? ` WHERE ${among.join(' AND ')}` : ''} WINDOW w AS (PARTITION BY ${check.duplicate.key} ORDER BY __file, __row)) WHERE k > 1 ORDER BY __file, __row LIMIT ${limit}`,
        )
      : await db.rows<Sample>(
          `SELECT __file, __row, ${col} AS v, length(${col}) AS n FROM src WHERE (${check.where})${skip ? ` AND NOT ${skip}` : ''} ORDER BY __file, __row LIMIT ${limit}`,
          [...check.whereParams],
        );
    failed.push({ check, samples });
    sampled += samples.length;
    counted[check.type] = (counted[check.type] ?? 0) + total;
  }
  const at = await placeSamples(
    places,
    failed.flatMap((f) => f.samples),
  );

  const issues: ValidationIssue[] = [];
  for (const { check, samples } of failed) {
    // A treated field's raw values are never published (a pseudonymized public key): masked like a
    // sensitive field's, since reports are stored with the release and shown to its reviewers.
    const sensitive = !rawValuesPublished(check.field);
    const several = new Set(samples.map((s) => s.__file)).size > 1;
    const formats =
      check.type === 'cell/type' && !check.field.format ? await readingFormats(db, check.field, samples) : undefined;
    for (const s of samples) {
      const raw = s.v ?? '';
      const shown = sensitive ? maskForReport(raw) : shorten(raw, 200);
      const earlier =
        s.first_row !== undefined && s.first_file !== undefined
          ? {
              file: several || s.first_file !== s.__file ? s.first_file : '',
              row: Number(s.first_row),
              place: at(s.first_file, Number(s.first_row)),
            }
          : undefined;
      const reading = formats?.get(raw) ?? [];
      const general = check.hint + formatHint(reading);
      const generalZh = check.zh.hint + formatHintZh(reading);
      const typed = check.type === 'cell/type';
      const place = at(s.__file, Number(s.__row));
      const issue: ValidationIssue = {
        type: check.type,
        file: s.__file,
        row: Number(s.__row),
        field: check.field.name,
        value: shown,
        message: check.message(shown, Number(s.n ?? 0), earlier),
        hint: (typed && valueHint(raw, check.field, manifest.source, general, sensitive)) || general,
        zh: zh(
          check.zh.message(shown, Number(s.n ?? 0), earlier),
          (typed && valueHintZh(raw, check.field, manifest.source, generalZh, sensitive)) || generalZh,
        ),
      };
      issues.push(place ? placed(issue, place.unit, place.n) : issue);
    }
  }
  return { issues, counts: counted };
}

/**
 * The line (sheet row) of every sampled row and of the earlier rows they repeat, one lookup per file;
 * a lookup by file and row. Rows of a file without places (JSON, Parquet) have none.
 */
async function placeSamples(
  places: ReadonlyMap<string, RowPlaces>,
  samples: readonly Sample[],
): Promise<(file: string, row: number) => RowPlace | undefined> {
  const rows = new Map<string, number[]>();
  const add = (file: string, row: number) => rows.set(file, [...(rows.get(file) ?? []), row]);
  for (const s of samples) {
    add(s.__file, Number(s.__row));
    if (s.first_file !== undefined && s.first_row !== undefined) add(s.first_file, Number(s.first_row));
  }
  const found = new Map<string, { unit: RowPlaces['unit']; lines: ReadonlyMap<number, number> }>();
  for (const [file, list] of rows) {
    const p = places.get(file);
    if (p) found.set(file, { unit: p.unit, lines: await p.of(list) });
  }
  return (file, row) => {
    const f = found.get(file);
    const n = f?.lines.get(row);
    return f && n !== undefined ? { unit: f.unit, n } : undefined;
  };
}

/**
 * For date and datetime cells refused without a `format`: the strptime formats that do read each
 * sampled value (dateFormatCandidates, checked by DuckDB itself), by value. One query per check.
 */
async function readingFormats(
  db: DuckDbSession,
  field: DatasetManifest['fields'][number],
  samples: readonly Sample[],
): Promise<Map<string, string[]>> {
  const pairs = [...new Set(samples.map((s) => s.v ?? ''))].flatMap((v) =>
    dateFormatCandidates(v, field.type).map((f) => [v, f] as const),
  );
  const out = new Map<string, string[]>();
  if (pairs.length === 0) return out;
  // strptime takes a constant format: our own, built from the separators of dateFormatCandidates.
  const read = await db.rows<{ v: string; f: string }>(
    pairs
      .map(
        ([, f]) =>
          `SELECT ?::VARCHAR AS v, ${quoteLiteral(f)} AS f WHERE try_strptime(trim(?), ${quoteLiteral(f)}) IS NOT NULL`,
      )
      .join(' UNION ALL '),
    pairs.flatMap(([v]) => [v, v]),
  );
  for (const { v, f } of read) out.set(v, [...(out.get(v) ?? []), f]);
  // Keep each value's formats in the candidates' order (most likely first).
  for (const [v, fs] of out)
    out.set(
      v,
      dateFormatCandidates(v, field.type).filter((f) => fs.includes(f)),
    );
  return out;
}

/** A sample row; duplicate checks also give the first row of the key it repeats. */
type Sample = {
  __file: string;
  __row: string | number;
  v: string | null;
  n: string | number;
  first_file?: string;
  first_row?: string | number;
};
