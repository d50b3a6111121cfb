import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../functions/core/errors.ts';
import { expectChineseQueryProblem } from '../../support/query-problem-zh.ts';
import { duck } from './compile.ts';

/**
 * Parse + check + compile on random input: whatever arrives, the only possible failure is a 400
 * AppError that says it in Chinese too (with the same names, numbers and positions), and no case may hang (the bound below is a hang detector, far above the usual ~0.1 ms).
 */

const COLUMNS = [
  'id',
  'name',
  'district',
  'population',
  'area',
  'open',
  'opened_on',
  'updated_at',
  'year',
  '`名称`',
  'nope',
  ':id',
  ':nope',
];
const LITERALS = ["'x'", "'2024-01-31'", "'O''Brien'", "'北京'", '1', '-2.5', '1e3', 'true', 'null', "''"];
const FUNCTIONS = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'upper',
  'lower',
  'starts_with',
  'date_trunc_ym',
  'date_extract_y',
  'date_extract_hh',
  'date_extract_dow',
  'date_extract_woy',
  'read_csv',
];
const BINARY = ['=', '!=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', 'AND', 'OR'];

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...COLUMNS),
    fc.constantFrom(...LITERALS),
    fc.tuple(tie('expr'), fc.constantFrom(...BINARY), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('expr').map((e) => `NOT ${e}`),
    tie('expr').map((e) => `(${e})`),
    tie('expr').map((e) => `-${e}`),
    fc
      .tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 2 }))
      .map(([f, a]) => `${f}(${a.join(', ')})`),
    fc.constant('count(*)'),
    tie('expr').map((e) => `count(distinct ${e})`),
    fc
      .tuple(tie('expr'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 }))
      .map(([e, l]) => `${e} IN (${l.join(', ')})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([e, a, b]) => `${e} BETWEEN ${a} AND ${b}`),
    fc.tuple(tie('expr'), fc.constantFrom(' IS NULL', ' IS NOT NULL')).map(([e, s]) => `${e}${s}`),
    fc.tuple(tie('expr'), fc.constantFrom(' LIKE ', ' NOT LIKE ')).map(([e, s]) => `${e}${s}'%a_'`),
  ),
}));

const SUFFIXES = ['', ' AS a', ' AS `b`', ' DESC', ' ASC', ' NULLS FIRST', ' DESC NULLS LAST', ' NULLS'];
const grammarShaped = fc.oneof(
  expr,
  fc
    .tuple(
      fc.constantFrom('', '', 'distinct ', 'DISTINCT '),
      fc.array(fc.tuple(expr, fc.constantFrom(...SUFFIXES)), { minLength: 1, maxLength: 4 }),
    )
    .map(([prefix, items]) => `${prefix}${items.map(([e, s]) => `${e}${s}`).join(', ')}`),
);
const randomText = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc
    .array(
      fc.constantFrom(
        ...COLUMNS,
        ...LITERALS,
        ...BINARY,
        '(',
        ')',
        ',',
        ';',
        '--',
        '*',
        'IN',
        'IS',
        '`',
        "'",
        ':',
        'DISTINCT',
        'NULLS',
        'FIRST',
      ),
      { maxLength: 30 },
    )
    .map((t) => t.join(' ')),
);
const param = fc.constantFrom('$where', '$select', '$order', '$group', '$having', '$q', 'name', 'population');

const MAX_MS_PER_CASE = 250;

describe('fuzz: parse + compile', () => {
  it('throws nothing but 400 AppErrors and never hangs, over 10,000 cases', () => {
    let slowest = 0;
    let compiled = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(param, fc.oneof(grammarShaped, randomText)), { minLength: 1, maxLength: 3 }),
        (pairs) => {
          const params = Object.fromEntries(pairs);
          const start = performance.now();
          let refused: unknown;
          try {
            duck(params);
            compiled++;
          } catch (e) {
            refused = e;
          }
          slowest = Math.max(slowest, performance.now() - start);
          if (refused === undefined) return;
          if (!isAppError(refused) || refused.status !== 400) throw refused;
          expectChineseQueryProblem(refused);
        },
      ),
      { numRuns: 10_000 },
    );
    expect(slowest).toBeLessThan(MAX_MS_PER_CASE);
    // The grammar-shaped half must reach the compiler, or the fuzz only tests the lexer.
    expect(compiled).toBeGreaterThan(500);
  });
});
