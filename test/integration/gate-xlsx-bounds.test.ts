/**
 * What an XLSX upload may make the gate unpack and lay out. The sheet reader unzips every XML part
 * into memory and lays out every row and column a sheet names: a 1.2 MB upload of padding parts took a
 * run to 2.7 GB, a 2 KB sheet naming row 200,000,000 ran it out of memory. These workbooks are refused
 * from what their zip declares, or within what it declares, never by unpacking them; a workbook with a
 * large shared-strings part still loads. The peak memory of the test process is the witness: the
 * filler parts unpack to 128 MiB each, refusals must stay well below that. A peak only rises, so the
 * measured tests come first, and a regression shows in the first of them it reaches.
 */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, gate, manifestOf } from '../fixtures/gate/harness.ts';
import { deflatedPart, fillerPart, partsOf, type RawPart, rawZip } from '../fixtures/gate/raw-zip.ts';
import { buildXlsx, type XlsxCell } from '../fixtures/gate/xlsx-builder.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'string' },
];
const manifest = manifestOf(FIELDS, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' } });
const rows: XlsxCell[][] = [
  ['id', 'name'],
  [1, '张三'],
  [2, '李四'],
];
const parts = partsOf(buildXlsx([{ name: 'S', rows }]));
const MIB = 1024 ** 2;
/** Far below what one filler part unpacks to (128 MiB), far above what reading its directory costs. */
const LITTLE = 48 * MIB;

/** Runs the gate on the archive; how far the process's peak memory rose past where it stood. */
async function gateMeasured(zip: Buffer): Promise<{ result: ProcessedRelease; grown: number }> {
  const peak = () => process.resourceUsage().maxRSS * 1024;
  const before = Math.max(process.memoryUsage().rss, peak());
  const result = await gate(manifest, { 'd.xlsx': zip });
  return { result, grown: peak() - before };
}

const unreadable = (message: RegExp) =>
  expect.objectContaining({
    type: 'file/unreadable',
    file: 'd.xlsx',
    message: expect.stringMatching(message),
    hint: expect.stringMatching(/save it again as \.xlsx.*or export CSV/),
  });

const lying = (part: RawPart, size: number): RawPart => ({ ...part, size });
const replaced = (name: string, part: RawPart) => parts.map((p) => (p.name === name ? part : p));

describe('XLSX zip bounds', () => {
  it('loads a plain workbook (and sets the peak the refusals below are measured from)', async () => {
    const { result } = await gateMeasured(rawZip(parts));
    expect(result.report).toMatchObject({ valid: true, rowsRead: 2 });
  });

  it('refuses a part that unpacks a thousand times its packed size, without unpacking it', async () => {
    const { result, grown } = await gateMeasured(rawZip([...parts, fillerPart('xl/pad1.xml', 128)]));
    expect(result.report.issues).toEqual([
      unreadable(
        /^the XLSX file is not read: part xl\/pad1\.xml unpacks to \d{3,4} times .*128 MB.*more than the 100 times/,
      ),
    ]);
    expect(grown).toBeLessThan(LITTLE);
  });

  it('refuses padding parts whose declared sizes add up past 512 MB, naming the largest', async () => {
    const pad = (n: number, mb: number) => lying(deflatedPart(`xl/pad${n}.xml`, strToU8('<pad/>')), mb * MIB);
    const { result, grown } = await gateMeasured(rawZip([...parts, pad(1, 200), pad(2, 320)]));
    expect(result.report.issues).toEqual([
      unreadable(/parts are 520 MB uncompressed together \(the largest, xl\/pad2\.xml, 320 MB\), more than the 512 MB/),
    ]);
    expect(grown).toBeLessThan(LITTLE);
  });

  it('refuses a huge declared sharedStrings, in a plain or a ZIP64 header, without allocating it', async () => {
    const strings = parts.find((p) => p.name === 'xl/sharedStrings.xml') as RawPart;
    for (const [part, shown] of [
      [lying(strings, 3 * 1024 * MIB), '3,072 MB'],
      [{ ...lying(strings, 5 * 1024 * MIB), zip64: true }, '5,120 MB'],
    ] as const) {
      const { result, grown } = await gateMeasured(rawZip(replaced('xl/sharedStrings.xml', part)));
      expect(result.report.issues).toEqual([
        unreadable(new RegExp(`part xl/sharedStrings\\.xml is ${shown} uncompressed, more than the 512 MB`)),
      ]);
      expect(grown).toBeLessThan(LITTLE);
    }
  });

  it('never unpacks a part past the size it declares (a zip may lie)', async () => {
    const { result, grown } = await gateMeasured(
      rawZip(replaced('xl/sharedStrings.xml', lying(fillerPart('xl/sharedStrings.xml', 128), 1024))),
    );
    expect(result.report.issues).toEqual([
      unreadable(/part xl\/sharedStrings\.xml unpacks to more than the 1 KB it declares/),
    ]);
    expect(grown).toBeLessThan(LITTLE);
  });

  it('gives the reader none of what the zip directory leaves out (a stream reader would unpack it)', async () => {
    const hidden = { ...fillerPart('xl/hidden.xml', 128), unlisted: true };
    const { result, grown } = await gateMeasured(rawZip([hidden, ...parts]));
    expect(result.report).toMatchObject({ valid: true, rowsRead: 2 });
    expect(grown).toBeLessThan(LITTLE);
  });

  it('refuses a file that starts like a zip but is not one', async () => {
    const { result } = await gateMeasured(Buffer.from('PK\x03\x04 not really a zip'));
    expect(result.report.issues).toEqual([unreadable(/not a complete zip archive/)]);
  });

  it('loads a workbook whose shared strings are large (more than a MiB, packed as Excel packs text)', async () => {
    const many: XlsxCell[][] = [['id', 'name']];
    for (let i = 1; i <= 40_000; i++) many.push([i, `北京市朝阳区建国路第${i}号院${(i * 7919) % 100_000}室`]);
    const book = partsOf(buildXlsx([{ name: 'S', rows: many }]));
    expect(book.find((p) => p.name === 'xl/sharedStrings.xml')?.size).toBeGreaterThan(MIB);
    const { result } = await gateMeasured(rawZip(book));
    expect(result.report).toMatchObject({ valid: true, rowsRead: 40_000 });
  });
});

describe('XLSX sheet grid', () => {
  /** The workbook with its sheet's data replaced, at `path` (named by the workbook's relationships). */
  const withSheet = (sheetData: string, path = 'xl/worksheets/sheet1.xml') =>
    rawZip(
      parts
        .filter((p) => p.name !== 'xl/worksheets/sheet1.xml')
        .map((p) =>
          p.name === 'xl/_rels/workbook.xml.rels'
            ? deflatedPart(
                p.name,
                strToU8(
                  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/${path}"/></Relationships>`,
                ),
              )
            : p,
        )
        .concat(
          deflatedPart(
            path,
            strToU8(
              `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>${sheetData}</sheetData></worksheet>`,
            ),
          ),
        ),
    );

  it('reads the sheet the relationships name, wherever it is', async () => {
    const r = await gate(manifest, { 'd.xlsx': withSheet('<row r="2"><c r="A2"><v>1</v></c></row>', 'xl/data/s.xml') });
    expect(r.report).toMatchObject({ valid: true, rowsRead: 1 });
  });

  it('refuses rows numbered past the last row of a sheet, however the number is written', async () => {
    for (const row of [
      '<row r="2000000"/>',
      "<row r='2000000'/>",
      '<row r="&#50;000000"/>',
      '<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" x:r="2000000"/>',
      '<row r="1048576"/><row/>',
    ]) {
      const r = await gate(manifest, { 'd.xlsx': withSheet(row) });
      expect(r.report.issues, row).toEqual([
        expect.objectContaining({
          type: 'file/unreadable',
          message: expect.stringMatching(/(row 2000000 is beyond|rows run past) row 1048576, the last row of a sheet/),
          hint: expect.stringContaining('without cells far outside it'),
          // The same facts in Chinese, the numbers included.
          zh: expect.objectContaining({
            message: expect.stringMatching(
              /^XLSX 文件不予读取：.+：(第 2000000 行超出了|行数超过了)第 1048576 行（工作表的最后一行）$/,
            ),
          }),
        }),
      ]);
    }
  });

  it('refuses cells far outside the data in a sheet at any path, however the reference is written', async () => {
    for (const [cell, path] of [
      ['<c r="&#88;FD2"><v>1</v></c>', 'xl/worksheets/sheet1.xml'],
      ['<c t="n" r=\'XFD2\'><v>1</v></c>', 'xl/worksheets/sheet1.xml'],
      ['<c r="XFD2"><v>1</v></c>', 'xl/data/s.xml'],
    ]) {
      const r = await gate(manifest, { 'd.xlsx': withSheet(`<row r="2">${cell}</row>`, path) });
      expect(r.report.issues, cell).toEqual([
        expect.objectContaining({
          type: 'file/unreadable',
          message: expect.stringContaining('is beyond column 4096'),
          zh: expect.objectContaining({ message: expect.stringContaining('单元格 XFD2 超出了第 4096 列') }),
        }),
      ]);
    }
  });
});
