import { readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import type { ZhText } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';
import { otherFormatOf } from './source-file-kind.ts';
import { inflatePart } from './xlsx-inflate-part.ts';
import { ENCRYPTED_WORKBOOK, isEncryptedWorkbook } from './xlsx-read-error.ts';
import { readableSize } from './xlsx-readable-size.ts';
import { gridRefusal } from './xlsx-sheet-grid.ts';
import { centralDirectory, type ZipEntry } from './xlsx-zip-directory.ts';

/**
 * What a workbook may unpack to, all its parts together (uncompressed): what one worksheet alone could
 * already be. The sheet reader holds every part it reads at once, so the whole workbook gets the budget
 * one sheet had; a sheet whose texts Excel moved into xl/sharedStrings.xml shrinks by about what that
 * part adds, so a workbook that fitted as one sheet of inline texts still fits as sheet + shared strings.
 */
const MAX_WORKBOOK_BYTES = 512 * 1024 ** 2;
/**
 * Deflate packs spreadsheet XML 7 to 30 times (empty styled rows, the most repetitive, about 27);
 * only filler gets near deflate's own limit of about 1,030 (a 1.2 MB upload unpacked to 1.2 GB).
 */
const MAX_RATIO = 100;
/** Smaller parts are not judged by their ratio: a few KB of repeated markup pack well and cost nothing. */
const RATIO_FROM_BYTES = 1024 ** 2;

const BLOAT_HINT =
  'the workbook holds far more than its data, or was not written by a spreadsheet program: open it in the spreadsheet program and save it again as .xlsx with only the data sheet, or export CSV';
const BLOAT_HINT_ZH =
  '工作簿里的内容远多于数据本身，或者它不是电子表格软件生成的：请在电子表格软件中打开，只保留数据所在的工作表，另存为 .xlsx；或者导出为 CSV';
const GRID_HINT =
  'export only the data: one sheet of the declared columns, without cells far outside it (re-save it from the spreadsheet program, or export CSV)';
const GRID_HINT_ZH =
  '只导出数据：一个工作表，只含声明的列，数据范围以外不要有单元格（可在电子表格软件中重新另存，或导出为 CSV）';

/**
 * The workbook as the sheet reader may read it (only the parts it reads, checked), with those parts by
 * name (inflated, as the archive `input` stores them), or why it must not be read (`zh`: the refusal
 * and the hint in Chinese).
 */
export type BoundedWorkbook =
  | { readonly ok: true; readonly input: Buffer; readonly parts: Readonly<Record<string, Buffer>> }
  | { readonly ok: false; readonly refusal: string; readonly hint: string; readonly zh: ZhText };

/**
 * Reads an XLSX workbook within bounds and gives the sheet reader (read-excel-file) only what was
 * checked. The reader unzips and parses in memory every *.xml part of the archive, trusting the zip:
 * a 1.2 MB upload of padding parts took the process to 2.7 GB, and one cell at column 100,000,000 in a
 * 1.6 KB file (or one `<row r="200000000"/>`) made it lay out a grid that ran it out of memory, taking
 * every other release with it. So, before anything is inflated, every part's declared size, their sum
 * (MAX_WORKBOOK_BYTES) and each part's compression ratio are bounded; the parts the reader reads are then
 * inflated here, never past the size they declare (a zip's sizes can lie); the sheets' cell and row
 * references are bounded: at most MAX_SOURCE_COLUMNS columns (as for CSV), 1,048,576 rows (the XLSX
 * grid), 50 million cells laid out. The reader gets a new archive of just those parts, stored: nothing
 * else in the upload (parts missing from the zip's directory included) reaches it.
 */
export async function boundedWorkbook(path: string): Promise<BoundedWorkbook> {
  const zip = await readFile(path);
  // Not a zip at all: an .xls, a CSV or NDJSON renamed, an HTML "export to Excel" is named for what it
  // is. Anything else the reader refuses from its first bytes, unzipping nothing. Whatever starts like
  // a zip ("PK") it would unzip, so that is read here.
  if (zip.length < 2 || zip.readUInt16BE(0) !== 0x504b) {
    // A workbook saved with a password is an OLE file like an .xls: named for what it is, not as an .xls.
    if (isEncryptedWorkbook(zip)) {
      const { en, hint, zh } = ENCRYPTED_WORKBOOK;
      return { ok: false, refusal: en, hint, zh };
    }
    const other = otherFormatOf(zip.subarray(0, 1024), 'xlsx');
    return other
      ? { ok: false, refusal: other.message, hint: other.hint, zh: other.zh }
      : { ok: true, input: zip, parts: {} };
  }
  const bloated = (refusal: string, refusalZh: string): BoundedWorkbook => ({
    ok: false,
    refusal,
    hint: BLOAT_HINT,
    zh: zh(refusalZh, BLOAT_HINT_ZH),
  });
  let entries: ZipEntry[];
  try {
    entries = centralDirectory(zip);
  } catch {
    return bloated(
      'it is not a complete zip archive (an .xlsx workbook is one)',
      '它不是完整的 zip 压缩包（.xlsx 工作簿就是一个 zip 压缩包）',
    );
  }
  const max = readableSize(MAX_WORKBOOK_BYTES);
  let total = 0;
  let largest: ZipEntry | undefined;
  for (const e of entries) {
    if (e.size > MAX_WORKBOOK_BYTES) {
      return bloated(
        `part ${e.name} is ${readableSize(e.size)} uncompressed, more than the ${max} a workbook may hold`,
        `其中的部件 ${e.name} 解压后有 ${readableSize(e.size, 'zh')}，超过了一个工作簿最多允许的 ${max}`,
      );
    }
    total += e.size;
    if (!largest || e.size > largest.size) largest = e;
  }
  if (largest && total > MAX_WORKBOOK_BYTES) {
    return bloated(
      `its parts are ${readableSize(total)} uncompressed together (the largest, ${largest.name}, ${readableSize(largest.size)}), more than the ${max} a workbook may hold`,
      `它的各个部件解压后共 ${readableSize(total)}（最大的是 ${largest.name}，${readableSize(largest.size)}），超过了一个工作簿最多允许的 ${max}`,
    );
  }
  for (const e of entries) {
    if (e.size >= RATIO_FROM_BYTES && e.size > MAX_RATIO * e.packed) {
      const times = Math.round(e.size / Math.max(e.packed, 1));
      return bloated(
        `part ${e.name} unpacks to ${times} times its packed size (${readableSize(e.size)} from ${readableSize(e.packed)}), more than the ${MAX_RATIO} times of spreadsheet data`,
        `其中的部件 ${e.name} 解压后是压缩时的 ${times} 倍（由 ${readableSize(e.packed, 'zh')} 解压为 ${readableSize(e.size, 'zh')}），超过了电子表格数据的压缩比上限（${MAX_RATIO} 倍）`,
      );
    }
  }
  const parts: Record<string, Buffer> = {};
  for (const e of entries) {
    if (!readByReader(e.name)) continue;
    const part = inflatePart(zip, e);
    if (!Buffer.isBuffer(part)) return bloated(part.en, part.zh);
    parts[e.name] = part;
  }
  for (const [name, bytes] of Object.entries(parts)) {
    // The reader takes as a sheet whatever part the workbook's relationships name, wherever it is.
    if (!bytes.includes('sheetData')) continue;
    const refusal = gridRefusal(name, bytes.toString('utf8'));
    if (refusal) return { ok: false, refusal: refusal.en, hint: GRID_HINT, zh: zh(refusal.zh, GRID_HINT_ZH) };
  }
  const stored = zipSync(parts, { level: 0 });
  return { ok: true, input: Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength), parts };
}

/** The parts read-excel-file reads (its filterZipArchiveEntry): every other one stays packed. */
const readByReader = (name: string) => name.endsWith('.xml') || name.endsWith('.xml.rels');
