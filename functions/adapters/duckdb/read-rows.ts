import { type DuckDBResult, JsonDuckDBValueConverter } from '@duckdb/node-api';
import { objectKeyBytes, rowBytes } from '../../core/query/page-bytes.ts';

export interface ReadRows {
  readonly names: string[];
  readonly types: string[];
  /** Rows as JSON-safe values (DuckDB's JSON conversion). */
  readonly rows: unknown[][];
  /** Reading stopped at `maxBytes`, before the end of the result and before `maxRows`. */
  readonly stoppedBySize: boolean;
}

/**
 * Reads a result (streamed, or materialized for a compiled query) one chunk at a time, converting row by row, until `maxRows` rows are read
 * or the rows read pass `maxBytes` (`rowBytes`: as NDJSON in the response envelope; the row that passes it is kept, so the caller sees that the
 * answer goes on). A result of huge cells (`repeat('x', 100000)` over thousands of rows) never
 * becomes a whole JavaScript array: at most one row beyond the budget is converted.
 */
export async function readRowsWithin(
  result: DuckDBResult,
  options: { maxRows?: number; maxBytes: number },
): Promise<ReadRows> {
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => t.toString());
  const rows: unknown[][] = [];
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const keyBytes = objectKeyBytes(names);
  let bytes = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let r = 0; r < chunk.rowCount; r++) {
      const row = chunk.convertRowValues(r, JsonDuckDBValueConverter) as unknown[];
      rows.push(row);
      bytes += rowBytes(row, keyBytes);
      if (rows.length >= maxRows) return { names, types, rows, stoppedBySize: false };
      if (bytes > options.maxBytes) return { names, types, rows, stoppedBySize: true };
    }
  }
  return { names, types, rows, stoppedBySize: false };
}
