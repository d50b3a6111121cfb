/**
 * Typed cells of a sheet through the gate: numbers a spreadsheet cannot hold exactly (an ID typed into
 * a number cell) are refused wherever they are, and date cells are read as the dates they are, whatever
 * the field's `format` says (it reads the text cells).
 */
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../functions/core/validation/report.ts';
import { type FieldInput, gate, manifestOf, runGate } from '../fixtures/gate/harness.ts';
import { buildXlsx, type XlsxCell } from '../fixtures/gate/xlsx-builder.ts';

const source = { files: [{ path: 'd.xlsx' }], format: 'xlsx' as const };
const bookOf = (rows: XlsxCell[][]) => ({ 'd.xlsx': buildXlsx([{ name: 'S', rows }]) });

/** The published rows (data.json) of a release that must pass. */
async function published(fields: FieldInput[], rows: XlsxCell[][]): Promise<Record<string, unknown>[]> {
  const run = await runGate(manifestOf(fields, { source }), bookOf(rows));
  try {
    expect(run.result.report.issues).toEqual([]);
    return JSON.parse((await run.artifacts()).get('data.json')?.toString('utf8') ?? '[]');
  } finally {
    await run.cleanup();
  }
}

const cellTypeIssues = (issues: readonly ValidationIssue[]) => issues.filter((i) => i.type === 'cell/type');

describe('XLSX number cells', () => {
  const fields: FieldInput[] = [
    { name: '序号', type: 'integer' },
    { name: '身份证号', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize' } },
    { name: '编码', type: 'string' },
    { name: '户号', type: 'integer' },
    { name: '金额', type: 'number' },
  ];

  it('refuses a number too long for a spreadsheet to hold, in a string, integer or number field, with both rows and the value masked when the field is not public', async () => {
    const r = await gate(manifestOf(fields, { source: { ...source, headerRow: 2 } }), {
      'd.xlsx': buildXlsx([
        {
          name: 'S',
          rows: [
            ['2024年身份证号测试表'],
            ['序号', '身份证号', '编码', '户号', '金额'],
            // As typed into a number cell, and as Excel writes such a cell back (15 digits kept).
            [1, { number: '110101199003074514' }, 'A-1', 7, 1234.5],
            [2, { number: '1.10105194912310E+17' }, { number: '6222021234567890' }, 8, 12],
            // 2^53 + 1: a double reads it as 9007199254740992.
            [3, '110101197001010016', 'A-3', { number: '9007199254740993' }, { number: '1E+15' }],
          ],
        },
      ]),
    });
    expect(r.report.valid).toBe(false);
    const hint = expect.stringMatching(
      /Excel stored the column as numbers and lost digits.*format the column as Text \(or type ' before each value\)/,
    );
    expect(cellTypeIssues(r.report.issues)).toEqual([
      expect.objectContaining({
        type: 'cell/type',
        file: 'd.xlsx',
        row: 1,
        field: '身份证号',
        value: '1****************4',
        message:
          'sheet row 3: "1****************4" is stored as a number, and a spreadsheet keeps only 15 digits of a number: the digits after the 15th are lost (shown as 0 or as 1.10105E+17)',
        hint,
      }),
      expect.objectContaining({
        row: 2,
        field: '身份证号',
        value: '1****************7',
        message: expect.stringMatching(/^sheet row 4: /),
      }),
      // A public field's value is shown as the file holds it, digits past the double's included.
      expect.objectContaining({ row: 2, field: '编码', value: '6222021234567890', hint }),
      expect.objectContaining({
        row: 3,
        field: '户号',
        value: '9007199254740993',
        message: expect.stringMatching(/^sheet row 5: /),
      }),
      expect.objectContaining({ row: 3, field: '金额', value: '1E+15' }),
    ]);
  });

  it('takes the numbers a spreadsheet holds exactly: up to 15 digits, and a formula result rounded as a double', async () => {
    const rows = await published(
      [
        { name: '户号', type: 'integer' },
        { name: '金额', type: 'number' },
        { name: '编码', type: 'string' },
      ],
      [
        ['户号', '金额', '编码'],
        [{ number: '999999999999999' }, { number: '0.30000000000000004' }, { number: '110101' }],
      ],
    );
    expect(rows).toEqual([{ 户号: 999999999999999, 金额: 0.30000000000000004, 编码: '110101' }]);
  });

  it('scans a mobile number kept in a number cell of a text field as its digits (residual-PII scan)', async () => {
    const r = await gate(
      manifestOf(
        [
          { name: '序号', type: 'integer' },
          { name: '联系电话', type: 'string' },
        ],
        { source },
      ),
      bookOf([
        ['序号', '联系电话'],
        [1, { number: '13812345678' }],
      ]),
    );
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'pii/residual',
        field: '联系电话',
        message: expect.stringContaining('Mainland China mobile number'),
      }),
    ]);
  });
});

describe('XLSX date cells', () => {
  // What Excel writes for 2024-03-05 08:30: the serial's double, read as 08:29:59.999 when floored.
  const at0830 = { number: '45356.354166666664', date: true };

  it('reads date cells as dates whatever `format` says, and text cells with the `format`', async () => {
    const rows = await published(
      [
        { name: 'day', type: 'date', format: '%Y年%m月%d日' },
        { name: 'at', type: 'datetime', format: '%Y/%m/%d %H:%M' },
      ],
      [
        ['day', 'at'],
        [new Date('2024-03-05T00:00:00Z'), at0830],
        ['2024年4月10日', '2024/3/5 9:15'],
        [new Date('1965-05-01T00:00:00Z'), null],
      ],
    );
    expect(rows).toEqual([
      { day: '2024-03-05', at: '2024-03-05 08:30:00' },
      { day: '2024-04-10', at: '2024-03-05 09:15:00' },
      { day: '1965-05-01', at: null },
    ]);
  });

  it('reads a date-time cell at the time the sheet shows (08:30:00, not 08:29:59)', async () => {
    const rows = await published([{ name: 'at', type: 'datetime' }], [['at'], [at0830]]);
    expect(rows).toEqual([{ at: '2024-03-05 08:30:00' }]);
  });

  it('says that a date that does not read is a text cell of the sheet, not an Excel date', async () => {
    const r = await gate(
      manifestOf([{ name: 'day', type: 'date', format: '%Y年%m月%d日' }], { source }),
      bookOf([['day'], [new Date('2024-03-05T00:00:00Z')], ['2024-04-10']]),
    );
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'cell/type',
        file: 'd.xlsx',
        row: 2,
        field: 'day',
        value: '2024-04-10',
        message: '"2024-04-10" is not a valid date',
        hint: expect.stringMatching(
          /^the cell is text \(or a plain number\) in the sheet, not an Excel date \(date cells are read as dates whatever `format` says; `format` reads text cells\): enter it as a date, or write a date /,
        ),
      }),
    ]);
  });

  it('refuses, once and saying why, a date cell its field cannot hold: a time of day in a date field, seconds its `format` has no place for', async () => {
    const r = await gate(
      manifestOf(
        [
          { name: 'day', type: 'date' },
          { name: 'at', type: 'datetime', format: '%Y-%m-%d %H:%M' },
        ],
        { source },
      ),
      bookOf([
        ['day', 'at'],
        [at0830, new Date('2024-03-05T08:30:00Z')],
        [new Date('2024-03-06T00:00:00Z'), new Date('2024-03-05T08:30:15Z')],
      ]),
    );
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'cell/type',
        row: 1,
        field: 'day',
        value: '2024-03-05 08:30:00',
        message:
          'sheet row 2: the cell is an Excel date-time with a time of day ("2024-03-05 08:30:00"), but "day" is a date: the time would be dropped',
        hint: expect.stringContaining('declare the field `type: datetime`'),
      }),
      expect.objectContaining({
        type: 'cell/type',
        row: 2,
        field: 'at',
        value: '2024-03-05 08:30:15',
        message:
          'sheet row 3: the cell is an Excel date-time ("2024-03-05 08:30:15") that the field\'s `format` (%Y-%m-%d %H:%M) cannot hold without losing part of it',
        hint: expect.stringContaining('declare a `format` that holds the whole value'),
      }),
    ]);
  });
});
