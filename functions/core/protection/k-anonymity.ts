import { intLiteral, quoteIdent } from '../sql/quote.ts';

/**
 * k-anonymity over quasi-identifiers (after treatment): every combination of their values must be
 * shared by at least k rows. NULL is a value like any other here (GROUP BY and PARTITION BY both put
 * NULLs together), and the JS reference does the same. `relationSql` is a table name or subquery
 * built by the caller (trusted SQL, not user input).
 */

export interface KAnonymityStats {
  /** Size of the smallest equivalence class; null for an empty table. */
  readonly smallestClass: number | null;
  /** Number of equivalence classes. */
  readonly classes: number;
  /** Classes with fewer than k rows. */
  readonly classesBelowK: number;
  /** Rows in those classes (what suppression would remove). */
  readonly rowsBelowK: number;
}

function partitionBy(quasiIdentifiers: readonly string[]): string {
  if (quasiIdentifiers.length === 0) throw new Error('k-anonymity needs at least one quasi-identifier');
  return quasiIdentifiers.map(quoteIdent).join(', ');
}

function checkK(k: number): string {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  return intLiteral(k);
}

/** The size of the row's equivalence class, as a window expression. */
export function equivalenceClassSizeSql(quasiIdentifiers: readonly string[]): string {
  return `count(*) OVER (PARTITION BY ${partitionBy(quasiIdentifiers)})`;
}

/** One row: smallest_class, classes, classes_below_k, rows_below_k (BIGINT; smallest_class NULL when empty). */
export function kAnonymityStatsSql(relationSql: string, quasiIdentifiers: readonly string[], k: number): string {
  const kk = checkK(k);
  return (
    'SELECT min(c) AS smallest_class, count(*) AS classes, ' +
    `count(*) FILTER (WHERE c < ${kk}) AS classes_below_k, coalesce(sum(c) FILTER (WHERE c < ${kk}), 0) AS rows_below_k ` +
    `FROM (SELECT count(*) AS c FROM ${relationSql} GROUP BY ${partitionBy(quasiIdentifiers)})`
  );
}

/** The predicate keeping rows whose class has at least k rows; a window predicate, so use it in QUALIFY. */
export function kAnonymityKeepPredicateSql(quasiIdentifiers: readonly string[], k: number): string {
  return `${equivalenceClassSizeSql(quasiIdentifiers)} >= ${checkK(k)}`;
}

/** The relation without the rows of classes smaller than k (suppression). */
export function suppressBelowKSql(relationSql: string, quasiIdentifiers: readonly string[], k: number): string {
  return `SELECT * FROM ${relationSql} QUALIFY ${kAnonymityKeepPredicateSql(quasiIdentifiers, k)}`;
}

type Row = Readonly<Record<string, unknown>>;

function classKey(row: Row, quasiIdentifiers: readonly string[]): string {
  return JSON.stringify(quasiIdentifiers.map((q) => row[q] ?? null));
}

function classSizes(rows: readonly Row[], quasiIdentifiers: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const r of rows) {
    const key = classKey(r, quasiIdentifiers);
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return sizes;
}

/** JS reference of kAnonymityStatsSql. */
export function kAnonymityStats(rows: readonly Row[], quasiIdentifiers: readonly string[], k: number): KAnonymityStats {
  checkK(k);
  const sizes = [...classSizes(rows, quasiIdentifiers).values()];
  const below = sizes.filter((c) => c < k);
  return {
    smallestClass: sizes.length === 0 ? null : Math.min(...sizes),
    classes: sizes.length,
    classesBelowK: below.length,
    rowsBelowK: below.reduce((a, b) => a + b, 0),
  };
}

/** JS reference of suppressBelowKSql (keeps row order). */
export function suppressBelowK<R extends Row>(rows: readonly R[], quasiIdentifiers: readonly string[], k: number): R[] {
  checkK(k);
  const sizes = classSizes(rows, quasiIdentifiers);
  return rows.filter((r) => (sizes.get(classKey(r, quasiIdentifiers)) ?? 0) >= k);
}
