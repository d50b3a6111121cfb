/**
 * Every issue the loaders report for a file that cannot be taken as it is (empty, in another format or
 * encoding, ragged, an open quote, notes and blank rows, a workbook's merged, formula, error and typed
 * cells, broken JSON) carries its Chinese message and hint (`zh`), with the numbers of the English
 * message: a loader that forgets it, or drops a row or a size from it, fails here.
 */
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { DatasetManifest } from '../../functions/core/manifest/schema.ts';
import type { ValidationIssue } from '../../functions/core/validation/report.ts';
import { type FieldInput, gate, manifestOf, type SourceInputSpec } from '../fixtures/gate/harness.ts';
import { buildXlsx, type XlsxCell } from '../fixtures/gate/xlsx-builder.ts';

const CJK = /[\u4e00-\u9fff]/;

const PEOPLE: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'string' },
  { name: 'age', type: 'integer' },
];
const csv = (source: SourceInputSpec = {}) => manifestOf(PEOPLE, { source });
const json = (format: 'json' | 'ndjson' | 'parquet', source: SourceInputSpec = {}) =>
  manifestOf(PEOPLE, { source: { files: [{ path: `d.${format}` }], format, ...source } });

const SHEET_FIELDS: FieldInput[] = [
  { name: '区县', type: 'string' },
  { name: '号码', type: 'string' },
  { name: '合计', type: 'number' },
  { name: 'day', type: 'date' },
  { name: 'at', type: 'datetime', format: '%Y-%m-%d %H:%M' },
];
const xlsx = (source: SourceInputSpec = {}) =>
  manifestOf(SHEET_FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx', ...source } });
const SHEET_HEADER: XlsxCell[] = ['区县', '号码', '合计', 'day', 'at'];
const book = (rows: XlsxCell[][], merges: string[] = []) => ({
  'd.xlsx': buildXlsx([{ name: '明细', rows, merges }]),
});

/** The numbers of a text (a row, a line, a size, a count), each as written. */
const numbersOf = (text: string) => text.match(/\d+(?:\.\d+)?/g) ?? [];

/** Every issue has its Chinese, in Chinese, with every number of its English message. */
function expectChinese(issues: readonly ValidationIssue[]): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    const what = `${i.type}: ${i.message}`;
    expect(i.zh, what).toBeDefined();
    expect(i.zh?.message, what).toMatch(CJK);
    expect(i.zh?.hint, what).toMatch(CJK);
    for (const n of numbersOf(i.message)) expect(i.zh?.message, `${what} (${n})`).toContain(n);
  }
}

const GBK_PEOPLE = iconv.encode('id,name,age\n1,张三,30\n', 'gbk');
const WORKBOOK_HEAD = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
/** A zip, but of a Word document: no part a workbook has. */
const WORD_DOCUMENT = zipSync({
  '[Content_Types].xml': strToU8('<Types/>'),
  'word/document.xml': strToU8('<w:document/>'),
});
/** An OLE compound file holding an `EncryptedPackage` stream, as Excel saves a workbook with a password to open. */
const ENCRYPTED_WORKBOOK = Buffer.concat([
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  Buffer.alloc(504),
  Buffer.from('EncryptionInfo\0EncryptedPackage', 'utf16le'),
]);

const CASES: [string, DatasetManifest, Record<string, string | Uint8Array>, ValidationIssue['type'][]][] = [
  ['an empty CSV file', csv(), { 'data.csv': '' }, ['file/empty']],
  ['a CSV file with nothing from its headerRow on', csv({ headerRow: 3 }), { 'data.csv': '标题\n' }, ['file/empty']],
  [
    'CSV lines above the header longer than 8 MB',
    csv({ headerRow: 2 }),
    { 'data.csv': `${'x'.repeat(9 * 1024 * 1024)}\nid,name,age\n1,a,2\n` },
    ['file/unreadable'],
  ],
  ['a workbook saved as .csv', csv(), { 'data.csv': WORKBOOK_HEAD }, ['file/unreadable']],
  ['GBK bytes declared UTF-8', csv({ encoding: 'utf-8' }), { 'data.csv': GBK_PEOPLE }, ['file/undecodable']],
  [
    'UTF-8 declared GB18030',
    csv({ encoding: 'gb18030' }),
    { 'data.csv': 'id,name,age\n1,张三,30\n' },
    ['file/undecodable'],
  ],
  [
    'UTF-8 text beyond ASCII declared GB18030',
    csv({ encoding: 'gb18030' }),
    { 'data.csv': 'id,name,age\n1,Café,30\n' },
    ['file/undecodable'],
  ],
  [
    'a UTF-8 file followed by GBK lines',
    csv(),
    { 'data.csv': Buffer.concat([Buffer.from('id,name,age\n1,张三,30\n'), iconv.encode('2,李四,31\n', 'gbk')]) },
    ['file/undecodable'],
  ],
  [
    'a GBK file followed by UTF-8 lines, declared GBK',
    csv({ encoding: 'gbk' }),
    { 'data.csv': Buffer.concat([GBK_PEOPLE, Buffer.from('2,李四,31\n')]) },
    ['file/undecodable'],
  ],
  [
    'broken GB18030 bytes',
    csv({ encoding: 'gb18030' }),
    { 'data.csv': Buffer.concat([Buffer.from('id,name,age\n1,'), Buffer.from([0x81, 0x30]), Buffer.from(',30\n')]) },
    ['file/undecodable'],
  ],
  ['ragged rows', csv(), { 'data.csv': 'id,name,age\n1,张三\n2,李四,31,多\n' }, ['row/ragged']],
  ['a quote never closed', csv(), { 'data.csv': 'id,name,age\n1,"张三,30\n2,李四,31\n' }, ['file/unterminated-quote']],
  [
    'notes, blank and totals rows',
    csv(),
    { 'data.csv': 'id,name,age\n1,张三,30\n,,\n2,李四,31\n合计,61\n注：数据来源于区统计局\n' },
    ['row/blank', 'row/totals', 'row/footer'],
  ],
  ['bad cells', csv(), { 'data.csv': 'id,name,age\n1,张三,thirty\n' }, ['cell/type']],
  ['an empty sheet', xlsx(), book([]), ['file/empty']],
  ['a sheet with nothing from its headerRow on', xlsx({ headerRow: 3 }), book([['标题']]), ['file/empty']],
  ['a sheet not in the workbook', xlsx({ sheet: '汇总' }), book([SHEET_HEADER]), ['file/unreadable']],
  ['text declared XLSX', xlsx(), { 'd.xlsx': 'id,name\n1,a\n' }, ['file/unreadable']],
  ['a broken zip declared XLSX', xlsx(), { 'd.xlsx': 'PK\x03\x04 not really a zip' }, ['file/unreadable']],
  ['a Word document named .xlsx', xlsx(), { 'd.xlsx': WORD_DOCUMENT }, ['file/unreadable']],
  ['a workbook with a password to open', xlsx(), { 'd.xlsx': ENCRYPTED_WORKBOOK }, ['file/unreadable']],
  [
    "a sheet's merged, formula, error and typed cells, and its notes",
    xlsx(),
    book(
      [
        SHEET_HEADER,
        ['东城区', { number: '110101199003074514' }, { formula: 'C2+D2' }, new Date('2024-03-05T08:30:00Z'), null],
        [null, 'A-2', { formula: 'C3/0', error: '#DIV/0!' }, null, new Date('2024-03-05T08:30:15Z')],
        ['注：金额单位为元'],
      ],
      ['A2:A3'],
    ),
    ['cell/merged', 'cell/formula-without-value', 'cell/error', 'cell/type', 'row/footer'],
  ],
  ['an empty JSON file', json('json'), { 'd.json': '' }, ['file/empty']],
  ['a JSON file of white space', json('json'), { 'd.json': '  \n ' }, ['file/empty']],
  ['NDJSON declared JSON', json('json'), { 'd.json': '{"id":1}\n{"id":2}\n' }, ['file/unreadable']],
  ['a JSON array cut short', json('json'), { 'd.json': '[{"id":1},' }, ['file/unreadable']],
  ['a JSON array of numbers', json('json'), { 'd.json': '[1, 2]' }, ['file/unreadable']],
  ['a broken JSON array', json('json'), { 'd.json': '[{"id":1},{"id":]' }, ['file/unreadable']],
  ['a broken NDJSON line', json('ndjson'), { 'd.ndjson': '{"id":1}\n{id:2}\n' }, ['file/unreadable']],
  [
    'an undeclared NDJSON key',
    json('ndjson'),
    { 'd.ndjson': '{"id":1,"name":"a","age":2}\n{"id":2,"name":"b","age":3,"phone":"x"}\n' },
    ['header/extra-column'],
  ],
  [
    'GBK NDJSON declared UTF-8',
    json('ndjson', { encoding: 'utf-8' }),
    { 'd.ndjson': iconv.encode('{"name":"张三"}\n', 'gbk') },
    ['file/undecodable'],
  ],
  ['text declared Parquet', json('parquet'), { 'd.parquet': 'id,name\n1,a\n' }, ['file/unreadable']],
];

describe('Chinese messages of the loaders', () => {
  it.each(CASES)('on %s', async (_, manifest, files, types) => {
    const r = await gate(manifest, files);
    expect(r.report.valid).toBe(false);
    for (const t of types) expect(r.report.counts[t], t).toBeGreaterThan(0);
    expectChinese(r.report.issues);
  });

  it('names the empty file, the ragged row and the open quote in plain Chinese', async () => {
    const zhOf = async (files: Record<string, string>) => (await gate(csv(), files)).report.issues.map((i) => i.zh);
    expect(await zhOf({ 'data.csv': '' })).toEqual([
      { message: '文件是空的', hint: '请重新导出数据：文件里既没有表头，也没有数据行' },
    ]);
    expect(await zhOf({ 'data.csv': 'id,name,age\n1,张三\n' })).toEqual([
      {
        message: '文件第 2 行：表头有 3 列，这一行有 2 个单元格',
        hint: '这一行的单元格比表头少：请补上缺少的分隔符',
      },
    ]);
    expect((await zhOf({ 'data.csv': 'id,name,age\n1,张三,30,多\n' }))[0]?.message).toBe(
      '文件第 2 行：表头有 3 列，这一行有 4 个单元格',
    );
    const quote = (await zhOf({ 'data.csv': 'id,name,age\n1,"张三,30\n2,李四,31\n' }))[0];
    expect(quote?.hint).toMatch(/引号.*没有闭合/);
    // DuckDB's English is worded in Chinese, not quoted.
    expect(quote?.message).not.toMatch(/[A-Za-z]{4}/);
  });

  it("names a sheet's long number, time of day and seconds by the sheet row, in Chinese", async () => {
    const r = await gate(
      xlsx(),
      book([
        SHEET_HEADER,
        ['东城区', { number: '9007199254740993' }, 1, new Date('2024-03-05T08:30:00Z'), null],
        ['西城区', 'A-2', 2, null, new Date('2024-03-05T08:30:15Z')],
      ]),
    );
    expect(r.report.issues.map((i) => i.zh?.message)).toEqual([
      '工作表第 2 行：“9007199254740993”是按数字存储的，而电子表格中的数字最多只保留 15 位：第 15 位以后的数字已经丢失（显示为 0 或 1.10105E+17 这样的形式）',
      '工作表第 2 行：该单元格是带时间的 Excel 日期时间（“2024-03-05 08:30:00”），但字段“day”的类型是日期：时间部分会被丢掉',
      '工作表第 3 行：该单元格是 Excel 日期时间（“2024-03-05 08:30:15”），字段的 `format`（%Y-%m-%d %H:%M）无法完整容纳它，会丢掉一部分',
    ]);
  });

  it('names an empty sheet and a JSON file that is not an array in plain Chinese', async () => {
    expect((await gate(xlsx({ sheet: '明细' }), book([]))).report.issues[0]?.zh).toEqual({
      message: '工作表“明细”是空的',
      hint: '请重新导出数据：工作表里既没有表头，也没有数据行',
    });
    expect((await gate(json('json'), { 'd.json': '{"id":1}\n' })).report.issues[0]?.zh).toEqual({
      message: '文件不是 JSON 数组（没有以“[”开头）',
      hint: '文件看起来是 NDJSON（每行一个对象）：请声明 `format: ndjson`',
    });
  });

  it('names why a workbook cannot be read in Chinese, quoting the reader only as a detail', async () => {
    const zhOf = async (bytes: Uint8Array) => (await gate(xlsx(), { 'd.xlsx': bytes })).report.issues[0]?.zh;
    expect(await zhOf(WORD_DOCUMENT)).toEqual({
      message:
        '无法读取这个 XLSX 文件：它是 zip 压缩包，但不是 Excel 工作簿（可能是 Word 或 OpenDocument 文件，或其他文件打成的 zip 包，只是扩展名为 .xlsx）（读取程序的原文：“"xl/_rels/workbook.xml.rels" file not found inside the `.xlsx` file”）',
      hint: '请上传工作簿本身：在 Excel/WPS 中另存为 .xlsx（Excel 工作簿），或者导出为 CSV；WPS 或 LibreOffice 的 .ods 文件也请另存为 .xlsx',
    });
    // A password-protected workbook is not taken for an .xls (both are OLE files).
    expect((await zhOf(ENCRYPTED_WORKBOOK))?.message).toBe(
      'XLSX 文件不予读取：工作簿设置了打开密码（已加密），没有密码无法读取',
    );
  });
});
