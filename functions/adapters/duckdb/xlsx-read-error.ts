import type { ZhText } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';

/**
 * Why the sheet reader (read-excel-file) could not read a workbook, said as the likely cause a data
 * officer can act on (an .xls, a password, a damaged or cut-short upload, another kind of file), in
 * English and in Chinese. The reader's own English stays only as a quoted detail. Classified from the
 * reader's error: its `InvalidInputError` codes (what the first bytes and the zip are), its
 * `InvalidSpreadsheetError` for a part a workbook must have, anything else from parsing the parts.
 */
export interface XlsxReadFailure {
  readonly kind: XlsxFailureKind;
  readonly message: string;
  readonly hint: string;
  readonly zh: ZhText;
}

export type XlsxFailureKind =
  | 'empty'
  | 'xls'
  | 'encrypted'
  | 'not-zip'
  | 'damaged-zip'
  | 'not-a-workbook'
  | 'damaged-content';

const SAVE_AGAIN = 'open it in Excel/WPS and save it again as .xlsx (Excel Workbook), or export CSV';
const SAVE_AGAIN_ZH = '请在 Excel/WPS 中打开，重新另存为 .xlsx（Excel 工作簿），或者导出为 CSV';

const CAUSES: Readonly<Record<XlsxFailureKind, { en: string; hint: string; zh: ZhText }>> = {
  empty: {
    en: 'the file is empty (0 bytes): the export or the upload did not finish',
    hint: 'export the workbook again and upload the whole file',
    zh: zh('文件是空的（0 字节）：导出或上传没有完成', '请重新导出工作簿，并上传完整的文件'),
  },
  xls: {
    en: 'it is an Excel 97–2003 workbook (.xls), not an .xlsx',
    hint: `${SAVE_AGAIN}; then declare \`format: xlsx\``,
    zh: zh('它是 Excel 97–2003 工作簿（.xls），不是 .xlsx', `${SAVE_AGAIN_ZH}；然后声明 \`format: xlsx\``),
  },
  encrypted: {
    en: 'the workbook is protected with a password (encrypted), so it cannot be read without it',
    hint: 'open it in Excel/WPS with its password, remove the password to open (in Excel: File → Info → Protect Workbook → Encrypt with Password, cleared), save it as .xlsx and upload it again',
    zh: zh(
      '工作簿设置了打开密码（已加密），没有密码无法读取',
      '请用密码在 Excel/WPS 中打开它，取消打开密码（Excel 中：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），另存为 .xlsx 后重新上传',
    ),
  },
  'not-zip': {
    en: 'it is not a zip archive, as every .xlsx workbook is: it is another kind of file named .xlsx',
    hint: 'check that the right file was uploaded; a workbook: open it in Excel/WPS and save it again as .xlsx, or export CSV',
    zh: zh(
      '它不是 zip 压缩包（.xlsx 工作簿都是 zip 压缩包）：这是另一种文件，只是扩展名为 .xlsx',
      '请确认上传的文件是否正确；如果是工作簿，在 Excel/WPS 中打开它，重新另存为 .xlsx，或者导出为 CSV',
    ),
  },
  'damaged-zip': {
    en: 'its zip archive is damaged or cut short (an interrupted download or upload)',
    hint: 'upload the file again; if it still fails, open it in Excel/WPS, save it again as .xlsx, or export CSV',
    zh: zh(
      '它的 zip 压缩包已损坏或不完整（下载或上传被中断）',
      '请重新上传文件；如果仍然失败，请在 Excel/WPS 中打开，重新另存为 .xlsx，或者导出为 CSV',
    ),
  },
  'not-a-workbook': {
    en: 'it is a zip archive but not an Excel workbook (a Word or OpenDocument file, or a zip of other files, named .xlsx)',
    hint: 'upload the workbook itself, saved from Excel/WPS as .xlsx (Excel Workbook), or export CSV; an .ods from WPS or LibreOffice too: save it as .xlsx',
    zh: zh(
      '它是 zip 压缩包，但不是 Excel 工作簿（可能是 Word 或 OpenDocument 文件，或其他文件打成的 zip 包，只是扩展名为 .xlsx）',
      '请上传工作簿本身：在 Excel/WPS 中另存为 .xlsx（Excel 工作簿），或者导出为 CSV；WPS 或 LibreOffice 的 .ods 文件也请另存为 .xlsx',
    ),
  },
  'damaged-content': {
    en: 'the workbook’s contents are damaged, or were written by a program that does not follow the .xlsx format',
    hint: SAVE_AGAIN,
    zh: zh('工作簿的内容已损坏，或者生成它的程序没有遵循 .xlsx 格式', SAVE_AGAIN_ZH),
  },
};

/**
 * The reader's failure as a likely cause; `input` is what the reader was given (the upload itself when it
 * is not a zip), to tell a password-protected workbook from an .xls: both are OLE compound files.
 */
export function xlsxReadFailure(error: unknown, input?: Buffer): XlsxReadFailure {
  const e = error instanceof Error ? error : new Error(String(error));
  const kind = kindOf(e as Error & { code?: unknown }, input);
  const c = CAUSES[kind];
  return {
    kind,
    message: `the XLSX file cannot be read: ${c.en} (the reader said: "${e.message}")`,
    hint: c.hint,
    zh: zh(`无法读取这个 XLSX 文件：${c.zh.message}（读取程序的原文：“${e.message}”）`, c.zh.hint),
  };
}

/** A workbook refused before it is read because it is encrypted: what boundedWorkbook says. */
export const ENCRYPTED_WORKBOOK = CAUSES.encrypted;

function kindOf(e: Error & { code?: unknown }, input: Buffer | undefined): XlsxFailureKind {
  if (e.name === 'InvalidInputError') {
    if (e.code === 'NO_DATA') return 'empty';
    if (e.code === 'XLS_FILE_NOT_SUPPORTED') return input && isEncryptedWorkbook(input) ? 'encrypted' : 'xls';
    if (e.code === 'INVALID_ZIP') return 'damaged-zip';
    return 'not-zip';
  }
  // A part every workbook has is missing: `"xl/workbook.xml" file not found inside the `.xlsx` file`.
  if (e.name === 'InvalidSpreadsheetError' && /file not found inside/.test(e.message)) return 'not-a-workbook';
  // Anything else came from parsing the parts (broken XML, cells out of place).
  return 'damaged-content';
}

/** The name of the stream an encrypted OOXML file keeps the workbook in, as an OLE directory stores it. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * A workbook saved with a password to open: Excel and WPS write it as an OLE compound file (the
 * container of an .xls too) holding an `EncryptedPackage` stream, so it is told from an .xls by that.
 */
export function isEncryptedWorkbook(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(OLE_SIGNATURE) && bytes.includes(ENCRYPTED_PACKAGE);
}
