import {
  type DuckDBResult,
  DuckDBTypeId,
  type DuckDBValueConverter,
  type Json,
  JsonDuckDBValueConverter,
} from '@duckdb/node-api';
import { objectKeyBytes, rowBytes } from '../../core/query/page-bytes.ts';

export interface ReadRows {
  readonly names: string[];
  readonly types: string[];
  /** Rows as JSON-safe values (`toJson`). */
  readonly rows: unknown[][];
  /** Reading stopped at `maxBytes`, before the end of the result and before `maxRows`. */
  readonly stoppedBySize: boolean;
}

/**
 * DuckDB's JSON conversion, with two changes, applied by the library at every depth (it recurses with the
 * real member type, so lists, structs, maps and unions need no type-text parsing):
 * - DOUBLE and FLOAT values that are not finite become null (JSON holds no such number; docs/formats.md);
 *   the library would give the strings "NaN" and "Infinity", which a text "NaN" could not be told from.
 * - BIGINT, HUGEINT and their unsigned kinds are numbers when a JS number holds them exactly (safe
 *   integers), else text (the library gives text always).
 */
const toJson: DuckDBValueConverter<Json> = (value, type, converter) => {
  switch (type.typeId) {
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT: {
      if (typeof value !== 'bigint') return JsonDuckDBValueConverter(value, type, converter);
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value.toString();
    }
    default:
      return JsonDuckDBValueConverter(value, type, converter);
  }
};

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
      const row = chunk.convertRowValues(r, toJson) as unknown[];
      rows.push(row);
      bytes += rowBytes(row, keyBytes);
      if (rows.length >= maxRows) return { names, types, rows, stoppedBySize: false };
      if (bytes > options.maxBytes) return { names, types, rows, stoppedBySize: true };
    }
  }
  return { names, types, rows, stoppedBySize: false };
}
