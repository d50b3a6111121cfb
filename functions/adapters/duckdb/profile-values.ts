import {
  buildValueProfile,
  type CountedColumn,
  PROFILE_MAX_DISTINCT,
  PROFILE_MAX_VALUE_LENGTH,
  profileMinRows,
  SEARCH_VALUES_MAX_BYTES,
  type ValueProfile,
} from '../../core/catalog/value-profile.ts';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.ts';
import type { DuckDbSession } from './duckdb.ts';

/**
 * HyperLogLog's estimate may be a few percent off: a column estimated above this cannot have
 * PROFILE_MAX_DISTINCT values, so it is not counted; the exact count decides for the others.
 */
const APPROX_CEILING = Math.ceil(PROFILE_MAX_DISTINCT * 1.1);
/** Counting every value of a column known to have at most this many is cheap (a small hash table). */
const DIRECT_CEILING = 50 * PROFILE_MAX_DISTINCT;

/**
 * The value profile (value-profile.ts) of `columns` (profileColumns' choice), read from the Parquet file
 * as written, so it holds exactly the published values, and counted there, so a value fewer rows hold
 * than profileMinRows(manifest) is left out. Parquet is columnar, so only those columns are
 * read, and most columns are decided from the file's metadata alone: DuckDB writes, per row group, the
 * distinct count of a dictionary-encoded column. A row group with more than PROFILE_MAX_DISTINCT values
 * rules the column out (free text, names, ids: never read); when every row group has a count, their sum
 * bounds the column's, and a small one is counted directly. Only the others are estimated first
 * (approx_count_distinct). The 3M-row flights sample takes ~25 ms (docs/search.md).
 *
 * The columns of `every` (searchValueColumns: the manifest declares `searchValues` on them; they are
 * among `columns`) are counted whatever their number of values, and only as many of their most
 * frequent values are sent over as SEARCH_VALUES_MAX_BYTES can hold, with the column's distinct count.
 */
export async function profileValues(
  db: DuckDbSession,
  parquetPath: string,
  columns: readonly string[],
  /** The manifest: its kAnonymity k raises the rows a profiled value needs (profileMinRows). */
  manifest: Pick<DatasetManifest, 'kAnonymity'> = {},
  every: readonly string[] = [],
): Promise<ValueProfile> {
  if (columns.length === 0) return [];
  const file = quoteLiteral(parquetPath);
  const source = `read_parquet(${file})`;
  const common = columns.filter((c) => !every.includes(c));
  const direct = common.length ? await countable(db, file, common) : [];
  // In the manifest's column order, whichever way each was chosen.
  const counted = columns.filter((c) => direct.includes(c) || every.includes(c));
  if (counted.length === 0) return [];
  const counts = counted
    .map((c, i) => {
      const col = quoteIdent(c);
      return `SELECT ${i} AS c, ${col}::VARCHAR AS v, count(*) AS n FROM ${source} WHERE ${col} IS NOT NULL GROUP BY ${col}`;
    })
    .join(' UNION ALL ');
  // A common column with far too many values is dropped here rather than sent over (trimming may merge a
  // few). A searchValues column sends its most frequent values until they pass its byte budget (those
  // too long to be profiled aside), and its distinct count: never the millions of a column of ids.
  const all = counted.map((c, i) => (every.includes(c) ? i : -1)).filter((i) => i >= 0);
  const isAll = all.length ? `c IN (${all.join(', ')})` : 'false';
  const rows = await db.rows<{ c: number; v: string; n: string | number; d: string | number }>(
    `SELECT c, v, n, d FROM (
       SELECT c, v, n, count(DISTINCT trim(v)) FILTER (WHERE trim(v) <> '') OVER (PARTITION BY c) AS d,
         sum(CASE WHEN length(trim(v)) <= ${PROFILE_MAX_VALUE_LENGTH} THEN strlen(trim(v)) ELSE 0 END)
           OVER (PARTITION BY c ORDER BY n DESC, v ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
       FROM (${counts}))
     WHERE CASE WHEN ${isAll} THEN coalesce(before, 0) <= ${SEARCH_VALUES_MAX_BYTES} ELSE d <= ${2 * PROFILE_MAX_DISTINCT} END`,
  );
  const out = counted.map((field) => ({ field, counts: [] as [string, number][], distinct: 0 }));
  for (const r of rows) {
    const c = out[Number(r.c)];
    if (!c) continue;
    c.counts.push([r.v, Number(r.n)]);
    c.distinct = Number(r.d);
  }
  const columnsCounted: CountedColumn[] = out.map(({ field, counts, distinct }) =>
    every.includes(field) ? { field, counts, searchValues: true, distinct } : { field, counts },
  );
  return buildValueProfile(columnsCounted, profileMinRows(manifest));
}

/**
 * The common columns that may have at most PROFILE_MAX_DISTINCT values, from the Parquet metadata, or
 * else an estimate (see profileValues).
 */
async function countable(db: DuckDbSession, file: string, columns: readonly string[]): Promise<string[]> {
  const meta = await db.rows<{ col: string; groups: string; counted: string; most: string | null; sum: string | null }>(
    `SELECT path_in_schema AS col, count(*) AS groups, count(stats_distinct_count) AS counted,
       max(stats_distinct_count) AS most, sum(stats_distinct_count) AS sum
     FROM parquet_metadata(${file}) GROUP BY path_in_schema`,
  );
  const byName = new Map(meta.map((m) => [m.col, m]));
  const direct: string[] = [];
  const unsure: string[] = [];
  for (const c of columns) {
    const m = byName.get(c);
    if (m && Number(m.most ?? 0) > PROFILE_MAX_DISTINCT) continue;
    if (m && m.counted === m.groups && Number(m.sum ?? 0) <= DIRECT_CEILING) direct.push(c);
    else unsure.push(c);
  }
  if (unsure.length) {
    const [estimate] = await db.rows<Record<string, string | number | null>>(
      `SELECT ${unsure.map((c, i) => `approx_count_distinct(${quoteIdent(c)}) AS d${i}`).join(', ')} FROM read_parquet(${file})`,
    );
    direct.push(...unsure.filter((_, i) => Number(estimate?.[`d${i}`] ?? 0) <= APPROX_CEILING));
  }
  return direct;
}
