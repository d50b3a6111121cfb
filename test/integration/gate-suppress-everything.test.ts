/**
 * k-anonymity suppression that removes every row: it used to publish an empty dataset ("valid",
 * 0 rows) while a header-only file is refused. Now refused, saying how many rows and why.
 */
import { describe, expect, it } from 'vitest';
import { type FieldInput, gate, manifestOf } from '../fixtures/gate/harness.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'age', type: 'integer', grade: 'sensitive', treatment: { kind: 'generalize-number', width: 10 } },
  { name: 'district', type: 'string' },
];
const CSV = 'id,age,district\n1,23,东城区\n2,27,东城区\n3,35,西城区\n4,41,朝阳区\n';

describe('k-anonymity suppression', () => {
  it('refuses a release when suppression would leave no row', async () => {
    const r = await gate(
      manifestOf(FIELDS, { kAnonymity: { quasiIdentifiers: ['age', 'district'], k: 3, suppress: true } }),
      {
        'data.csv': CSV,
      },
    );
    expect(r.output).toBeUndefined();
    expect(r.report).toMatchObject({ valid: false, rowsRead: 4 });
    expect(r.report.issues).toEqual([
      {
        type: 'k-anonymity/below-k',
        field: 'age, district',
        message: expect.stringContaining(
          'would remove all 4 row(s): every group of rows sharing (age, district) has fewer than k=3 rows',
        ),
        hint: expect.stringContaining('a release must contain at least one row'),
        zh: {
          message: 'k-匿名删除会去掉全部 4 行：按（age、district）分组，每一组都不足 k=3 行，因此没有任何数据可以发布',
          hint: '本次发布至少要有一行数据：请进一步泛化准标识符（更宽的区间、更粗的日期或地区），或核对 k 值和准标识符是否设置正确',
        },
      },
    ]);
  });

  it('still publishes what is left when some rows remain', async () => {
    const r = await gate(
      manifestOf(FIELDS, { kAnonymity: { quasiIdentifiers: ['age', 'district'], k: 2, suppress: true } }),
      {
        'data.csv': CSV,
      },
    );
    expect(r.report.valid).toBe(true);
    expect(r.output?.rowCount).toBe(2);
  });
});
