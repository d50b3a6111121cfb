import { describe, expect, it } from 'vitest';
import {
  cutAtBytes,
  envelopeBytes,
  objectKeyBytes,
  pageWithin,
  rowBytes,
} from '../../../functions/core/query/page-bytes.ts';

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

  it('pages without the row that passed the size, unless it is the only one', () => {
    expect(pageWithin([1, 2, 3], 10, true)).toEqual({ kept: [1, 2], truncated: true });
    expect(pageWithin([1], 10, true)).toEqual({ kept: [1], truncated: true });
    // Reading stopped at the look-ahead row: the page is whole.
    expect(pageWithin([1, 2, 3], 2, true)).toEqual({ kept: [1, 2], truncated: true });
    expect(pageWithin([1, 2, 3], 2, false)).toEqual({ kept: [1, 2], truncated: true });
    expect(pageWithin([1, 2], 2, false)).toEqual({ kept: [1, 2], truncated: false });
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
