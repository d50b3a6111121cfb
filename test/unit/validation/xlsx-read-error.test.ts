/**
 * A workbook the sheet reader cannot read is named by its likely cause (empty, an .xls, a password, not a
 * zip, a damaged zip, another kind of zip, damaged contents), in English and in Chinese, classified from
 * the errors read-excel-file really throws; its own English stays only as a quoted detail.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import {
  isEncryptedWorkbook,
  type XlsxFailureKind,
  xlsxReadFailure,
} from '../../../functions/adapters/duckdb/xlsx-read-error.ts';
import { buildXlsx } from '../../fixtures/gate/xlsx-builder.ts';
import { CJK } from '../../support/chinese-text.ts';

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** An OLE compound file as Excel writes a workbook with a password to open: its directory names the streams. */
const encrypted = Buffer.concat([OLE, Buffer.alloc(504), Buffer.from('EncryptionInfo\0EncryptedPackage', 'utf16le')]);
const workbookParts = unzipSync(buildXlsx([{ name: 'S', rows: [['id'], [1]] }]));
const zip = (parts: Record<string, string | Uint8Array>) =>
  Buffer.from(
    zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v]))),
  );

const CASES: [XlsxFailureKind, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['xls', Buffer.concat([OLE, Buffer.alloc(600)])],
  ['encrypted', encrypted],
  ['not-zip', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])],
  ['damaged-zip', Buffer.from('PK\x03\x04 cut short')],
  ['not-a-workbook', zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' })],
  [
    'damaged-content',
    zip({ ...workbookParts, 'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1"' }),
  ],
];

/** What the reader throws on `bytes`. */
async function readerError(bytes: Buffer): Promise<unknown> {
  try {
    await readSheet(bytes);
  } catch (e) {
    return e;
  }
  throw new Error('the reader read it');
}

describe('xlsxReadFailure', () => {
  it.each(CASES)('names %s as its cause, in Chinese too, quoting the reader', async (kind, bytes) => {
    const error = (await readerError(bytes)) as Error;
    const f = xlsxReadFailure(error, bytes);
    expect(f.kind).toBe(kind);
    expect(f.message).toMatch(/^the XLSX file cannot be read: /);
    expect(f.message).toContain(`(the reader said: "${error.message}")`);
    expect(f.zh.message).toMatch(/^无法读取这个 XLSX 文件：/);
    expect(f.zh.message).toContain(`（读取程序的原文：“${error.message}”）`);
    // The cause is said in Chinese before the quote, not left to the reader's English.
    expect(f.zh.message.slice(0, f.zh.message.indexOf('（读取程序的原文'))).toMatch(CJK);
    expect(f.zh.hint).toMatch(CJK);
    expect(f.hint).not.toMatch(CJK);
  });

  it('says what each cause is and what to do in plain Chinese', async () => {
    const zhOf = async (bytes: Buffer) => {
      const f = xlsxReadFailure(await readerError(bytes), bytes);
      return { cause: f.zh.message.replace(/^无法读取这个 XLSX 文件：|（读取程序的原文.*$/g, ''), hint: f.zh.hint };
    };
    expect(await zhOf(encrypted)).toEqual({
      cause: '工作簿设置了打开密码（已加密），没有密码无法读取',
      hint: expect.stringContaining('取消打开密码'),
    });
    expect((await zhOf(Buffer.concat([OLE, Buffer.alloc(600)]))).cause).toBe(
      '它是 Excel 97–2003 工作簿（.xls），不是 .xlsx',
    );
    expect((await zhOf(Buffer.from('PK\x03\x04 cut short'))).cause).toBe(
      '它的 zip 压缩包已损坏或不完整（下载或上传被中断）',
    );
    expect((await zhOf(Buffer.alloc(0))).cause).toBe('文件是空的（0 字节）：导出或上传没有完成');
  });

  it('tells a password-protected workbook from an .xls', () => {
    expect(isEncryptedWorkbook(encrypted)).toBe(true);
    expect(isEncryptedWorkbook(Buffer.concat([OLE, Buffer.alloc(600)]))).toBe(false);
    expect(isEncryptedWorkbook(Buffer.from('EncryptedPackage', 'utf16le'))).toBe(false);
  });
});
