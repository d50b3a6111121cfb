/** Naming a source by its first bytes when they are another format's (source-file-kind.ts). */
import { describe, expect, it } from 'vitest';
import { fileKindOf, otherFormatOf } from '../../../functions/adapters/duckdb/source-file-kind.ts';

const bytes = (...b: number[]) => Buffer.from([...b, 0, 0, 0, 0]);
const text = (s: string) => Buffer.from(s);

describe('fileKindOf', () => {
  it.each([
    ['zip', bytes(0x50, 0x4b, 0x03, 0x04)],
    ['xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)],
    ['parquet', text('PAR1\x15\x04')],
    ['pdf', text('%PDF-1.7\n')],
    ['gzip', bytes(0x1f, 0x8b, 0x08)],
    ['utf16', bytes(0xff, 0xfe, 0x69, 0x00)],
    ['html', text('\uFEFF  <!DOCTYPE html>\n<html>')],
    ['html', text('<HTML xmlns:o="urn:schemas-microsoft-com:office:office">')],
    ['html', text('<table border=1><tr><td>编号</td>')],
    [
      'excel-xml',
      text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
      ),
    ],
  ])('finds %s', (kind, head) => {
    expect(fileKindOf(head)).toBe(kind);
  });

  it.each([
    ['a CSV', 'id,name\n1,张三\n'],
    ['NDJSON', '{"a":1}\n'],
    ['a CSV whose first cell starts with P', 'PK,value\n1,2\n'],
    ['an empty file', ''],
  ])('finds nothing in %s', (_, s) => {
    expect(fileKindOf(text(s))).toBeUndefined();
  });
});

describe('otherFormatOf', () => {
  it('names a zip declared CSV as a workbook, with both ways out', () => {
    expect(otherFormatOf(bytes(0x50, 0x4b, 0x03, 0x04), 'csv')).toEqual({
      message: 'this file is an XLSX workbook (or another zip), not a CSV file as `format: csv` says',
      hint: 'declare `format: xlsx`, or export it as CSV from Excel/WPS (另存为 → CSV UTF-8)',
      zh: {
        message: '这个文件实际是一个 XLSX 工作簿（或其他 zip 压缩包），不是 `format: csv` 声明的 CSV 文件',
        hint: '请声明 `format: xlsx`，或把它导出为 CSV（在 Excel/WPS 中另存为 → CSV UTF-8）',
      },
    });
  });

  it('lets each format through its own signature, and text through text formats', () => {
    expect(otherFormatOf(bytes(0x50, 0x4b, 0x03, 0x04), 'xlsx')).toBeUndefined();
    expect(otherFormatOf(text('PAR1'), 'parquet')).toBeUndefined();
    expect(otherFormatOf(text('[{"a":1}]'), 'json')).toBeUndefined();
    expect(otherFormatOf(text('id,name\n'), 'csv')).toBeUndefined();
  });

  it('names Parquet, PDF and gzip declared JSON, with what to do', () => {
    expect(otherFormatOf(text('PAR1'), 'json')?.hint).toBe('declare `format: parquet`');
    expect(otherFormatOf(text('%PDF-1.4'), 'ndjson')).toMatchObject({
      message: 'this file is a PDF document, not a data file, not an NDJSON file as `format: ndjson` says',
    });
    expect(otherFormatOf(bytes(0x1f, 0x8b), 'csv')?.hint).toContain('unpack it');
  });

  it('says what text declared XLSX or Parquet is', () => {
    expect(otherFormatOf(text('{"a":1}\n'), 'xlsx')?.hint).toContain('`format: ndjson`');
    expect(otherFormatOf(text('[{"a":1}]'), 'parquet')?.hint).toBe('declare `format: json`');
    expect(otherFormatOf(text('编号,名称\nM1,x\n'), 'xlsx')).toMatchObject({
      message:
        'this file is a text file (CSV, or another text export renamed), not an XLSX workbook (a zip) as `format: xlsx` says',
      hint: expect.stringContaining('`format: csv`'),
    });
    // Unknown binary: the format's own reader refuses it.
    expect(otherFormatOf(bytes(0x00, 0x01, 0x02, 0x03), 'xlsx')).toBeUndefined();
  });
});
