/**
 * Sources that are not what `source.format` says, broken NDJSON lines and geopoints written longitude
 * first, through the real processor: each is one issue with its place, a message in the platform's
 * words and a hint saying what to do.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, gate, manifestOf } from '../fixtures/gate/harness.ts';
import { buildXlsx } from '../fixtures/gate/xlsx-builder.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'string' },
  { name: 'place', type: 'geopoint' },
];
const XLS_HEAD = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);

function workbook(): Uint8Array {
  return buildXlsx([
    {
      name: 'Sheet1',
      rows: [
        ['id', 'place'],
        ['M1', '39.9,116.4'],
      ],
    },
  ]);
}

const onlyIssue = (r: ProcessedRelease) => {
  expect(r.report.valid).toBe(false);
  expect(r.output).toBeUndefined();
  expect(r.report.issues).toHaveLength(1);
  return r.report.issues[0];
};

describe('a source in another format than declared', () => {
  it('names an XLSX workbook saved as .csv, instead of calling it broken GB18030', async () => {
    const r = await gate(manifestOf(FIELDS), { 'data.csv': workbook() });
    expect(onlyIssue(r)).toEqual({
      type: 'file/unreadable',
      file: 'data.csv',
      message: 'this file is an XLSX workbook (or another zip), not a CSV file as `format: csv` says',
      hint: 'declare `format: xlsx`, or export it as CSV from Excel/WPS (另存为 → CSV UTF-8)',
      zh: {
        message: '这个文件实际是一个 XLSX 工作簿（或其他 zip 压缩包），不是 `format: csv` 声明的 CSV 文件',
        hint: '请声明 `format: xlsx`，或把它导出为 CSV（在 Excel/WPS 中另存为 → CSV UTF-8）',
      },
    });
  });

  it('names an HTML "export to Excel" declared NDJSON, and an .xls declared CSV', async () => {
    const html = manifestOf(FIELDS, { source: { files: [{ path: 'd.ndjson' }], format: 'ndjson' } });
    const page = '<!DOCTYPE html>\n<html><body><table><tr><td>id</td></tr></table></body></html>\n';
    expect(onlyIssue(await gate(html, { 'd.ndjson': page }))).toMatchObject({
      type: 'file/unreadable',
      file: 'd.ndjson',
      message: expect.stringMatching(/^this file is an HTML page .*not an NDJSON file/),
      hint: expect.stringContaining('save it as .xlsx or as CSV'),
    });
    expect(onlyIssue(await gate(manifestOf(FIELDS), { 'data.csv': XLS_HEAD }))).toMatchObject({
      type: 'file/unreadable',
      message: expect.stringContaining('an Excel 97–2003 workbook (.xls)'),
      hint: expect.stringContaining('save it as .xlsx'),
    });
  });

  it('says what an XLSX source that is not a zip is: NDJSON text, an .xls', async () => {
    const xlsx = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
    expect(onlyIssue(await gate(xlsx, { 'd.xlsx': '{"id":"M1","place":"39.9,116.4"}\n' }))).toEqual({
      type: 'file/unreadable',
      file: 'd.xlsx',
      message:
        'the XLSX file is not read: this file is text starting with "{" (NDJSON or JSON), not an XLSX workbook (a zip) as `format: xlsx` says',
      hint: 'declare `format: ndjson` (one object per line) or `format: json` (an array of objects)',
      zh: {
        message:
          'XLSX 文件不予读取：这个文件实际是以“{”开头的文本（NDJSON 或 JSON），不是 `format: xlsx` 声明的 XLSX 工作簿（zip 格式）',
        hint: '请声明 `format: ndjson`（每行一个对象）或 `format: json`（由对象组成的数组）',
      },
    });
    expect(onlyIssue(await gate(xlsx, { 'd.xlsx': XLS_HEAD }))).toMatchObject({
      message: expect.stringContaining('an Excel 97–2003 workbook (.xls), not an XLSX workbook'),
    });
  });
});

describe('a broken NDJSON line', () => {
  const ndjson = manifestOf(FIELDS, { source: { files: [{ path: 'd.ndjson' }], format: 'ndjson' } });
  const ok = (n: number) => `{"id":"M${n}","place":"39.9,116.4"}`;

  it('is reported at its own line, with a BOM, a blank line, CRLF and no final newline', async () => {
    // Line 1 has a BOM, line 3 is blank, line 5 is cut off, and the file ends without a newline.
    const text = `\uFEFF${ok(1)}\r\n${ok(2)}\r\n\r\n${ok(4)}\r\n{"id":"M5", "place": "x",\r\n${ok(6)}`;
    expect(onlyIssue(await gate(ndjson, { 'd.ndjson': text }))).toEqual({
      type: 'file/unreadable',
      file: 'd.ndjson',
      row: 4,
      line: 5,
      message: expect.stringMatching(
        /^line 5 is not a JSON object: unexpected end of the line: the object is not closed \(DuckDB: .*Malformed JSON[^)]*\)$/,
      ),
      hint: expect.stringContaining('NDJSON holds each object whole on one line'),
      zh: {
        message: expect.stringMatching(
          /^文件第 5 行不是 JSON 对象：这一行提前结束了，对象没有闭合（DuckDB：.*Malformed JSON[^）]*）$/,
        ),
        hint: expect.stringContaining('NDJSON 要求每个对象完整地写在一行上'),
      },
    });
  });

  it('says a key is not quoted, on the last line without a newline', async () => {
    const issue = onlyIssue(await gate(ndjson, { 'd.ndjson': `${ok(1)}\n${ok(2)}\n{id:"M3","place":"1,2"}` }));
    expect(issue).toMatchObject({ type: 'file/unreadable', row: 3, line: 3 });
    expect(issue?.message).toMatch(/^line 3 is not a JSON object: a key is not quoted \(DuckDB: /);
    expect(issue?.message).not.toMatch(/in line \d/);
    expect(issue?.hint).toContain('keys and strings in double quotes');
  });
});

describe('a geopoint written longitude first', () => {
  it('says so and shows the pair the other way round', async () => {
    const ndjson = manifestOf(FIELDS, { source: { files: [{ path: 'd.ndjson' }], format: 'ndjson' } });
    const rows = [
      '{"id":"A1","place":"39.9,116.4"}',
      '{"id":"A2","place":"116.4,39.9"}',
      '{"id":"A3","place":"91,200"}',
    ];
    const r = await gate(ndjson, { 'd.ndjson': `${rows.join('\n')}\n` });
    expect(r.report.issues).toEqual([
      {
        type: 'cell/type',
        file: 'd.ndjson',
        row: 2,
        field: 'place',
        value: '116.4,39.9',
        message: '"116.4,39.9" is not a valid geopoint',
        hint: 'looks like longitude first (116.4,39.9): write latitude first: 39.9,116.4',
        zh: { message: expect.stringContaining('116.4,39.9'), hint: expect.stringContaining('39.9,116.4') },
      },
      expect.objectContaining({ row: 3, value: '91,200', hint: expect.stringContaining('write a "lat,lon" pair') }),
    ]);
  });

  it('quotes none of a masked value', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'string' },
      { name: 'home', type: 'geopoint', grade: 'sensitive', treatment: { kind: 'redact' } },
    ];
    const r = await gate(manifestOf(fields), { 'data.csv': 'id,home\nA1,"116.4,39.9"\n' });
    const [issue] = r.report.issues.filter((i) => i.type === 'cell/type');
    expect(issue).toMatchObject({ row: 1, line: 2, field: 'home', hint: expect.stringContaining('longitude first') });
    expect(issue?.hint).not.toMatch(/116|39/);
  });
});
