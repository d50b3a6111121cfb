import { describe, expect, it } from 'vitest';
import { MAX_PAGE_BYTES, rowsWithinBytes } from '../../../functions/core/query/page-bytes.ts';

describe('rows within a response size', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i, 'x'.repeat(100), 'hidden cursor column']);

  it('keeps every row of a page under the limit, counting visible columns only', () => {
    expect(rowsWithinBytes(rows, 2, 10_000)).toBe(10);
    // 10 rows of ~108 bytes visible (~1.1 KB), ~131 bytes with the hidden column.
    expect(rowsWithinBytes(rows, 2, 1_200)).toBe(10);
    expect(rowsWithinBytes(rows, 3, 1_200)).toBeLessThan(10);
  });

  it('cuts where the JSON of the rows passes the limit', () => {
    const n = rowsWithinBytes(rows, 2, 500);
    expect(JSON.stringify(rows.slice(0, n).map((r) => r.slice(0, 2))).length).toBeLessThanOrEqual(500);
    expect(JSON.stringify(rows.slice(0, n + 1).map((r) => r.slice(0, 2))).length).toBeGreaterThan(500);
  });

  it('always keeps one row, so that paging moves on even past a row larger than the limit', () => {
    expect(rowsWithinBytes([['y'.repeat(1000)]], 1, 100)).toBe(1);
    expect(rowsWithinBytes([], 1, 100)).toBe(0);
  });

  it('leaves room for the escaping of the Lambda response envelope under its 6 MB', () => {
    expect(MAX_PAGE_BYTES * 1.5).toBeLessThan(6_291_556 - 100_000);
  });
});
