/**
 * Every issue the gate reports for the rows, the header, a title line and a totals row carries its
 * Chinese message and hint (`zh`), on the one-pass and the detailed path: a builder that forgets it
 * fails here. The texts themselves are pinned in test/unit/validation/zh-messages.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, manifestOf, runGate } from '../fixtures/gate/harness.ts';
import { expectChinese, ROW_CHECK_TYPES } from '../support/chinese-text.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'age', type: 'integer', constraints: { required: true, minimum: 0, maximum: 120 } },
  { name: 'district', type: 'string', constraints: { enum: ['东城区', '西城区'], unique: true } },
  { name: 'zip', type: 'string', constraints: { pattern: '[0-9]{6}', maxLength: 6 } },
  { name: 'day', type: 'date' },
  { name: 'point', type: 'geopoint' },
  { name: 'amount', type: 'number' },
];
const HEADER = 'id,age,district,zip,day,point,amount';

/** Rows breaking every row check: type (with the value hints), required, bounds, enum, unique, pattern, length, key. */
const BAD_ROWS = [
  '1,30,东城区,100010,2024-03-05,"39.9,116.4",1.5',
  '1,,东城区,1000100,2024/03/05,"116.4,39.9","1,234.50"',
  '2,-1,朝阳区,abc,2024-03-05 08:00:00,"39.9,116.4",-',
  '3,130,西城区,100011,2024-03-06,"39.9,116.4",８５６',
  '4,x,,100012,2024-03-07,"39.9,116.4",2',
];

async function issuesOf(files: Record<string, string>, stagedPath: boolean): Promise<ProcessedRelease['report']> {
  const run = await runGate(manifestOf(FIELDS, { primaryKey: ['id'] }), files, { processor: { stagedPath } });
  await run.cleanup();
  return run.result.report;
}

function expectRefused(report: ProcessedRelease['report'], types: readonly string[]): void {
  expect(report.valid).toBe(false);
  for (const t of types) expect(report.counts[t], t).toBeGreaterThan(0);
  expectChinese(report.issues);
}

describe.each([
  { name: 'the one-pass path', stagedPath: true },
  { name: 'the detailed path', stagedPath: false },
])('Chinese messages on $name', ({ stagedPath }) => {
  it('on every row issue', async () => {
    const report = await issuesOf({ 'data.csv': `${HEADER}\n${BAD_ROWS.join('\n')}\n` }, stagedPath);
    expectRefused(report, ROW_CHECK_TYPES);
    const zh = (type: string, row: number) => report.issues.find((i) => i.type === type && i.row === row)?.zh;
    expect(zh('cell/unique', 2)?.message).toBe('“东城区”在前面的行中已经出现过：第 1 行（文件第 2 行）');
    expect(zh('row/primary-key', 2)?.message).toBe('主键（id）与前面的行重复：第 1 行（文件第 2 行）');
    expect(zh('cell/enum', 3)?.message).toBe('“朝阳区”不在允许的取值中');
    const amount = report.issues.find((i) => i.type === 'cell/type' && i.field === 'amount' && i.row === 3);
    expect(amount?.zh?.hint).toContain('`source.missingValues: ["-"]`');
  });

  it('on header, title-line and totals issues', async () => {
    const header = await issuesOf({ 'data.csv': `ID,age,district,zip,day,point,amount,extra\n` }, stagedPath);
    expectRefused(header, ['header/extra-column', 'header/missing-column']);
    const title = await issuesOf({ 'data.csv': `2024年人员表\n\n${HEADER}\n${BAD_ROWS[0]}\n` }, stagedPath);
    expectRefused(title, ['header/title-row']);
    const totals = await issuesOf({ 'data.csv': `${HEADER}\n${BAD_ROWS[0]}\n合计,,,,,,,1.5\n` }, stagedPath);
    expectRefused(totals, ['row/totals']);
    expect(totals.issues.find((i) => i.type === 'row/totals')?.zh?.message).toMatch(/^文件第 3 行是合计行（“合计”）/);
  });
});
