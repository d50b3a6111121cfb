/**
 * Every refusal and warning of the protection gate carries its Chinese message and hint (`zh`), on
 * the one-pass and the detailed path: a core field, identifiers in the manifest, residual personal
 * data (a detector, a same-row value, whole numbers too long to be exact, in a number and a text
 * column), k-anonymity below k and a suppression of every row, a metadata date giving a withheld
 * date back, an empty file, and the warnings about piiExceptions and kAnonymity. A builder that
 * forgets `zh` fails here; the texts are pinned beside the English in the gate's other tests.
 */
import { describe, expect, it } from 'vitest';
import type { ValidationIssue, ValidationWarning } from '../../functions/core/validation/report.ts';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, manifestOf, runGate } from '../fixtures/gate/harness.ts';
import { expectChinese } from '../support/chinese-text.ts';

/** The issue types the gate's protection builds (the other issues are another suite's). */
const PROTECTION = new Set<string>(['grade/core', 'pii/residual', 'pii/metadata', 'k-anonymity/below-k', 'file/empty']);

async function report(
  fields: FieldInput[],
  csv: string,
  stagedPath: boolean,
  extra: Parameters<typeof manifestOf>[1] = {},
): Promise<ProcessedRelease['report']> {
  const run = await runGate(manifestOf(fields, extra), { 'data.csv': csv }, { processor: { stagedPath } });
  await run.cleanup();
  return run.result.report;
}

/** The protection issues and every warning, after checking that each expected type is among them. */
function built(r: ProcessedRelease['report'], types: readonly string[]): (ValidationIssue | ValidationWarning)[] {
  const all = [...r.issues.filter((i) => PROTECTION.has(i.type)), ...(r.warnings ?? [])];
  for (const t of types)
    expect(
      all.map((i) => i.type),
      t,
    ).toContain(t);
  return all;
}

describe.each([
  { name: 'the one-pass path', stagedPath: true },
  { name: 'the detailed path', stagedPath: false },
])('Chinese protection messages on $name', ({ stagedPath }) => {
  it('on a refused release: core field, manifest identifiers, residual personal data, and the warnings', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
      { name: 'note', type: 'string' },
      { name: 'amount', type: 'number' },
      { name: 'code', type: 'string' },
      { name: 'site', type: 'string', grade: 'core' },
    ];
    const csv = [
      'id,name,note,amount,code,site',
      '1,张伟,已由张伟签字确认 电话13812345678,6222021234567894003,9007199254740993.0,x',
      '2,王芳,现场检查合格,1,x,y',
    ].join('\n');
    const r = await report(fields, csv, stagedPath, {
      id: 'pt-13712345678',
      piiExceptions: [{ field: 'code', detector: 'bank-card', justification: 'card numbers of the office, published' }],
    });
    expect(r.valid).toBe(false);
    const issues = built(r, [
      'grade/core',
      'pii/metadata',
      'pii/residual',
      'pii/unused-exception',
      'protection/no-k-anonymity',
    ]);
    expectChinese(issues);
    // Four kinds of residual personal data: a mobile number, a same-row value, two inexact numbers.
    const residual = r.issues.filter((i) => i.type === 'pii/residual').map((i) => i.zh?.message);
    expect(residual).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^字段“note”中有 1 个值像是手机号码，例如 .+；位于第 1 行（文件第 2 行）$/),
        expect.stringMatching(/^字段“note”中有 1 个单元格含有同一行字段“name”的值，而字段“name”分级为敏感，已删除：/),
        expect.stringMatching(/^字段“amount”中有 1 个值是 16 至 19 位的整数/),
        expect.stringMatching(/^字段“code”中有 1 个值含有按双精度浮点数格式书写的 16 至 19 位整数/),
      ]),
    );
    // The Chinese never holds what the English may not.
    const text = JSON.stringify(r);
    for (const raw of ['13812345678', '张伟', '13712345678']) expect(text).not.toContain(raw);
  });

  it('on k-anonymity below k and a metadata date that gives a withheld date back', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'age', type: 'integer' },
      { name: 'sex', type: 'string' },
      { name: 'died', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'month' } },
    ];
    const csv = ['id,age,sex,died', '1,30,男,1993-11-24', '2,30,男,1993-11-02', '3,41,女,1993-11-05'].join('\n');
    const r = await report(fields, csv, stagedPath, {
      kAnonymity: { quasiIdentifiers: ['age', 'sex'], k: 2 },
      temporal: { start: '1993-11', end: '1993-11-24' },
    });
    expectChinese(built(r, ['k-anonymity/below-k', 'pii/metadata']));
  });

  it('on a suppression that would leave no row, and on an empty file', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'age', type: 'integer' },
    ];
    const suppressed = await report(fields, 'id,age\n1,30\n2,41\n', stagedPath, {
      kAnonymity: { quasiIdentifiers: ['age'], k: 2, suppress: true },
    });
    expectChinese(built(suppressed, ['k-anonymity/below-k']));
    const empty = await report(fields, 'id,age\n', stagedPath);
    expectChinese(built(empty, ['file/empty']));
  });
});
