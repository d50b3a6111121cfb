import { describe, expect, it } from 'vitest';
import {
  cutAtBytes,
  envelopeBytes,
  MAX_PAGE_BYTES,
  objectKeyBytes,
  pageWithin,
  rowBytes,
} from '../../../functions/core/query/page-bytes.ts';
import { toPage } from '../../../functions/core/query/page-result.ts';
import { appErrorOf } from './app-error-of.ts';
import { duck } from './compile.ts';

describe('rows within a response size', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i, 'x'.repeat(100)]);

  it('keeps every row of an answer under the size', () => {
    expect(cutAtBytes(rows, ['n', 'x'], 10_000)).toEqual({ rows, stoppedBySize: false });
  });

  it('stops at the row that passes the size, and says so', () => {
    const cut = cutAtBytes(rows, ['n', 'x'], 500);
    expect(cut.stoppedBySize).toBe(true);
    const keys = objectKeyBytes(['n', 'x']);
    const within = cut.rows.slice(0, -1).reduce((n, r) => n + rowBytes(r, keys), 0);
    expect(within).toBeLessThanOrEqual(500);
    expect(within + rowBytes(cut.rows.at(-1) ?? [], keys)).toBeGreaterThan(500);
  });

  it('pages without the row that passed the size, and says which cap cut the page', () => {
    expect(pageWithin([1, 2, 3], 10, true)).toEqual({ kept: [1, 2], truncated: true, truncatedBy: 'bytes' });
    // Reading stopped at the look-ahead row: the page is whole.
    expect(pageWithin([1, 2, 3], 2, true)).toEqual({ kept: [1, 2], truncated: true, truncatedBy: 'rows' });
    expect(pageWithin([1, 2, 3], 2, false)).toEqual({ kept: [1, 2], truncated: true, truncatedBy: 'rows' });
    expect(pageWithin([1, 2], 2, false)).toEqual({ kept: [1, 2], truncated: false, truncatedBy: null });
  });

  it('refuses a first row larger than one answer with a 422 naming its size, never an oversized page', () => {
    // Before: the row was kept alone with `truncated: true` though nothing followed, and past 6 MB
    // API Gateway would have answered 500.
    const huge = ['x'.repeat(MAX_PAGE_BYTES), 42];
    const error = appErrorOf(() => pageWithin([huge], 1000, true, ['s', 'after']));
    expect(error.status).toBe(422);
    const bytes = rowBytes(huge, objectKeyBytes(['s', 'after']));
    expect(error.detail).toBe(
      `a row is larger than one answer can carry (${bytes} bytes, limit ${MAX_PAGE_BYTES}): select fewer or shorter columns`,
    );
    const { zh, ...members } = error.extensions;
    expect(members).toEqual({ rowBytes: bytes, maxBytes: MAX_PAGE_BYTES });
    expect(zh).toEqual({
      detail: `有一行超过了一次回答能容纳的大小（${bytes} 字节，上限 ${MAX_PAGE_BYTES} 字节）：请少选几列，或选较短的列`,
      hint: expect.stringContaining('left(column, 1000)'),
    });
    // A query job's rows, cut the same way, refuse it alike.
    const cut = cutAtBytes([huge, [1, 2]], ['s', 'after']);
    expect(appErrorOf(() => pageWithin(cut.rows, 1000, cut.stoppedBySize)).status).toBe(422);
  });

  it("refuses it on the query API's page too (a page of one oversized row cannot move on)", () => {
    const compiled = duck({ $select: 'name', $limit: '10' });
    const row = ['x'.repeat(MAX_PAGE_BYTES), 'cursor-key'];
    expect(appErrorOf(() => toPage(compiled, [row], true)).status).toBe(422);
    // After smaller rows it ends the page instead, which goes on at it.
    const page = toPage(compiled, [['a', 'k1'], row], true);
    expect(page.rows).toEqual([['a']]);
    expect(page.truncated).toBe(true);
  });

  it('counts bytes as the envelope carries them: UTF-8, quotes and backslashes escaped again', () => {
    const samples = ['abc', '北京市朝阳区', 'say "hi" \\ bye', '😀 emoji', 'é', '\u0001'];
    for (const s of samples) {
      const json = JSON.stringify(s);
      // The envelope holds the body as a JSON string: the body's bytes there, less the outer quotes.
      expect(envelopeBytes(json), s).toBe(Buffer.byteLength(JSON.stringify(json)) - 2);
    }
    // NDJSON repeats every column name: a row of one value under a long alias counts the alias, as
    // the NDJSON line and its newline take in the envelope.
    const alias = '很长的"别名"'.repeat(10);
    const line = `${JSON.stringify({ [alias]: 1 })}\n`;
    expect(rowBytes([1], objectKeyBytes([alias]))).toBe(Buffer.byteLength(JSON.stringify(line)) - 2 - 1);
  });
});
