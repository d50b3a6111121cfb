import { type AppError, unprocessable } from '../errors.ts';

/**
 * Largest page of rows an answer carries, in bytes as the rows travel back from Lambda (see
 * `rowBytes`). A Lambda function returns at most 6 MB (6,291,556 bytes: a synchronous invocation's
 * payload, the response envelope with the body inside it as a JSON string). A page of 50,000 wide rows
 * passes that limit, and API Gateway would answer 500 with no rows at all. So a page is cut at this
 * many bytes instead, with `truncated` and a `next` link to the rest: never silent truncation. The
 * rest of the 6 MB is left for the answer's columns, link and headers. The local platform keeps the
 * same limit, so a page is the same rows everywhere and in every format.
 */
export const MAX_PAGE_BYTES = 4_500_000;

/**
 * The bytes a JSON text takes inside the response envelope: its UTF-8 length (a Chinese character is
 * three bytes), plus one for each quote and backslash, which the envelope escapes again.
 */
export function envelopeBytes(json: string): number {
  let n = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) n += c === 34 || c === 92 ? 2 : 1;
    else if (c < 0x800) n += 2;
    // A surrogate pair is one 4-byte character: two units of 2 bytes each.
    else n += c >= 0xd800 && c <= 0xdfff ? 2 : 3;
  }
  return n;
}

/**
 * The bytes the column names add to each row of the largest format, NDJSON, which writes every row
 * as an object: each name, quoted, and its colon (envelope bytes). Zero for no names.
 */
export const objectKeyBytes = (names: readonly string[]): number =>
  names.reduce((n, name) => n + envelopeBytes(JSON.stringify(name)) + 1, 0);

/**
 * What a row counts against MAX_PAGE_BYTES: its values as JSON, hidden cursor columns included,
 * `keyBytes` (`objectKeyBytes` of the result's columns) and a separator, in envelope bytes. That is
 * the row in the largest format the answer may be written in (NDJSON; a JSON answer writes arrays, a
 * CSV answer neither names nor, for text, more quotes), so one page fits every format.
 */
export const rowBytes = (row: readonly unknown[], keyBytes = 0): number =>
  envelopeBytes(JSON.stringify(row)) + keyBytes + 1;

/**
 * Rows read up to the size, as the engine reads them (read-rows.ts): those within `maxBytes`, then the
 * one that passes it, `stoppedBySize` saying that one did. For rows that were not read that way (a
 * query job's result).
 */
export function cutAtBytes(
  rows: readonly (readonly unknown[])[],
  names: readonly string[],
  maxBytes: number = MAX_PAGE_BYTES,
): { rows: readonly (readonly unknown[])[]; stoppedBySize: boolean } {
  const keyBytes = objectKeyBytes(names);
  let bytes = 0;
  for (const [i, row] of rows.entries()) {
    bytes += rowBytes(row, keyBytes);
    if (bytes > maxBytes) return { rows: rows.slice(0, i + 1), stoppedBySize: true };
  }
  return { rows, stoppedBySize: false };
}

/** Which cap cut a page: more rows than the limit asked for, or more bytes than one answer carries. */
export type TruncatedBy = 'rows' | 'bytes';

/**
 * One page of rows read with a look-ahead (`limit + 1` rows at most) and up to the size: at most `limit`
 * rows, without the row that passed the size, whether rows were left out and which cap left them out.
 * When the row that passed the size is the first, no page can carry it (a 6 MB Lambda answer, and
 * API Gateway's 500 beyond it, locally as in AWS): that is a 422 naming its size, never an oversized
 * answer nor a `truncated` page with nothing after it. `names` are the result's columns, to measure it
 * as the engine did (`rowBytes`).
 */
export function pageWithin<R>(
  rows: readonly R[],
  limit: number,
  stoppedBySize: boolean,
  names: readonly string[] = [],
): { kept: readonly R[]; truncated: boolean; truncatedBy: TruncatedBy | null } {
  const limited = rows.slice(0, limit);
  // The row that passed the size is in `limited` unless reading stopped at the look-ahead row.
  const bySize = stoppedBySize && rows.length <= limit;
  if (bySize && limited.length === 1) throw rowTooLarge(limited[0], names);
  const kept = bySize ? limited.slice(0, -1) : limited;
  const truncatedBy = bySize ? 'bytes' : rows.length > limit ? 'rows' : null;
  return { kept, truncated: truncatedBy !== null, truncatedBy };
}

function rowTooLarge(row: unknown, names: readonly string[]): AppError {
  const bytes = rowBytes(Array.isArray(row) ? row : [row], objectKeyBytes(names));
  return unprocessable({
    detail: `a row is larger than one answer can carry (${bytes} bytes, limit ${MAX_PAGE_BYTES}): select fewer or shorter columns`,
    hint: 'leave out the long columns, or shorten them (in SQL: left(column, 1000)); rows are measured as NDJSON in UTF-8',
    zh: {
      detail: `有一行超过了一次回答能容纳的大小（${bytes} 字节，上限 ${MAX_PAGE_BYTES} 字节）：请少选几列，或选较短的列`,
      hint: '请去掉较长的列，或把它们截短（SQL 中可用 left(column, 1000)）；行的大小按 UTF-8 编码的 NDJSON 计算',
    },
    extensions: { rowBytes: bytes, maxBytes: MAX_PAGE_BYTES },
  });
}
