/**
 * Largest page of rows an answer carries, in bytes of the rows as JSON. A Lambda function returns at
 * most 6 MB (6,291,556 bytes: a synchronous invocation's payload), and the body travels as a string
 * inside the JSON response envelope, where each quote and backslash is escaped again (about 1.5x for
 * rows of short strings). A page of 50,000 wide rows passes that limit, and API Gateway would answer
 * 500 with no rows at all. So a page is cut at this many bytes instead, with `truncated` and a `next`
 * link to the rest: never silent truncation. The local platform keeps the same limit.
 */
export const MAX_PAGE_BYTES = 3_500_000;

/** How many of `rows` (their first `width` values) fit in `maxBytes` as JSON: all, or at least one. */
export function rowsWithinBytes(rows: readonly (readonly unknown[])[], width: number, maxBytes: number): number {
  const visible = (r: readonly unknown[]) => (r.length > width ? r.slice(0, width) : r);
  // One native call decides the common case; only an over-budget page is measured row by row.
  if (JSON.stringify(rows.map(visible)).length <= maxBytes) return rows.length;
  let bytes = 2;
  for (const [i, row] of rows.entries()) {
    bytes += JSON.stringify(visible(row)).length + 1;
    if (bytes > maxBytes) return Math.max(1, i);
  }
  return rows.length;
}
