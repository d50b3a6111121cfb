import { describe, expect, it } from 'vitest';
import { cutAtBytes, MAX_PAGE_BYTES, pageWithin, rowBytes } from '../../../functions/core/query/page-bytes.ts';

describe('rows within a response size', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i, 'x'.repeat(100)]);

  it('keeps every row of an answer under the size', () => {
    expect(cutAtBytes(rows, 10_000)).toEqual({ rows, stoppedBySize: false });
  });

  it('stops at the row that passes the size, and says so', () => {
    const cut = cutAtBytes(rows, 500);
    expect(cut.stoppedBySize).toBe(true);
    const within = cut.rows.slice(0, -1).reduce((n, r) => n + rowBytes(r), 0);
    expect(within).toBeLessThanOrEqual(500);
    expect(within + rowBytes(cut.rows.at(-1) ?? [])).toBeGreaterThan(500);
  });

  it('pages without the row that passed the size, unless it is the only one', () => {
    expect(pageWithin([1, 2, 3], 10, true)).toEqual({ kept: [1, 2], truncated: true });
    expect(pageWithin([1], 10, true)).toEqual({ kept: [1], truncated: true });
    // Reading stopped at the look-ahead row: the page is whole.
    expect(pageWithin([1, 2, 3], 2, true)).toEqual({ kept: [1, 2], truncated: true });
    expect(pageWithin([1, 2, 3], 2, false)).toEqual({ kept: [1, 2], truncated: true });
    expect(pageWithin([1, 2], 2, false)).toEqual({ kept: [1, 2], truncated: false });
  });

  it('leaves room for the escaping of the Lambda response envelope under its 6 MB', () => {
    expect(MAX_PAGE_BYTES * 1.5).toBeLessThan(6_291_556 - 100_000);
  });
});
