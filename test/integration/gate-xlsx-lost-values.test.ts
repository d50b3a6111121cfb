/**
 * Values a sheet shows but the reader reads as empty, through the gate: a merged range over data rows
 * (the usual Chinese report layout, 区县 merged over its rows), a formula stored without its calculated
 * value (openpyxl, POI and many system exports), an error value (#DIV/0!, #N/A…). Each refuses the
 * release with the sheet, the cell or range, the sheet row, the field and what to do in WPS or Excel:
 * published, they would be empty cells nobody chose. Merges above the header (a title) change nothing.
 * Each is reported once: the checks an empty cell sets off (required, a repeated primary key, a blank
 * row) do not report the cells it empties again, while the other problems of those rows still are.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, gate, manifestOf, runGate, type SourceInputSpec } from '../fixtures/gate/harness.ts';
import { buildXlsx, type XlsxCell, type XlsxSheet } from '../fixtures/gate/xlsx-builder.ts';

const FIELDS: FieldInput[] = [
  { name: '区县', type: 'string' },
  { name: '企业名称', type: 'string' },
  { name: '罚款金额', type: 'number' },
  { name: '违法所得', type: 'number' },
  { name: '罚没合计', type: 'number' },
];
const HEADER = ['区县', '企业名称', '罚款金额', '违法所得', '罚没合计'];

const source = (extra: SourceInputSpec = {}): SourceInputSpec => ({
  files: [{ path: 'd.xlsx' }],
  format: 'xlsx',
  ...extra,
});

/** The release of one sheet (named 明细, the sheet read) with these rows and merged ranges. */
function release(
  rows: XlsxCell[][],
  opts: {
    merges?: string[];
    headerRow?: number;
    fields?: FieldInput[];
    sheets?: XlsxSheet[];
    primaryKey?: string[];
  } = {},
): Promise<ProcessedRelease> {
  const sheet: XlsxSheet = { name: '明细', rows, merges: opts.merges ?? [] };
  const extra: SourceInputSpec = opts.headerRow ? { sheet: '明细', headerRow: opts.headerRow } : { sheet: '明细' };
  const key = opts.primaryKey ? { primaryKey: opts.primaryKey } : {};
  return gate(manifestOf(opts.fields ?? FIELDS, { source: source(extra), ...key }), {
    'd.xlsx': buildXlsx([...(opts.sheets ?? []), sheet]),
  });
}

/** The published rows (data.json) of a release that must pass. */
async function published(
  rows: XlsxCell[][],
  opts: { merges?: string[]; headerRow?: number; fields?: FieldInput[] } = {},
): Promise<Record<string, unknown>[]> {
  const extra: SourceInputSpec = opts.headerRow ? { headerRow: opts.headerRow } : {};
  const run = await runGate(manifestOf(opts.fields ?? FIELDS, { source: source(extra) }), {
    'd.xlsx': buildXlsx([{ name: '明细', rows, merges: opts.merges ?? [] }]),
  });
  try {
    expect(run.result.report.issues).toEqual([]);
    return JSON.parse((await run.artifacts()).get('data.json')?.toString('utf8') ?? '[]');
  } finally {
    await run.cleanup();
  }
}

const MERGE_HINT = expect.stringMatching(
  /unmerge the cells and fill the value into every one of them, then save: in WPS 表格.*合并居中 → 拆分并填充内容; in Excel.*Go To Special → Blanks, type = and press ↑.*Ctrl\+Enter/,
);
/** A cell/merged issue at this data row and sheet row, for this field, its message naming the range. */
const mergedIssue = (row: number, sheetRow: number, field: string, range: string) =>
  expect.objectContaining({ type: 'cell/merged', row, sheetRow, field, message: expect.stringContaining(range) });
const FORMULA_HINT =
  "open the workbook in Excel or WPS and save it again so each formula's value is stored, or export the values (复制 → 选择性粘贴 → 数值)";

describe('XLSX merged cells', () => {
  it('refuses a range merged over data rows (区县 over its companies), naming the sheet, range, sheet rows and field; nothing is published', async () => {
    const r = await release(
      [
        HEADER,
        ['东城区', '甲公司', 100, 0, 100],
        [null, '乙公司', 200, 0, 200],
        [null, '丙公司', 300, 0, 300],
        ['西城区', '丁公司', 400, 0, 400],
        [null, '戊公司', 500, 0, 500],
      ],
      { merges: ['A2:A4', 'A5:A6'] },
    );
    expect(r.report.issues).toEqual([
      {
        type: 'cell/merged',
        file: 'd.xlsx',
        row: 1,
        sheetRow: 2,
        field: '区县',
        message:
          'sheet "明细": cells A2:A4 (sheet rows 2 to 4) are merged; a merged range holds its value in its first cell (A2) only, so its other cells of "区县" would be published empty',
        hint: MERGE_HINT,
        zh: {
          message:
            '工作表“明细”：单元格 A2:A4（工作表第 2 至 4 行）是合并单元格；合并区域只在第一个单元格（A2）中保存值，所以字段“区县”中被合并的其他单元格会按空值发布',
          hint: expect.stringMatching(/请取消合并.*合并居中 → 拆分并填充内容.*定位条件 → 空值.*Ctrl\+Enter/),
        },
      },
      mergedIssue(4, 5, '区县', 'cells A5:A6 (sheet rows 5 to 6) are merged'),
    ]);
    expect(r.output).toBeUndefined();
  });

  it('refuses a range merged across the columns of a data row, naming the first field it empties', async () => {
    const r = await release([HEADER, ['东城区', '甲公司', 100, 0, 100], ['西城区', '乙公司', 200, null, null]], {
      merges: ['C3:E3'],
    });
    expect(r.report.issues).toEqual([mergedIssue(2, 3, '违法所得', 'cells C3:E3 (sheet row 3) are merged')]);
    expect(r.output).toBeUndefined();
  });

  it('refuses a range that starts in the header row and runs into the data rows', async () => {
    const r = await release([HEADER, [null, '甲公司', 100, 0, 100], [null, '乙公司', 200, 0, 200]], {
      merges: ['A1:A3'],
    });
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'cell/merged', row: 1, sheetRow: 2, field: '区县' }),
    ]);
  });

  it('publishes a sheet whose merged cells are all above the header (a title, column groups) or in its notes', async () => {
    const rows = await published(
      [
        ['2025年第一季度企业检查明细', null, null, null, null],
        ['企业信息', null, '处罚', null, null],
        HEADER,
        ['东城区', '甲公司', 100, 0, { formula: 'C4+D4', value: 100 }],
        ['西城区', '乙公司', 200, 50.5, { formula: 'C5+D5', value: 250.5 }],
      ],
      { headerRow: 3, merges: ['A1:E1', 'A2:B2', 'C2:E2'] },
    );
    expect(rows).toEqual([
      { 区县: '东城区', 企业名称: '甲公司', 罚款金额: 100, 违法所得: 0, 罚没合计: 100 },
      { 区县: '西城区', 企业名称: '乙公司', 罚款金额: 200, 违法所得: 50.5, 罚没合计: 250.5 },
    ]);
  });

  it('reports a note merged across the width below the data as a note only', async () => {
    const r = await release([HEADER, ['东城区', '甲公司', 100, 0, 100], ['注：金额单位为元', null, null, null, null]], {
      merges: ['A3:E3'],
    });
    expect(r.report.counts).toEqual({ 'row/footer': 1 });
  });

  it('reports a totals row laid out as a merge (合计 over the first columns) as a totals row only: delete it, not unmerge it', async () => {
    const r = await release(
      [HEADER, ['东城区', '甲公司', 100, 0, 100], ['西城区', '乙公司', 200, 10, 210], ['合计', null, 300, 10, 310]],
      { merges: ['A4:B4'] },
    );
    expect(r.report.counts).toEqual({ 'row/totals': 1 });
    expect(r.report.issues[0]).toMatchObject({ type: 'row/totals', sheetRow: 4 });
    // A merge over a totals row and a data row is still reported: the data row loses a value.
    const spanning = await release([HEADER, ['东城区', '甲公司', 100, 0, 100], ['合计', null, 100, 0, 100]], {
      merges: ['B2:B3'],
    });
    expect(spanning.report.counts).toMatchObject({ 'row/totals': 1, 'cell/merged': 1 });
  });

  it('leaves a header cell merged over two columns to the header checks (the second column has no name)', async () => {
    const r = await release(
      [
        ['区县', '企业名称', '金额', null, '罚没合计'],
        ['东城区', '甲公司', 100, 0, 100],
      ],
      { merges: ['C1:D1'] },
    );
    expect(Object.keys(r.report.counts).sort()).toEqual(['header/extra-column', 'header/missing-column']);
    expect(r.output).toBeUndefined();
  });

  it('reads the merges of the sheet read, not of another sheet of the workbook', async () => {
    const other: XlsxSheet = { name: '说明', rows: [['说明'], ['本表'], ['由系统导出']], merges: ['A1:A3'] };
    const r = await release([HEADER, ['东城区', '甲公司', 100, 0, 100], ['西城区', '乙公司', 200, 0, 200]], {
      sheets: [other],
    });
    expect(r.report.issues).toEqual([]);
  });
});

describe('XLSX formula and error cells', () => {
  it('refuses a formula stored without its value, with its sheet row, field, formula and hint; nothing is published', async () => {
    const r = await release([
      HEADER,
      ['东城区', '甲公司', 12000, 3000.5, { formula: 'C2+D2' }],
      ['西城区', '乙公司', 200, 0, { formula: 'C3+D3', value: 200 }],
    ]);
    expect(r.report.issues).toEqual([
      {
        type: 'cell/formula-without-value',
        file: 'd.xlsx',
        row: 1,
        sheetRow: 2,
        field: '罚没合计',
        message:
          'sheet row 2, cell E2 of sheet "明细": the formula =C2+D2 has no value stored in the file (the program that wrote the workbook did not calculate it), so the cell would be published empty',
        hint: FORMULA_HINT,
        zh: {
          message:
            '工作表“明细”第 2 行的单元格 E2：公式 =C2+D2 在文件中没有保存计算结果（生成这个工作簿的程序没有计算它），所以该单元格会按空值发布',
          hint: expect.stringContaining('复制 → 选择性粘贴 → 数值'),
        },
      },
    ]);
    expect(r.output).toBeUndefined();
  });

  it('does not show the formula of a field whose values are not published as they are', async () => {
    const fields: FieldInput[] = [...FIELDS.slice(0, 4), { name: '罚没合计', type: 'number', grade: 'internal' }];
    const r = await release([HEADER, ['东城区', '甲公司', 12000, 3000.5, { formula: 'C2+D2' }]], { fields });
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'cell/formula-without-value',
        message: expect.stringContaining(': the formula has no value stored'),
        zh: expect.objectContaining({ message: expect.stringContaining('单元格 E2：公式在文件中没有保存计算结果') }),
      }),
    ]);
  });

  it('publishes the value stored with a formula (number and text)', async () => {
    const fields: FieldInput[] = [...FIELDS, { name: '等级', type: 'string' }];
    const rows = await published(
      [
        [...HEADER, '等级'],
        [
          '东城区',
          '甲公司',
          12000,
          3000.5,
          { formula: 'C2+D2', value: 15000.5 },
          { formula: 'IF(E2>1,"优","良")', value: '优' },
        ],
      ],
      { fields },
    );
    expect(rows).toEqual([
      { 区县: '东城区', 企业名称: '甲公司', 罚款金额: 12000, 违法所得: 3000.5, 罚没合计: 15000.5, 等级: '优' },
    ]);
  });

  it('refuses each kind of error value, with its sheet row, field, the error and what it means', async () => {
    const errors = ['#DIV/0!', '#N/A', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!'];
    const r = await release([
      HEADER,
      ...errors.map((error, i) => ['东城区', `公司${i}`, 100, 0, { formula: `C${i + 2}/0`, error }]),
      // An error value typed in, without a formula.
      ['西城区', '末公司', 100, 0, { error: '#N/A' }],
    ]);
    const hint =
      'fix the formula, or the cells it uses, so that it gives a value (=IFERROR(…, "") gives an empty cell instead of an error), or clear the cell to leave it empty; then save the workbook';
    expect(r.report.issues).toEqual([
      {
        type: 'cell/error',
        file: 'd.xlsx',
        row: 1,
        sheetRow: 2,
        field: '罚没合计',
        value: '#DIV/0!',
        message:
          'sheet row 2, cell E2 of sheet "明细": the cell holds the error #DIV/0! (a division by zero or by an empty cell), not a value; it would be published empty',
        hint,
        zh: {
          message:
            '工作表“明细”第 2 行的单元格 E2：单元格里是错误值 #DIV/0!（除数为零或为空单元格），不是一个值；它会按空值发布',
          hint: expect.stringContaining('=IFERROR(…, "")'),
        },
      },
      ...[...errors.slice(1), '#N/A'].map((error, i) =>
        expect.objectContaining({
          type: 'cell/error',
          row: i + 2,
          sheetRow: i + 3,
          field: '罚没合计',
          value: error,
          hint,
        }),
      ),
    ]);
    expect(r.report.issues[1]?.message).toContain('#N/A (a lookup (VLOOKUP, MATCH…) that found nothing)');
    expect(r.report.issues[1]?.zh?.message).toContain('#N/A（查找（VLOOKUP、MATCH 等）没有找到结果）');
    expect(r.output).toBeUndefined();
  });

  it('leaves formula and error cells outside the data alone (title rows above the header)', async () => {
    const rows = await published(
      [
        [{ formula: 'TEXT(TODAY(),"yyyy")&"年检查明细"' }, null, null, { error: '#REF!' }, null],
        HEADER,
        ['东城区', '甲公司', 100, 0, { formula: 'C3+D3', value: 100 }],
      ],
      { headerRow: 2 },
    );
    expect(rows).toHaveLength(1);
  });
});

describe('XLSX lost values reported once', () => {
  /** 区县 required (and one of two), 企业编号 the primary key, 企业名称 required and unique, 罚款金额 required, at least 0. */
  const CHECKED: FieldInput[] = [
    { name: '区县', type: 'string', constraints: { required: true, enum: ['东城区', '西城区'] } },
    { name: '企业编号', type: 'string' },
    { name: '企业名称', type: 'string', constraints: { required: true, unique: true } },
    { name: '罚款金额', type: 'number', constraints: { required: true, minimum: 0 } },
  ];
  const COLUMNS = ['区县', '企业编号', '企业名称', '罚款金额'];
  const checked = (rows: XlsxCell[][], merges: string[]) =>
    release([COLUMNS, ...rows], { fields: CHECKED, merges, primaryKey: ['企业编号'] });

  it('reports a range merged over a required column once, and still the other bad values of its rows', async () => {
    const r = await checked(
      [
        ['东城区', 'E1', '甲公司', 100],
        [null, 'E2', '乙公司', '一百'],
        [null, 'E3', '丙公司', -5],
        ['西城区', 'E4', '丁公司', 400],
        // Empty, and under no merged range: still required.
        [null, 'E5', '戊公司', 500],
      ],
      ['A2:A4'],
    );
    expect(r.report.issues).toEqual([
      mergedIssue(1, 2, '区县', 'cells A2:A4 (sheet rows 2 to 4) are merged'),
      expect.objectContaining({ type: 'cell/required', row: 5, sheetRow: 6, field: '区县' }),
      expect.objectContaining({ type: 'cell/type', row: 2, sheetRow: 3, field: '罚款金额', value: '一百' }),
      expect.objectContaining({ type: 'cell/minimum', row: 3, sheetRow: 4, field: '罚款金额', value: '-5' }),
    ]);
    expect(r.report.counts).toEqual({ 'cell/merged': 1, 'cell/required': 1, 'cell/type': 1, 'cell/minimum': 1 });
    expect(r.report.total).toBe(4);
    expect(r.output).toBeUndefined();
  });

  it('reports a range merged over the primary key once: no required key, no key repeating the hidden cells; a real repeat still', async () => {
    const r = await checked(
      [
        ['东城区', 'E1', '甲公司', 100],
        ['东城区', null, '乙公司', 200],
        ['东城区', null, '丙公司', 300],
        ['西城区', 'E4', '丁公司', 400],
        ['西城区', 'E4', '戊公司', 500],
      ],
      ['B2:B4'],
    );
    expect(r.report.issues).toEqual([
      mergedIssue(1, 2, '企业编号', 'cells B2:B4 (sheet rows 2 to 4) are merged'),
      expect.objectContaining({
        type: 'row/primary-key',
        row: 5,
        sheetRow: 6,
        message: 'primary key (企业编号) repeats row 4 (sheet row 5)',
      }),
    ]);
    expect(r.report.counts).toEqual({ 'cell/merged': 1, 'row/primary-key': 1 });
    expect(r.report.total).toBe(2);
    // Said ahead: unmerged and filled down, the key would repeat over the range's three rows.
    const [merged] = r.report.issues;
    expect(merged?.message).toMatch(/the primary key \("企业编号"\) must not repeat, .* over its 3 rows$/);
    expect(merged?.hint).toMatch(/^unmerge the cells .* type each row's own value of "企业编号".*primaryKey/);
    expect(merged?.zh?.message).toMatch(/主键（“企业编号”）不能重复，.*在这 3 行中重复$/);
    expect(merged?.zh?.hint).toMatch(/为每一行填上“企业编号”各自的值.*primaryKey/);
  });

  it('reports a range merged over a required, unique column once; a real repeat elsewhere still', async () => {
    const r = await checked(
      [
        // One company over two rows (two penalties), merged as the usual layout does.
        ['东城区', 'E1', '甲公司', 100],
        ['东城区', 'E2', null, 200],
        ['西城区', 'E3', '丁公司', 400],
        ['西城区', 'E4', '丁公司', 500],
      ],
      ['C2:C3'],
    );
    expect(r.report.issues).toEqual([
      mergedIssue(1, 2, '企业名称', 'cells C2:C3 (sheet rows 2 to 3) are merged'),
      expect.objectContaining({ type: 'cell/unique', row: 4, sheetRow: 5, field: '企业名称', value: '丁公司' }),
    ]);
    expect(r.report.counts).toEqual({ 'cell/merged': 1, 'cell/unique': 1 });
    const [merged] = r.report.issues;
    expect(merged?.message).toMatch(/"企业名称", declared unique, must not repeat, .* over its 2 rows$/);
    expect(merged?.hint).toMatch(/remove unique: true from the constraints of "企业名称"/);
    expect(merged?.zh?.hint).toMatch(/删去“企业名称”的 unique: true 约束/);
  });

  it('spares every cell a range merged across columns hides, not only the field it names', async () => {
    const r = await checked(
      [
        ['东城区', 'E1', '甲公司', 100],
        ['西城区', 'E2', '暂停营业', null],
      ],
      ['C3:D3'],
    );
    expect(r.report.issues).toEqual([mergedIssue(2, 3, '罚款金额', 'cells C3:D3 (sheet row 3) are merged')]);
    expect(r.report.counts).toEqual({ 'cell/merged': 1 });
  });

  it('does not report a row as blank when all it holds is hidden by a merged range', async () => {
    const r = await checked(
      [
        ['东城区', 'E1', '甲公司', 100],
        [null, null, null, null],
        ['西城区', 'E3', '丙公司', 300],
      ],
      ['A2:A3'],
    );
    expect(r.report.issues).toEqual([mergedIssue(1, 2, '区县', 'cells A2:A3 (sheet rows 2 to 3) are merged')]);
    expect(r.report.counts).toEqual({ 'cell/merged': 1 });
  });

  it('keeps the counts exact past the report cap: a merged range over 1,500 rows of a required column is one issue', async () => {
    const rows: XlsxCell[][] = Array.from({ length: 1500 }, (_, i) => [
      i === 0 ? '东城区' : null,
      `E${i + 1}`,
      `公司${i + 1}`,
      i + 1,
    ]);
    const r = await checked(rows, ['A2:A1501']);
    expect(r.report.counts).toEqual({ 'cell/merged': 1 });
    expect(r.report.total).toBe(1);
    expect(r.report.issues).toEqual([mergedIssue(1, 2, '区县', 'cells A2:A1501')]);
  });

  it('reports a formula without its value and an error value in a required key once each', async () => {
    const r = await checked(
      [
        ['东城区', { formula: '"E"&ROW()' }, '甲公司', 100],
        ['东城区', { formula: '"E"&ROW()' }, '乙公司', 200],
        ['西城区', { formula: 'VLOOKUP(C4,编号表!A:B,2,0)', error: '#N/A' }, '丙公司', 300],
        // Empty for no reported cause: still required.
        ['西城区', 'E5', '丁公司', null],
      ],
      [],
    );
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'cell/formula-without-value', row: 1, sheetRow: 2, field: '企业编号' }),
      expect.objectContaining({ type: 'cell/formula-without-value', row: 2, sheetRow: 3, field: '企业编号' }),
      expect.objectContaining({ type: 'cell/error', row: 3, sheetRow: 4, field: '企业编号', value: '#N/A' }),
      expect.objectContaining({ type: 'cell/required', row: 4, sheetRow: 5, field: '罚款金额' }),
    ]);
    expect(r.report.counts).toEqual({ 'cell/formula-without-value': 2, 'cell/error': 1, 'cell/required': 1 });
  });
});
