import type { FieldSpec } from '../manifest/schema.ts';
import { quoteIdent, quoteLiteral } from '../sql/quote.ts';

/**
 * A withheld value published anyway in another column of its own row: the name of a dropped `负责人`
 * column in the remarks (`已由负责人张伟签字确认`), or the last six characters of a dropped resident ID
 * (`身份证后六位31002X`). No detector can recognise a name in free text, but the gate holds the raw
 * values while it runs, so it checks that no published text cell of a row contains that same row's raw
 * value of a withheld column: one `contains` per (published column, withheld column) and row, inside
 * DuckDB, in the residual-PII scan. Only the same row: a name that another row holds is not looked for
 * (that would be a search of every name in every cell, and common words would match).
 *
 * Reported as `pii/residual` with this detector id, so a department declares a justified
 * `piiExceptions` entry for the published column and `same-row-value` like for any detector.
 */
export const SAME_ROW_VALUE = {
  id: 'same-row-value',
  label: { en: "the same row's value of a withheld column", 'zh-CN': '同一行未公开列的原值' },
} as const;

/** Rows listed in a finding's message (and the first one's place in the issue's fields). */
export const HIT_ROWS_LISTED = 10;

/** Characters of an identifier's end looked for on their own (`身份证后六位31002X`). */
export const ID_TAIL_LENGTH = 6;

/**
 * Placeholders written in a withheld column when there is no value: common words in free text too,
 * so never a leak. A department's own placeholders belong in `source.missingValues` (read as empty).
 */
export const PLACEHOLDER_VALUES: readonly string[] = [
  '暂无',
  '不详',
  '未知',
  '同上',
  '其他',
  '其它',
  '不明',
  '待定',
  '没有',
  'null',
  'NULL',
  'Null',
  'none',
  'None',
  'NONE',
  'N/A',
  'n/a',
];

/**
 * Whether the field is a source column whose raw values are looked for: text (`string`) fields graded `sensitive`,
 * `internal` or `core`, whatever their treatment (drop, redact, mask, pseudonymize, truncate-code).
 * Other types are left out: a date, number or boolean is written in text in too many ways to be
 * compared as written, and a generalized age or date is published coarsened on purpose.
 */
export function isWithheldTextSource(f: Pick<FieldSpec, 'type' | 'grade'>): boolean {
  return f.type === 'string' && f.grade !== 'public';
}

/** The helper column holding a source field's trimmed raw text while the gate runs (`i`: its index in `fields`). */
export const rawColumn = (i: number): string => `__gate_raw${i}`;

/**
 * The helper column holding the 5 characters before the last of a raw value of an identifier's length,
 * 15 to 19 characters (NULL for any other): in a text whenever an identifier's last 6 characters are, in
 * either case of X. Computed once per row where the table is built: the scan's first filter then only
 * compares columns. Its length test lets through values that are no identifier (a long name or address):
 * the piece is still a part of the value, so the first filter keeps every row it kept, and the scan's
 * rules (`idTailSql`) decide. A regexp of the exact shape here ran on every row of an identifier column.
 */
export const tailColumn = (i: number): string => `__gate_tail${i}`;

/** The helper columns of source field `i` whose trimmed raw text is `v` (`expr AS col`, for the table build). */
export function rawHelperColumns(i: number, v: string): { readonly expr: string; readonly col: string }[] {
  return [
    { expr: v, col: rawColumn(i) },
    {
      expr: `CASE WHEN ${idLengthSql(v)} THEN substr(${v}, -${ID_TAIL_LENGTH}, ${ID_TAIL_LENGTH - 1}) END`,
      col: tailColumn(i),
    },
  ];
}

/** A published column compared with a withheld column's raw value. */
export interface SameRowPair {
  /** The published text column. */
  readonly column: string;
  /** The withheld source column. */
  readonly source: string;
  /** The source's raw-value column in the relation (`rawColumn`). */
  readonly rawColumn: string;
  /** The source's identifier-tail column in the relation (`tailColumn`); absent when no value has an identifier's length. */
  readonly tailColumn?: string;
}

/** Every (published column, withheld column) pair, a column never with itself (its treated value is its own). */
export function sameRowPairs(
  columns: readonly string[],
  sources: readonly { readonly name: string; readonly rawColumn: string; readonly tailColumn?: string }[],
): SameRowPair[] {
  return sources.flatMap((s) =>
    columns
      .filter((c) => c !== s.name)
      .map((c) => ({
        column: c,
        source: s.name,
        rawColumn: s.rawColumn,
        ...(s.tailColumn ? { tailColumn: s.tailColumn } : {}),
      })),
  );
}

/**
 * A raw value long enough to count (else NULL): 2 Han characters or more (`张伟`), or 4 characters or
 * more of any kind; a single character (`男`), a short code (`A1`) or a placeholder (`暂无`) never does.
 * The value is already trimmed.
 */
export function countedValueSql(v: string): string {
  const placeholders = PLACEHOLDER_VALUES.map(quoteLiteral).join(', ');
  return `CASE WHEN (length(${v}) >= 4 OR (length(${v}) >= 2 AND length(regexp_replace(${v}, '\\P{Han}', '', 'g')) >= 2)) AND ${v} NOT IN (${placeholders}) THEN ${v} END`;
}

/**
 * The last `ID_TAIL_LENGTH` characters of an identifier (else NULL): a value of 15 to 19 digits, the
 * last one possibly `X` (a resident ID, old or new, or a bank card number), looked for on its own
 * since people quote it (`身份证后六位31002X`). `alt`: the same with the other case of a final X.
 */
export function idTailSql(v: string, alt = false): string {
  const tail = `right(${v}, ${ID_TAIL_LENGTH})`;
  const shape = idShapeSql(v);
  if (!alt) return `CASE WHEN ${shape} THEN ${tail} END`;
  const swapped = `left(${tail}, ${ID_TAIL_LENGTH - 1}) || CASE right(${v}, 1) WHEN 'X' THEN 'x' ELSE 'X' END`;
  return `CASE WHEN ${shape} AND right(${v}, 1) IN ('X', 'x') THEN ${swapped} END`;
}

/** Whether `v` is shaped like an identifier: 15 to 19 digits, the last possibly X. */
function idShapeSql(v: string): string {
  return `(${idLengthSql(v)} AND regexp_full_match(${v}, '[0-9]{14,18}[0-9Xx]'))`;
}

/** Whether `v` has an identifier's length (`idShapeSql` without the regexp). */
function idLengthSql(v: string): string {
  return `length(${v}) BETWEEN 15 AND 19`;
}

/** One pair's result of `sameRowScanSql`. */
export interface SameRowResult {
  /** Rows whose published cell holds the value. */
  readonly rows: number;
  /** The first rows' positions in `relation` (rowid), ascending, at most `HIT_ROWS_LISTED`. */
  readonly positions: readonly number[];
  /** Up to 3 leaked values of the first rows: the whole value, or only its end (`tail`). */
  readonly examples: readonly { readonly value: string; readonly tail: boolean }[];
}

/**
 * One aggregate over `relation` (holding the published columns and the raw-value columns) giving each
 * pair's rows, first positions and examples. A first filter compares columns only: one `contains` per pair
 * of the raw value, or of its identifier-tail piece (`rawHelperColumns`; an expression here would be
 * computed again for each pair using it); only the rows it keeps, almost none in data without a leak, get
 * the rules (`countedValueSql`, `idTailSql`) and reach the aggregates. (One text of all a row's published
 * cells searched once per withheld column was measured slower: a search in a long text costs more than
 * several in short cells.)
 */
export function sameRowScanSql(relation: string, pairs: readonly SameRowPair[]): string {
  if (pairs.length === 0) throw new Error('a same-row scan needs pairs');
  const raws = [...new Set(pairs.map((p) => p.rawColumn))];
  const columns = [...new Set(pairs.map((p) => p.column))];
  const r = (raw: string) => raws.indexOf(raw);
  const c = (column: string) => columns.indexOf(column);
  const texts = columns.map((col, i) => `CAST(${quoteIdent(col)} AS VARCHAR) AS __sr_c${i}`);
  const rawRefs = raws.map((raw, i) => `${quoteIdent(raw)} AS __sr_r${i}`);
  // The tail piece is a part of its raw value: a cell holding the value holds the piece, so one
  // `contains` of the piece (or of the value, when it has not an identifier's length) does for both.
  const maybe = pairs.map((p) => {
    const raw = quoteIdent(p.rawColumn);
    const needle = p.tailColumn ? `coalesce(${quoteIdent(p.tailColumn)}, ${raw})` : raw;
    return `contains(CAST(${quoteIdent(p.column)} AS VARCHAR), ${needle})`;
  });
  const read = `SELECT rowid AS __sr_pos, ${[...texts, ...rawRefs].join(', ')} FROM ${relation} WHERE ${maybe.join(' OR ')}`;
  const values = raws.flatMap((_, i) => {
    const v = `__sr_r${i}`;
    return [
      `${countedValueSql(v)} AS __sr_v${i}`,
      `${idTailSql(v)} AS __sr_t${i}`,
      `${idTailSql(v, true)} AS __sr_u${i}`,
    ];
  });
  const ruled = `SELECT __sr_pos, ${[...columns.map((_, i) => `__sr_c${i}`), ...values].join(', ')} FROM (${read})`;
  // Per pair: the whole value (w), or only an identifier's end (e); NULL compares to false.
  const hits = pairs.flatMap((p, k) => {
    const t = `__sr_c${c(p.column)}`;
    const i = r(p.rawColumn);
    return [
      `coalesce(contains(${t}, __sr_v${i}), false) AS __sr_w${k}`,
      `coalesce(contains(${t}, __sr_t${i}) OR contains(${t}, __sr_u${i}), false) AS __sr_e${k}`,
      `__sr_v${i} AS __sr_x${k}`,
      `__sr_t${i} AS __sr_y${k}`,
    ];
  });
  const probed = `SELECT __sr_pos, ${hits.join(', ')} FROM (${ruled})`;
  // No WHERE over the pairs' hits here (each aggregate filters its own rows): DuckDB would push it down
  // through the projections into the first filter, and evaluate the rules of every pair, `NOT IN` the
  // placeholders included (a join per pair), for every row of the relation instead of the few kept.
  const aggregates = pairs.flatMap((_, k) => {
    const hit = `(__sr_w${k} OR __sr_e${k})`;
    return [
      `count_if(${hit}) AS n${k}`,
      `min(__sr_pos, ${HIT_ROWS_LISTED}) FILTER (WHERE ${hit}) AS p${k}`,
      `arg_min({value: CASE WHEN __sr_w${k} THEN __sr_x${k} ELSE __sr_y${k} END, tail: NOT __sr_w${k}}, __sr_pos, 3) FILTER (WHERE ${hit}) AS e${k}`,
    ];
  });
  return `SELECT ${aggregates.join(', ')} FROM (${probed})`;
}

/** The pairs' results out of the one row `sameRowScanSql` returns. */
export function sameRowResults(
  pairs: readonly SameRowPair[],
  row: Readonly<Record<string, unknown>> | undefined,
): SameRowResult[] {
  return pairs.map((_, k) => ({
    rows: Number(row?.[`n${k}`] ?? 0),
    positions: ((row?.[`p${k}`] as unknown[] | null | undefined) ?? []).map(Number),
    examples: ((row?.[`e${k}`] as { value: string; tail: boolean }[] | null | undefined) ?? []).map((e) => ({
      value: String(e.value),
      tail: e.tail === true,
    })),
  }));
}
