/**
 * Largest page of rows an answer carries, in bytes of the rows as JSON. A Lambda function returns at
 * most 6 MB (6,291,556 bytes: a synchronous invocation's payload), and the body travels as a string
 * inside the JSON response envelope, where each quote and backslash is escaped again (about 1.5x for
 * rows of short strings). A page of 50,000 wide rows passes that limit, and API Gateway would answer
 * 500 with no rows at all. So a page is cut at this many bytes instead, with `truncated` and a `next`
 * link to the rest: never silent truncation. The local platform keeps the same limit.
 */
export const MAX_PAGE_BYTES = 3_500_000;

/** What a row counts against MAX_PAGE_BYTES: its JSON, hidden cursor columns included, and a separator. */
export const rowBytes = (row: readonly unknown[]): number => JSON.stringify(row).length + 1;

/**
 * Rows read up to the size, as the engine reads them (read-rows.ts): those within `maxBytes`, then the
 * one that passes it, `stoppedBySize` saying that one did. For rows that were not read that way (a
 * query job's result).
 */
export function cutAtBytes(
  rows: readonly (readonly unknown[])[],
  maxBytes: number = MAX_PAGE_BYTES,
): { rows: readonly (readonly unknown[])[]; stoppedBySize: boolean } {
  let bytes = 0;
  for (const [i, row] of rows.entries()) {
    bytes += rowBytes(row);
    if (bytes > maxBytes) return { rows: rows.slice(0, i + 1), stoppedBySize: true };
  }
  return { rows, stoppedBySize: false };
}

/**
 * One page of rows read with a look-ahead (`limit + 1` rows at most) and up to the size: at most `limit`
 * rows, without the row that passed the size (unless it is the only one: a page always moves on), and
 * whether more rows exist.
 */
export function pageWithin<R>(
  rows: readonly R[],
  limit: number,
  stoppedBySize: boolean,
): { kept: readonly R[]; truncated: boolean } {
  const limited = rows.slice(0, limit);
  // The row that passed the size is in `limited` unless reading stopped at the look-ahead row.
  const kept = stoppedBySize && rows.length <= limit && limited.length > 1 ? limited.slice(0, -1) : limited;
  return { kept, truncated: stoppedBySize || rows.length > limit };
}
