import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kAnonymityStats,
  kAnonymityStatsSql,
  suppressBelowK,
  suppressBelowKSql,
} from '../../../functions/core/protection/k-anonymity.ts';
import { quoteIdent, quoteLiteral } from '../../../functions/core/sql/quote.ts';

const rows = fc.array(
  fc.record({ age: fc.constantFrom('20-29', '30-39', null), sex: fc.constantFrom('F', 'M'), n: fc.nat() }),
  { maxLength: 60 },
);

describe('k-anonymity JS reference', () => {
  it('after suppression every class has at least k rows, and exactly rowsBelowK rows are removed', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 6 }), (rs, k) => {
        const stats = kAnonymityStats(rs, ['age', 'sex'], k);
        const kept = suppressBelowK(rs, ['age', 'sex'], k);
        expect(rs.length - kept.length).toBe(stats.rowsBelowK);
        const after = kAnonymityStats(kept, ['age', 'sex'], k);
        expect(after.rowsBelowK).toBe(0);
        if (kept.length > 0) expect(after.smallestClass).toBeGreaterThanOrEqual(k);
      }),
    );
  });

  it('counts classes on a small example, NULL as a value', () => {
    const rs = [
      { age: '20-29', sex: 'F' },
      { age: '20-29', sex: 'F' },
      { age: null, sex: 'M' },
    ];
    expect(kAnonymityStats(rs, ['age', 'sex'], 2)).toEqual({
      smallestClass: 1,
      classes: 2,
      classesBelowK: 1,
      rowsBelowK: 1,
    });
    expect(kAnonymityStats([], ['age'], 2).smallestClass).toBeNull();
  });

  it('builds SQL with quoted identifiers and rejects a bad k', () => {
    expect(suppressBelowKSql('t', ['年龄段', 'a"b'], 5)).toBe(
      'SELECT * FROM t QUALIFY count(*) OVER (PARTITION BY "年龄段", "a""b") >= 5',
    );
    expect(() => kAnonymityStatsSql('t', ['a'], 2.5)).toThrow(/k must be/);
    expect(() => kAnonymityStatsSql('t', [], 2)).toThrow(/quasi-identifier/);
  });
});

describe('SQL quoting', () => {
  it('round-trips any identifier and literal shape', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !s.includes('\u0000')),
        (s) => {
          const id = quoteIdent(s);
          expect(id.slice(1, -1).replaceAll('""', '"')).toBe(s);
          expect(id.slice(1, -1).replaceAll('""', '')).not.toContain('"');
          const lit = quoteLiteral(s);
          expect(lit.slice(1, -1).replaceAll("''", '')).not.toContain("'");
        },
      ),
    );
  });
});
