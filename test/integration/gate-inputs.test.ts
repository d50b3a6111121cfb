/**
 * Every input format and dialect of issue 3 section 2, end to end through the processor: the same
 * rows come out of CSV (UTF-8 with/without BOM, GBK/GB18030 declared or detected, CRLF, multi-line
 * quoted cells, declared or detected delimiters), JSON array, NDJSON, Parquet and XLSX.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, gate, manifestOf, runGate, type SourceInputSpec } from '../fixtures/gate/harness.ts';
import { buildXlsx } from '../fixtures/gate/xlsx-builder.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer', constraints: { required: true } },
  { name: 'name', type: 'string' },
  { name: 'note', type: 'string' },
  { name: 'day', type: 'date' },
];
const ROWS = [
  { id: 1, name: '张三', note: '第一行\n第二行，含"引号"', day: '2024-01-31' },
  { id: 2, name: '𠀀李四', note: 'a;b|c\td', day: '2024-02-29' },
  { id: 3, name: 'Zoë', note: '', day: '2024-03-01' },
];
const EXPECTED = ROWS.map((r) => ({ ...r, note: r.note === '' ? null : r.note }));

function csvOf(delimiter: string, eol = '\n'): string {
  const q = (v: string | number) => `"${String(v).replaceAll('"', '""')}"`;
  const header = ['id', 'name', 'note', 'day'].join(delimiter);
  const body = ROWS.map((r) => [r.id, q(r.name), r.note === '' ? '' : q(r.note), r.day].join(delimiter));
  return [header, ...body].join(eol) + eol;
}

async function publishedRows(manifestSource: SourceInputSpec, files: Record<string, string | Uint8Array>) {
  const run = await runGate(manifestOf(FIELDS, { source: manifestSource }), files);
  try {
    expect(run.result.report).toMatchObject({ valid: true, rowsRead: ROWS.length });
    const nd = (await run.artifacts()).get('data.ndjson')?.toString('utf8') ?? '';
    return nd
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  } finally {
    await run.cleanup();
  }
}

describe('CSV', () => {
  it('reads UTF-8 without BOM (LF), multi-line quoted cells and doubled quotes', async () => {
    expect(await publishedRows({}, { 'data.csv': csvOf(',') })).toEqual(EXPECTED);
  });

  it('reads UTF-8 with BOM and CRLF line ends', async () => {
    expect(await publishedRows({}, { 'data.csv': `\uFEFF${csvOf(',', '\r\n')}` })).toEqual(EXPECTED);
  });

  it.each([
    ['declared gbk', 'gbk'],
    ['declared gb18030', 'gb18030'],
    ['detected', 'auto'],
  ] as const)('reads GB18030/GBK (%s) with CRLF', async (_, encoding) => {
    const text = csvOf(',', '\r\n');
    const bytes = iconv.encode(text, 'gb18030');
    expect(Buffer.from(bytes).toString('utf8')).not.toBe(text); // really not UTF-8
    const rows = await publishedRows({ encoding }, { 'data.csv': bytes });
    expect(rows.map((r) => r.name)).toEqual(ROWS.map((r) => r.name));
    expect(rows[0].note).toBe('第一行\n第二行，含"引号"');
  });

  it.each([
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('detects a %s delimiter', async (_, d) => {
    expect(await publishedRows({}, { 'data.csv': csvOf(d) })).toEqual(EXPECTED);
  });

  it('uses a declared delimiter', async () => {
    expect(await publishedRows({ delimiter: ';' }, { 'data.csv': csvOf(';') })).toEqual(EXPECTED);
  });

  it('concatenates several files and numbers rows per file in the report', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'a.csv' }, { path: 'b.csv' }] } });
    const r = await gate(m, { 'a.csv': csvOf(','), 'b.csv': 'id,name,note,day\n4,x,,2024-13-01\n' });
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'cell/type', file: 'b.csv', row: 1, field: 'day' }),
    ]);
  });
});

describe('CSV with title lines', () => {
  const titled = `2024年人员表,,,\n单位：人,,,\n${csvOf(',')}`;

  it('reads the header from `source.headerRow`, numbering rows from it, on both gate paths', async () => {
    expect(await publishedRows({ headerRow: 3 }, { 'data.csv': titled })).toEqual(EXPECTED);
    for (const stagedPath of [true, false]) {
      const run = await runGate(
        manifestOf(FIELDS, { source: { headerRow: 3 } }),
        { 'data.csv': `${titled}4,x,,2024-13-01\n5,y,z\n` },
        { processor: { stagedPath } },
      );
      await run.cleanup();
      expect(run.result.report.issues).toEqual([
        expect.objectContaining({ type: 'row/ragged', row: 5 }),
        expect.objectContaining({ type: 'cell/type', row: 4, field: 'day' }),
      ]);
    }
  });

  it('reads past title lines longer than the 256 KB it reads of the header, and bounds them', async () => {
    const long = `${'标题'.repeat(100_000)},,,\n`; // 600 KB
    expect(await publishedRows({ headerRow: 3 }, { 'data.csv': `${long}${long}${csvOf(',')}` })).toEqual(EXPECTED);
    const huge = await gate(manifestOf(FIELDS, { source: { headerRow: 2 } }), {
      'data.csv': `${'x'.repeat(9 * 1024 * 1024)}\n${csvOf(',')}`,
    });
    expect(huge.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/unreadable',
        message: 'the lines above line 2 (`source.headerRow`) are longer than 8 MB in all',
      }),
    ]);
    // A headerRow beyond the end of the file still says so.
    const beyond = await gate(manifestOf(FIELDS, { source: { headerRow: 40 } }), { 'data.csv': titled });
    expect(beyond.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/empty',
        message: 'the file has nothing from line 40 (`source.headerRow`) on',
      }),
    ]);
  });

  it('reads a GBK file with title lines', async () => {
    expect(await publishedRows({ headerRow: 3 }, { 'data.csv': iconv.encode(titled, 'gb18030') })).toEqual(EXPECTED);
  });

  it('names a title line above the header and the headerRow to declare', async () => {
    const r = await gate(manifestOf(FIELDS), { 'data.csv': titled });
    expect(r.report.issues).toEqual([
      {
        type: 'header/title-row',
        file: 'data.csv',
        message: 'line 1 looks like a title ("2024年人员表"): the column names are in line 3',
        hint: expect.stringContaining('set `source.headerRow: 3`'),
        zh: {
          message: '文件第 1 行看起来是标题（“2024年人员表”）：列名在文件第 3 行',
          hint: expect.stringContaining('`source.headerRow: 3`'),
        },
      },
    ]);
  });
});

describe('structured formats', () => {
  const dir = mkdtemp(join(tmpdir(), 'gate-inputs-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('reads a JSON array of objects', async () => {
    expect(
      await publishedRows({ files: [{ path: 'd.json' }], format: 'json' }, { 'd.json': JSON.stringify(ROWS) }),
    ).toEqual(EXPECTED);
  });

  it('reads NDJSON, with a later row of another JSON type reported, not fatal', async () => {
    const nd = ROWS.map((r) => JSON.stringify(r)).join('\n');
    expect(await publishedRows({ files: [{ path: 'd.ndjson' }], format: 'ndjson' }, { 'd.ndjson': nd })).toEqual(
      EXPECTED,
    );
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.ndjson' }], format: 'ndjson' } });
    const r = await gate(m, { 'd.ndjson': `${nd}\n{"id":"four","name":"x","note":null,"day":"2024-01-01"}\n` });
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'cell/type', row: 4, field: 'id', value: 'four' }),
    ]);
  });

  it('reads GBK-encoded NDJSON when declared', async () => {
    const nd = iconv.encode(ROWS.map((r) => JSON.stringify(r)).join('\n'), 'gbk');
    const rows = await publishedRows(
      { files: [{ path: 'd.ndjson' }], format: 'ndjson', encoding: 'gbk' },
      { 'd.ndjson': nd },
    );
    expect(rows.map((r) => r.name)).toEqual(['张三', '?李四', 'Zo?']);
  });

  it('refuses a truncated JSON array', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.json' }], format: 'json' } });
    const r = await gate(m, { 'd.json': JSON.stringify(ROWS).slice(0, -1) });
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'file/unreadable', message: expect.stringContaining('not closed') }),
    ]);
  });

  it('reads Parquet (typed columns become text, then cast like every source)', async () => {
    const path = join(await dir, 'd.parquet');
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    await c.run(
      `COPY (SELECT * FROM (VALUES (1, '张三', '第一行\n第二行，含"引号"', DATE '2024-01-31'), (2, '𠀀李四', 'a;b|c\td', DATE '2024-02-29'), (3, 'Zoë', NULL, DATE '2024-03-01')) t(id, name, note, day)) TO '${path}' (FORMAT parquet)`,
    );
    c.closeSync();
    inst.closeSync();
    expect(
      await publishedRows({ files: [{ path: 'd.parquet' }], format: 'parquet' }, { 'd.parquet': await readFile(path) }),
    ).toEqual(EXPECTED);
  });
});

describe('XLSX', () => {
  const cells = [
    ['id', 'name', 'note', 'day'],
    ...ROWS.map((r) => [r.id, r.name, r.note === '' ? null : r.note, new Date(`${r.day}T00:00:00Z`)]),
  ];
  const book = buildXlsx([
    { name: '说明', rows: [['这是说明页'], ['not data']] },
    { name: '人员', rows: cells },
  ]);

  it('reads a named sheet (dates, numbers, multi-line text)', async () => {
    const rows = await publishedRows(
      { files: [{ path: 'd.xlsx' }], format: 'xlsx', sheet: '人员' },
      { 'd.xlsx': book },
    );
    expect(rows).toEqual(EXPECTED);
  });

  it('reads the first sheet when none is named', async () => {
    const first = buildXlsx([{ name: 'Sheet1', rows: cells }]);
    expect(await publishedRows({ files: [{ path: 'd.xlsx' }], format: 'xlsx' }, { 'd.xlsx': first })).toEqual(EXPECTED);
  });

  it('reports a missing sheet with the available names', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx', sheet: 'Sheet9' } });
    const r: ProcessedRelease = await gate(m, { 'd.xlsx': book });
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/unreadable',
        message: 'the workbook has no sheet "Sheet9"; its sheets: "说明", "人员"',
        zh: expect.objectContaining({ message: '工作簿中没有名为“Sheet9”的工作表；已有的工作表：“说明”、“人员”' }),
      }),
    ]);
  });

  it('reports cell problems with the data row number', async () => {
    const bad = buildXlsx([{ name: 'S', rows: [...cells, [4, 'x', null, 'not a date']] }]);
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    const r = await gate(m, { 'd.xlsx': bad });
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'cell/type', row: 4, field: 'day', value: 'not a date' }),
    ]);
  });

  it('refuses, without laying it out, a sheet whose cells reach far outside the data (a 1.6 KB file once ran the process out of memory)', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    const sheet = (rows: string) =>
      zipSync({ 'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${rows}</sheetData></worksheet>`) });
    const far = await gate(m, { 'd.xlsx': sheet('<row r="1"><c r="HJUNYV1"><v>1</v></c></row>') });
    expect(far.report.issues).toEqual([
      expect.objectContaining({ type: 'file/unreadable', message: expect.stringContaining('beyond column 4096') }),
    ]);
    const tall = await gate(m, {
      'd.xlsx': sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="CV1048576"><v>1</v></c></row>'),
    });
    expect(tall.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/unreadable',
        message: expect.stringMatching(/1048576 rows by 100 columns/),
      }),
    ]);
  });

  it('reads the header from `source.headerRow` below title, blank and unit rows, numbering rows from it', async () => {
    const titled = buildXlsx([
      {
        name: 'S',
        rows: [['2024年各区县人员表', null, null, null], [], ['单位：人', null, null, null], ...cells],
      },
    ]);
    const source: SourceInputSpec = { files: [{ path: 'd.xlsx' }], format: 'xlsx', headerRow: 4 };
    expect(await publishedRows(source, { 'd.xlsx': titled })).toEqual(EXPECTED);
    const bad = buildXlsx([{ name: 'S', rows: [['2024年各区县人员表'], [], ...cells, [4, 'x', null, 'not a date']] }]);
    const r = await gate(manifestOf(FIELDS, { source: { ...source, headerRow: 3 } }), { 'd.xlsx': bad });
    // Sheet row 7 is data row 4 below the header in sheet row 3.
    expect(r.report.issues).toEqual([expect.objectContaining({ type: 'cell/type', row: 4, field: 'day' })]);
  });

  it('names a title row above the header and the headerRow that reads the sheet', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    const titled = buildXlsx([{ name: 'S', rows: [['2024年各区县人员表'], [], ['单位：人'], ...cells] }]);
    const r = await gate(m, { 'd.xlsx': titled });
    expect(r.report.issues).toEqual([
      {
        type: 'header/title-row',
        file: 'd.xlsx',
        message: 'row 1 looks like a title ("2024年各区县人员表"): the column names are in row 4',
        hint: expect.stringContaining('set `source.headerRow: 4`'),
        zh: {
          message: '第 1 行看起来是标题（“2024年各区县人员表”）：列名在第 4 行',
          hint: expect.stringContaining('`source.headerRow: 4`'),
        },
      },
    ]);
  });

  it('names a title row over a wide table even when the header names differ from the manifest', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    const titled = buildXlsx([
      { name: 'S', rows: [['人员名单'], ['编号', '姓名', '备注', '日期'], [1, '张三', null, 'x']] },
    ]);
    const r = await gate(m, { 'd.xlsx': titled });
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'header/title-row',
        message: expect.stringContaining('row 1 looks like a title ("人员名单") over a table 4 columns wide'),
        hint: expect.stringContaining('`source.headerRow: 2`'),
      }),
    ]);
  });

  it('reports note rows after the data (注：, 数据来源：) by row, and still checks the data rows', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    const noted = buildXlsx([
      {
        name: 'S',
        rows: [...cells, [4, 'x', null, 'not a date'], [], ['注：统计口径为常住人口。'], ['数据来源：区统计局']],
      },
    ]);
    const r = await gate(m, { 'd.xlsx': noted });
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'row/footer',
        row: 6,
        sheetRow: 7,
        message: 'sheet row 7 is a note, not a data row',
      }),
      expect.objectContaining({
        type: 'row/footer',
        row: 7,
        sheetRow: 8,
        hint: expect.stringContaining('delete the note rows'),
      }),
      expect.objectContaining({ type: 'cell/type', row: 4, sheetRow: 5, field: 'day' }),
    ]);
  });

  it('reads a midnight date-time cell of a datetime column as a date-time', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'at', type: 'datetime' },
    ];
    const book = buildXlsx([
      {
        name: 'S',
        rows: [
          ['id', 'at'],
          [1, new Date('2024-01-31T00:00:00Z')],
          [2, new Date('2024-01-31T08:30:00Z')],
        ],
      },
    ]);
    const run = await runGate(manifestOf(fields, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } }), {
      'd.xlsx': book,
    });
    try {
      expect(run.result.report.issues).toEqual([]);
      const json = JSON.parse((await run.artifacts()).get('data.json')?.toString('utf8') ?? '[]');
      expect(json.map((r: { at: string }) => r.at)).toEqual(['2024-01-31 00:00:00', '2024-01-31 08:30:00']);
    } finally {
      await run.cleanup();
    }
  });

  it('refuses a file that is not a workbook', async () => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    const r = await gate(m, { 'd.xlsx': csvOf(',') });
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'file/unreadable', hint: expect.stringContaining('.xlsx') }),
    ]);
  });
});
