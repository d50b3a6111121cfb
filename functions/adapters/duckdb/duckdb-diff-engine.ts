import { boundSampleKeys, SAMPLE_KEY_MAX_CHARS } from '../../core/release/sample-keys.ts';
import type { RowDiff } from '../../core/release/schema-diff.ts';
import { quoteIdent } from '../../core/sql/quote.ts';
import type { DiffEngine } from '../../ports/diff-engine.ts';
import { openDuckDb, scalar } from './duckdb.ts';

/**
 * Row diff of two Parquet files in DuckDB: keys only in the new file (added), only in the old one
 * (removed), and keys in both whose compared columns differ (changed, NULL-safe; retyped ones as
 * text), with sample keys,
 * clipped and bounded in bytes (sample-keys.ts): a diff is stored in one record with its version.
 */
export class DuckDbDiffEngine implements DiffEngine {
  async diffRows(input: Parameters<DiffEngine['diffRows']>[0]): Promise<RowDiff> {
    const db = await openDuckDb({ threads: 2, memoryLimit: '512MB' });
    try {
      await db.run(`CREATE VIEW a AS SELECT * FROM read_parquet(${sqlString(input.fromParquet)})`);
      await db.run(`CREATE VIEW b AS SELECT * FROM read_parquet(${sqlString(input.toParquet)})`);
      const pk = input.primaryKey.map(quoteIdent);
      const keyExpr = (t: string) => `concat_ws('|', ${pk.map((c) => `CAST(${t}.${c} AS VARCHAR)`).join(', ')})`;
      const on = pk.map((c) => `a.${c} IS NOT DISTINCT FROM b.${c}`).join(' AND ');
      // Retyped columns compare as text: 123 and "123" are the same value, 123 and "P123" are not.
      const changed = [
        ...input.compareColumns.map(quoteIdent).map((c) => `a.${c} IS DISTINCT FROM b.${c}`),
        ...(input.compareAsText ?? [])
          .map(quoteIdent)
          .map((c) => `CAST(a.${c} AS VARCHAR) IS DISTINCT FROM CAST(b.${c} AS VARCHAR)`),
      ];
      const changedCond = changed.length ? changed.join(' OR ') : 'false';
      const n = input.sampleSize;
      const addedFrom = `FROM b ANTI JOIN a ON ${on}`;
      const removedFrom = `FROM a ANTI JOIN b ON ${on}`;
      const changedFrom = `FROM a JOIN b ON ${on} WHERE ${changedCond}`;
      // Only one character more than a key keeps leaves DuckDB: enough to tell that it was clipped.
      const sample = async (from: string, t: string) =>
        (
          await db.rows<{ k: string }>(
            `SELECT substr(${keyExpr(t)}, 1, ${SAMPLE_KEY_MAX_CHARS + 1}) AS k ${from} ORDER BY ${keyExpr(t)} LIMIT ${n}`,
          )
        ).map((r) => String(r.k));
      return {
        added: await scalar(db, `SELECT count(*) ${addedFrom}`),
        removed: await scalar(db, `SELECT count(*) ${removedFrom}`),
        changed: await scalar(db, `SELECT count(*) ${changedFrom}`),
        sampleKeys: boundSampleKeys({
          added: await sample(addedFrom, 'b'),
          removed: await sample(removedFrom, 'a'),
          changed: await sample(changedFrom, 'b'),
        }),
      };
    } finally {
      db.close();
    }
  }
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
