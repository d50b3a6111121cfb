import type { RowDiff } from '../core/release/schema-diff.ts';

/** Row-level comparison of two versions' Parquet files on a shared primary key (DuckDB). */
export interface DiffEngine {
  diffRows(input: {
    readonly fromParquet: string;
    readonly toParquet: string;
    readonly primaryKey: readonly string[];
    /** Columns present with the same type on both sides: a change in one of them changes the row. */
    readonly compareColumns: readonly string[];
    /**
     * Columns present on both sides with another type (retyped, 123 → "P123"): compared as text (each
     * side CAST to VARCHAR), so that a value that changed with the type changes the row.
     */
    readonly compareAsText?: readonly string[];
    readonly sampleSize: number;
  }): Promise<RowDiff>;
}
