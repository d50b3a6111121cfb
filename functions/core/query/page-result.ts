import { encodeCursor } from './cursor.ts';
import { pageWithin } from './page-bytes.ts';
import type { CompiledQuery } from './render-sql.ts';

/** One page of an answer, ready for the response body and its `next` link. */
export interface Page {
  /** At most `limit` rows, visible columns only. */
  readonly rows: readonly (readonly unknown[])[];
  /** More rows exist after this page. */
  readonly truncated: boolean;
  /** Cursor for the next page (keyset pagination), when truncated. */
  readonly nextCursor: string | null;
  /** `$offset` for the next page when the query cannot use a cursor, when truncated. */
  readonly nextOffset: number | null;
}

/**
 * Cuts the engine's rows (fetched with `limit + 1`, and up to the size: `stoppedBySize`, page-bytes.ts)
 * into a page and derives the next position, which follows the page's last row. A first row larger than
 * one answer is a 422 (`pageWithin`).
 */
export const toPage = (compiled: CompiledQuery, rows: readonly (readonly unknown[])[], stoppedBySize = false): Page => {
  const width = compiled.columns.length;
  const names = compiled.columns.map((c) => c.name);
  const { kept, truncated } = pageWithin(rows, compiled.limit, stoppedBySize, names);
  const last = kept.at(-1);
  return {
    rows: kept.map((r) => r.slice(0, width)),
    truncated,
    nextCursor: truncated && last && compiled.pagination === 'keyset' ? nextCursorFromRow(compiled, last) : null,
    nextOffset: truncated && compiled.pagination === 'offset' ? compiled.offset + kept.length : null,
  };
};

/** The cursor that resumes after `row` (a full row of the compiled query, hidden cursor columns included). */
export const nextCursorFromRow = (compiled: CompiledQuery, row: readonly unknown[]): string => {
  const width = compiled.columns.length;
  const values = compiled.cursorColumns.map((_, i) => {
    const v = row[width + i];
    return v === null || v === undefined ? null : String(v);
  });
  return encodeCursor(compiled.fingerprint, values);
};
