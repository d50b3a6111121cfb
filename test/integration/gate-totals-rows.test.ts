/**
 * Totals and subtotals rows (合计, 小计, 全市合计, Total…) in a department export: published as data rows
 * they would double every sum of the column, so each is reported as `row/totals` with its row and line
 * and the release is refused, on both gate paths (the one-pass staging and the detailed validator), for
 * CSV and XLSX. A "合计" that is a category value beside other text is data.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TOTALS_ROW_HINT, TOTALS_ROW_HINT_ZH } from '../../functions/core/validation/header-row.ts';
import { type FieldInput, manifestOf, publishedRows, runGate } from '../fixtures/gate/harness.ts';
import { buildXlsx } from '../fixtures/gate/xlsx-builder.ts';

const FOOD: FieldInput[] = [
  { name: '抽检编号', type: 'string', constraints: { required: true, unique: true } },
  { name: '企业名称', type: 'string' },
  { name: '抽检数量', type: 'integer' },
  { name: '不合格项数', type: 'integer' },
  { name: '区县', type: 'string' },
];
const HEADER = '抽检编号,企业名称,抽检数量,不合格项数,区县';
const DATA = [
  'SC001,示例粮油有限公司,1736,0,海淀区',
  'SC002,示例乳业有限公司,1643,1,海淀区',
  'SC003,示例食品有限公司,478,2,丰台区',
];

const paths = [
  { name: 'one-pass', stagedPath: true },
  { name: 'detailed', stagedPath: false },
] as const;

/** The report and the published data.csv rows (null when nothing was published). */
async function publish(
  fields: FieldInput[],
  files: Record<string, string | Uint8Array>,
  options = {},
  stagedPath = true,
) {
  const run = await runGate(manifestOf(fields, options), files, { processor: { stagedPath } });
  try {
    return { report: run.result.report, rows: await publishedRows(run), output: run.result.output };
  } finally {
    await run.cleanup();
  }
}

describe('totals rows', () => {
  it.each(paths)(
    'refuses a GBK export whose last line is a 合计 row padded with delimiters, under a title line ($name)',
    async ({ stagedPath }) => {
      const csv = iconv.encode(['2025年食品抽检结果,,,,', HEADER, ...DATA, '合计,,3857,3,', ''].join('\r\n'), 'gbk');
      const r = await publish(FOOD, { 'data.csv': csv }, { source: { headerRow: 2 } }, stagedPath);
      expect(r.report.valid).toBe(false);
      expect(r.output).toBeUndefined();
      expect(r.rows).toBeNull();
      expect(r.report.issues).toEqual([
        {
          type: 'row/totals',
          file: 'data.csv',
          row: 4,
          line: 6,
          message: 'line 6 is a totals row ("合计"), not a data row: published, it would be counted in every sum',
          hint: TOTALS_ROW_HINT,
          zh: {
            message: '文件第 6 行是合计行（“合计”），不是数据行：如果发布，它会被重复计入每一次求和',
            hint: TOTALS_ROW_HINT_ZH,
          },
        },
      ]);
      expect(TOTALS_ROW_HINT).toContain('合计行请从导出文件中删除');
      expect(r.report.rowsRead).toBe(3);
    },
  );

  it.each(paths)(
    'names a totals row whose first column is an integer as a totals row, not as a bad integer ($name)',
    async ({ stagedPath }) => {
      const fields: FieldInput[] = [
        { name: '编号', type: 'integer' },
        { name: '备注', type: 'string' },
      ];
      const r = await publish(fields, { 'data.csv': '编号,备注\n1,a\n2,b\n合计,\n' }, {}, stagedPath);
      expect(r.output).toBeUndefined();
      expect(r.report.issues.map((i) => [i.type, i.row, i.line, i.field, i.hint])).toEqual([
        ['row/totals', 3, 4, undefined, TOTALS_ROW_HINT],
      ]);
    },
  );

  it.each(paths)(
    'names a totals row whose first cell, of an integer column, is empty and whose label follows ($name)',
    async ({ stagedPath }) => {
      const fields: FieldInput[] = [
        { name: '编号', type: 'integer' },
        { name: '区县', type: 'string' },
        { name: '人数', type: 'integer' },
      ];
      const csv = '编号,区县,人数\n1,东城区,12000\n2,西城区,20652\n,合计,32652\n';
      const r = await publish(fields, { 'data.csv': csv }, {}, stagedPath);
      expect(r.output).toBeUndefined();
      expect(r.report.issues.map((i) => [i.type, i.row, i.line])).toEqual([['row/totals', 3, 4]]);
    },
  );

  it.each(paths)(
    'names a totals line with fewer cells than the header a totals row, not a ragged row ($name)',
    async ({ stagedPath }) => {
      const fields: FieldInput[] = [
        { name: '区县', type: 'string' },
        { name: '人数', type: 'integer' },
        { name: '备注', type: 'string' },
      ];
      const csv = '区县,人数,备注\n东城区,12000,a\n西城区,20652,b\n合计,32652\n';
      const r = await publish(fields, { 'data.csv': csv }, {}, stagedPath);
      expect(r.output).toBeUndefined();
      expect(r.report.issues).toEqual([
        {
          type: 'row/totals',
          file: 'data.csv',
          row: 3,
          line: 4,
          message: 'line 4 is a totals row ("合计"), not a data row: published, it would be counted in every sum',
          hint: TOTALS_ROW_HINT,
          zh: {
            message: '文件第 4 行是合计行（“合计”），不是数据行：如果发布，它会被重复计入每一次求和',
            hint: TOTALS_ROW_HINT_ZH,
          },
        },
      ]);
    },
  );

  it.each(paths)('reports subtotals in the middle and the labels departments write ($name)', async ({ stagedPath }) => {
    const csv = [
      HEADER,
      DATA[0],
      '小计,,1736,0,',
      DATA[1],
      '全市合计：,,1643,1,',
      DATA[2],
      '合 计,,478,2,',
      'Grand Total,,3857,3,',
      ' 总计： ,,3857,3,',
      ',Subtotal,3857,3,',
      '',
    ].join('\n');
    const r = await publish(FOOD, { 'data.csv': csv }, {}, stagedPath);
    expect(r.output).toBeUndefined();
    expect(r.report.issues.map((i) => [i.type, i.row, i.line, i.message.match(/\("(.*)"\)/)?.[1]])).toEqual([
      ['row/totals', 2, 3, '小计'],
      ['row/totals', 4, 5, '全市合计：'],
      ['row/totals', 6, 7, '合 计'],
      ['row/totals', 7, 8, 'Grand Total'],
      ['row/totals', 8, 9, '总计：'],
      ['row/totals', 9, 10, 'Subtotal'],
    ]);
    expect(r.report.counts).toEqual({ 'row/totals': 6 });
  });

  it('reports a totals row and the notes after it, blank lines between them aside (detailed path)', async () => {
    const csv = [HEADER, ...DATA, ',,,,', '合计,,3857,3,', '注：数据来源于区市场监管局,,,,', ''].join('\n');
    const r = await publish(FOOD, { 'data.csv': csv }, {}, false);
    expect(r.output).toBeUndefined();
    expect(r.report.issues.map((i) => [i.type, i.row, i.line])).toEqual([
      ['row/totals', 5, 6],
      ['row/footer', 6, 7],
    ]);
  });

  it.each(paths)(
    'publishes a category value "合计" in a later column, and a row whose first cell is empty with text beside its "合计" ($name)',
    async ({ stagedPath }) => {
      const fields: FieldInput[] = [
        { name: '编号', type: 'string' },
        { name: '口径', type: 'string' },
        { name: '区县', type: 'string' },
        { name: '人数', type: 'integer' },
      ];
      const csv =
        '编号,口径,区县,人数\nA1,合计,东城区,500\nA2,男,东城区,250\n,合计,西城区,300\nA4,合计金额小计说明,西城区,1\n';
      const r = await publish(fields, { 'data.csv': csv }, {}, stagedPath);
      expect(r.report.issues).toEqual([]);
      expect(r.report.valid).toBe(true);
      expect(r.rows).toEqual([
        'A1,合计,东城区,500',
        'A2,男,东城区,250',
        ',合计,西城区,300',
        'A4,合计金额小计说明,西城区,1',
      ]);
    },
  );

  it('reports a totals row of a sheet by its sheet row, with the notes below it', async () => {
    const m = manifestOf(FOOD, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    const sheet = buildXlsx([
      {
        name: 'S',
        rows: [
          HEADER.split(','),
          ['SC001', '甲', 1736, 0, '海淀区'],
          ['SC002', '乙', 1643, 1, '海淀区'],
          ['合计', null, 3379, 1, null],
          [],
          ['注：数据来源于区市场监管局'],
        ],
      },
    ]);
    const run = await runGate(m, { 'd.xlsx': sheet });
    await run.cleanup();
    expect(run.result.output).toBeUndefined();
    expect(run.result.report.issues).toEqual([
      {
        type: 'row/totals',
        file: 'd.xlsx',
        row: 3,
        sheetRow: 4,
        message: 'sheet row 4 is a totals row ("合计"), not a data row: published, it would be counted in every sum',
        hint: TOTALS_ROW_HINT,
        zh: {
          message: '工作表第 4 行是合计行（“合计”），不是数据行：如果发布，它会被重复计入每一次求和',
          hint: TOTALS_ROW_HINT_ZH,
        },
      },
      expect.objectContaining({ type: 'row/footer', row: 5, sheetRow: 6 }),
    ]);
  });
});
