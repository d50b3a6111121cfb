import type { RowDiff } from '../core/release/schema-diff.ts';

/** Row-level comparison of two versions' Parquet files on a shared primary key (DuckDB). */
export interface DiffEngine {
  diffRows(input: {
    readonly fromParquet: string;
    readonly toParquet: string;
    readonly primaryKey: readonly string[];
    /** Columns present with the same type on both sides: a change in one of them changes the row. */
    readonly compareColumns: readonly string[];
    readonly sampleSize: number;
  }): Promise<RowDiff>;
}
