import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeCsvCell } from '../../../functions/core/protection/csv-injection.ts';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

describe('neutralizeCsvCell', () => {
  it('prefixes formula-like text with a single quote', () => {
    for (const s of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1', '=HYPERLINK("http://x")', '-', '+']) {
      expect(neutralizeCsvCell(s)).toBe(`'${s}`);
    }
  });

  it('leaves a number pair alone (a geopoint with a negative latitude), but not three numbers or a function', () => {
    for (const s of ['-33.86,151.2', '-33.86, -70.6', '+1,2']) expect(neutralizeCsvCell(s)).toBe(s);
    for (const s of ['-1,2,3', '-1,SUM(A1)', '-1;2', '-1,', '-,1']) expect(neutralizeCsvCell(s)).toBe(`'${s}`);
  });

  it('leaves real numbers and ordinary text alone', () => {
    for (const s of ['-2', '+3.5', '-0.001', '1e-3', '-1E+5', '42', '张三', '', 'a=b', "'=1"]) {
      expect(neutralizeCsvCell(s)).toBe(s);
    }
  });

  it('output is the input or the quoted input, never starts with a trigger unless a number, and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom(...TRIGGERS).chain((t) => fc.string().map((s) => t + s)),
        ),
        (s) => {
          const out = neutralizeCsvCell(s);
          expect([s, `'${s}`]).toContain(out);
          if (TRIGGERS.includes(out[0] ?? '')) {
            expect(out.split(/ ?, ?/).every((n) => n.trim() === n && Number.isFinite(Number(n)))).toBe(true);
          }
          expect(neutralizeCsvCell(out)).toBe(out);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps every signed number unchanged', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('', '+'), (x, sign) => {
        const s = x >= 0 ? sign + String(x) : String(x);
        expect(neutralizeCsvCell(s)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});
