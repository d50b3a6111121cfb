/**
 * Where a residual-PII finding is: the first hit's file, data row and line (CSV, title lines counted)
 * or sheet row (XLSX) in the issue's fields, as the other issues carry them, and the first rows with
 * their lines in the message, so that an officer fixes every listed cell in one round.
 */
import { describe, expect, it } from 'vitest';
import { issuesOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';
import { buildXlsx } from '../fixtures/gate/xlsx-builder.ts';

const FIELDS = [
  { name: '编号', type: 'integer' as const },
  { name: '经营范围', type: 'string' as const },
];
const phoneAt = (rows: readonly number[], n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${i + 1},${rows.includes(i + 1) ? `咨询电话13812345${String(i).padStart(3, '0')}` : '食品销售'}`,
  );

async function residual(
  files: Record<string, string | Uint8Array>,
  extra: Parameters<typeof manifestOf>[1],
  stagedPath = true,
) {
  const r = await runGate(manifestOf(FIELDS, extra), files, { processor: { stagedPath } });
  await r.cleanup();
  return issuesOf(r.result, 'pii/residual');
}

describe('residual-PII rows', () => {
  for (const stagedPath of [true, false]) {
    it(`gives the file, row and line of the first hit and lists the rows, under a title row (${stagedPath ? 'one-pass' : 'detailed'} path)`, async () => {
      const csv = ['2024年经营户名录', '编号,经营范围', ...phoneAt([5, 9, 12], 14)].join('\n');
      const issues = await residual({ 'data.csv': csv }, { source: { headerRow: 2 } }, stagedPath);
      expect(issues).toEqual([
        expect.objectContaining({ type: 'pii/residual', file: 'data.csv', row: 5, line: 7, field: '经营范围' }),
      ]);
      expect(issues[0]?.message).toMatch(/; in data rows 5 \(line 7\), 9 \(line 11\), 12 \(line 14\)$/);
      expect(issues[0]?.zh?.message).toMatch(
        /^字段“经营范围”中有 3 个值像是手机号码，例如 .*；位于第 5 行（文件第 7 行）、第 9 行（文件第 11 行）、第 12 行（文件第 14 行）$/,
      );
      expect(issues[0]?.zh?.hint).toBe(
        '请对该列做脱敏处理（掩码、假名化、置空或删除），或清理其中的自由文本；如果确有理由公开，请在 piiExceptions 中为字段“经营范围”和检测器“mobile-cn”声明一条例外并写明理由',
      );
      expect(issues[0]).not.toHaveProperty('sheetRow');
    });
  }

  it('lists the first 10 rows when there are more', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => i + 1);
    const issues = await residual({ 'data.csv': ['编号,经营范围', ...phoneAt(rows, 14)].join('\n') }, {});
    expect(issues[0]).toMatchObject({ row: 1, line: 2 });
    expect(issues[0]?.message).toMatch(
      /^14 value\(s\) .*; the first in data rows 1 \(line 2\), 2 \(line 3\), .*, 10 \(line 11\)$/,
    );
    expect(issues[0]?.zh?.message).toMatch(
      /^字段“经营范围”中有 14 个值像是手机号码，.*；最先几处位于第 1 行（文件第 2 行）、第 2 行（文件第 3 行）、.*、第 10 行（文件第 11 行）$/,
    );
  });

  it('gives the sheet row of an XLSX source', async () => {
    const book = buildXlsx([
      {
        name: 'S',
        rows: [
          ['经营户名录'],
          [],
          ['编号', '经营范围'],
          [1, '食品销售'],
          [2, '请拨打 13812345678'],
          [3, '咨询 13912345678'],
        ],
      },
    ]);
    const issues = await residual(
      { 'd.xlsx': book },
      { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx', headerRow: 3 } },
    );
    expect(issues).toEqual([expect.objectContaining({ file: 'd.xlsx', row: 2, sheetRow: 5 })]);
    expect(issues[0]).not.toHaveProperty('line');
    expect(issues[0]?.message).toMatch(/; in data rows 2 \(sheet row 5\), 3 \(sheet row 6\)$/);
    expect(issues[0]?.zh?.message).toMatch(/；位于第 2 行（工作表第 5 行）、第 3 行（工作表第 6 行）$/);
  });

  it('names the file of each row when the source has several files', async () => {
    const issues = await residual(
      {
        'a.csv': ['编号,经营范围', '1,食品销售', '2,食品销售'].join('\n'),
        'b.csv': ['编号,经营范围', '3,食品销售', '4,电话 13812345678'].join('\n'),
      },
      { source: { files: [{ path: 'a.csv' }, { path: 'b.csv' }] } },
    );
    expect(issues).toEqual([expect.objectContaining({ file: 'b.csv', row: 2, line: 3 })]);
    expect(issues[0]?.message).toMatch(/; in data row 2 \(line 3\)$/);
  });
});
