import { open } from 'node:fs/promises';
import type { SourceFormat } from '../../core/manifest/vocabulary.ts';
import type { ZhText } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';

/**
 * What a file is by its first bytes, when that is not what its name and `source.format` say: an XLSX
 * workbook saved as `.csv`, an old `.xls`, an "export to Excel" that is an HTML page. Read before any
 * text is decoded, so such a file is named for what it is rather than reported as broken GB18030 or
 * malformed JSON.
 */
export type FileKind = 'zip' | 'xls' | 'parquet' | 'pdf' | 'html' | 'excel-xml' | 'gzip' | 'utf16';

/** Enough of the head to find an HTML or XML spreadsheet's markers after a prolog and comments. */
const HEAD_BYTES = 1024;

/** The kind of a file whose first bytes are another format's signature, or undefined (text, or unknown). */
export function fileKindOf(head: Uint8Array): FileKind | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const starts = (...bytes: number[]) => bytes.every((x, i) => b[i] === x);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'xls';
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'parquet';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (starts(0x1f, 0x8b)) return 'gzip';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'utf16';
  const text = b
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|table|head|body|meta)\b/.test(text)) return 'html';
  if (text.startsWith('<?xml')) {
    if (text.includes('urn:schemas-microsoft-com:office:spreadsheet') || text.includes('<workbook')) return 'excel-xml';
    if (text.includes('<html')) return 'html';
  }
  return undefined;
}

/** The first bytes of a file. */
export async function readHead(path: string, n = HEAD_BYTES): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(n), 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const SAVE_AS_CSV = '另存为 → CSV UTF-8';
/** What a file of each format is, for "not …" in messages (in Chinese, after 声明的). */
const EXPECTED: Record<SourceFormat, { en: string; zh: string }> = {
  csv: { en: 'a CSV file', zh: 'CSV 文件' },
  json: { en: 'a JSON file', zh: 'JSON 文件' },
  ndjson: { en: 'an NDJSON file', zh: 'NDJSON 文件' },
  xlsx: { en: 'an XLSX workbook (a zip)', zh: 'XLSX 工作簿（zip 格式）' },
  parquet: { en: 'a Parquet file', zh: 'Parquet 文件' },
};

/** What a file is and what to do with it; `zh` the same in Chinese (its `message` is what the file is). */
interface Described {
  readonly what: string;
  readonly hint: string;
  readonly zh: ZhText;
}

/** What a file of that kind is, as a person knows it, and what to do with it when `declared` was expected. */
function describe(kind: FileKind, declared: SourceFormat): Described {
  const exportAs =
    declared === 'csv'
      ? `CSV from Excel/WPS (${SAVE_AS_CSV})`
      : declared === 'parquet'
        ? 'Parquet'
        : declared.toUpperCase();
  const exportAsZh =
    declared === 'csv'
      ? `CSV（在 Excel/WPS 中${SAVE_AS_CSV}）`
      : declared === 'parquet'
        ? 'Parquet'
        : declared.toUpperCase();
  const saveAsZh = `请在 Excel/WPS 中打开，另存为 .xlsx 或 CSV（${SAVE_AS_CSV}）`;
  switch (kind) {
    case 'zip':
      return {
        what: 'an XLSX workbook (or another zip)',
        hint: `declare \`format: xlsx\`, or export it as ${exportAs}`,
        zh: zh('一个 XLSX 工作簿（或其他 zip 压缩包）', `请声明 \`format: xlsx\`，或把它导出为 ${exportAsZh}`),
      };
    case 'xls':
      return {
        what: 'an Excel 97–2003 workbook (.xls)',
        hint: `open it in Excel/WPS and save it as .xlsx (then declare \`format: xlsx\`) or as CSV (${SAVE_AS_CSV})`,
        zh: zh(
          '一个 Excel 97–2003 工作簿（.xls）',
          `请在 Excel/WPS 中打开，另存为 .xlsx（然后声明 \`format: xlsx\`）或 CSV（${SAVE_AS_CSV}）`,
        ),
      };
    case 'parquet':
      return {
        what: 'a Parquet file',
        hint: 'declare `format: parquet`',
        zh: zh('一个 Parquet 文件', '请声明 `format: parquet`'),
      };
    case 'pdf':
      return {
        what: 'a PDF document, not a data file',
        hint: 'export the data itself from the source system (CSV UTF-8 or XLSX), not a printed report',
        zh: zh('一份 PDF 文档，不是数据文件', '请从源系统导出数据本身（CSV UTF-8 或 XLSX），而不是打印用的报表'),
      };
    case 'html':
      return {
        what: 'an HTML page (many systems "export to Excel" as an HTML table)',
        hint: `open it in Excel/WPS and save it as .xlsx or as CSV (${SAVE_AS_CSV}), or export CSV from the source system`,
        zh: zh('一个 HTML 网页（很多系统的“导出到 Excel”导出的其实是 HTML 表格）', `${saveAsZh}，或从源系统导出 CSV`),
      };
    case 'excel-xml':
      return {
        what: 'an Excel 2003 XML spreadsheet',
        hint: `open it in Excel/WPS and save it as .xlsx or as CSV (${SAVE_AS_CSV})`,
        zh: zh('一个 Excel 2003 XML 电子表格', saveAsZh),
      };
    case 'gzip':
      return {
        what: 'gzip-compressed',
        hint: 'unpack it (gunzip, 7-Zip) and upload the file inside',
        zh: zh('一个 gzip 压缩文件', '请先解压（gunzip、7-Zip），再上传里面的文件'),
      };
    case 'utf16':
      return {
        what: 'UTF-16 text (Excel\'s "Unicode text" export)',
        hint: `save it as CSV UTF-8 from Excel/WPS (${SAVE_AS_CSV}), or re-export it in UTF-8`,
        zh: zh(
          '以 UTF-16 编码的文本（Excel 的“Unicode 文本”导出）',
          `请在 Excel/WPS 中另存为 CSV UTF-8（${SAVE_AS_CSV}），或重新导出为 UTF-8`,
        ),
      };
  }
}

/** A text head's likely format, for a file declared XLSX or Parquet (binary formats). */
function describeText(head: Buffer): Described | undefined {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.length === 0) return undefined;
  // Text has no control characters but tab, LF, CR and the like (a binary file has many).
  if (head.some((c) => c < 0x09 || (c > 0x0d && c < 0x20))) return undefined;
  if (text.startsWith('{')) {
    return {
      what: 'text starting with "{" (NDJSON or JSON)',
      hint: 'declare `format: ndjson` (one object per line) or `format: json` (an array of objects)',
      zh: zh(
        '以“{”开头的文本（NDJSON 或 JSON）',
        '请声明 `format: ndjson`（每行一个对象）或 `format: json`（由对象组成的数组）',
      ),
    };
  }
  if (text.startsWith('[')) {
    return {
      what: 'a JSON array (text)',
      hint: 'declare `format: json`',
      zh: zh('一个 JSON 数组（文本）', '请声明 `format: json`'),
    };
  }
  return {
    what: 'a text file (CSV, or another text export renamed)',
    hint: `declare \`format: csv\` if it is CSV, or open it in Excel/WPS and save it as .xlsx`,
    zh: zh(
      '一个文本文件（CSV，或改了扩展名的其他文本导出）',
      '如果是 CSV，请声明 `format: csv`；否则请在 Excel/WPS 中打开，另存为 .xlsx',
    ),
  };
}

/** Why a file is not read in its declared format: the message and hint of its issue, and both in Chinese. */
export interface OtherFormat {
  readonly message: string;
  readonly hint: string;
  readonly zh: ZhText;
}

/**
 * Why a source declared `format` is not read as such, judged from its first bytes: another format's
 * signature (a zip in a CSV, an .xls in an XLSX), or, for a binary format, text. Undefined when the
 * head fits the format (or says nothing): the format's reader judges the rest.
 */
export function otherFormatOf(head: Buffer, declared: SourceFormat): OtherFormat | undefined {
  const kind = fileKindOf(head);
  const fits =
    kind === undefined || (declared === 'xlsx' && kind === 'zip') || (declared === 'parquet' && kind === 'parquet');
  const found = !fits && kind ? describe(kind, declared) : undefined;
  const text =
    kind === undefined && (declared === 'xlsx' || declared === 'parquet') && head.length > 0
      ? describeText(head)
      : undefined;
  const d = found ?? text;
  if (!d) return undefined;
  const expected = EXPECTED[declared];
  return {
    message: `this file is ${d.what}, not ${expected.en} as \`format: ${declared}\` says`,
    hint: d.hint,
    zh: zh(`这个文件实际是${d.zh.message}，不是 \`format: ${declared}\` 声明的 ${expected.zh}`, d.zh.hint),
  };
}

/** otherFormatOf for a file on disk. */
export async function otherFormat(path: string, declared: SourceFormat): Promise<OtherFormat | undefined> {
  return otherFormatOf(await readHead(path), declared);
}
