/**
 * The Chinese (`zh`) of what the loaders say about a file: its encoding (readAsUtf8), another format
 * under its name (otherFormatOf), a broken NDJSON line (ndjsonLineProblem), a workbook refused before it
 * is read (boundedWorkbook) and the values a sheet would lose (lostValueIssues): the same facts as the
 * English, the same numbers, in Chinese.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ndjsonLineProblem } from '../../../functions/adapters/duckdb/ndjson-broken-line.ts';
import { readAsUtf8 } from '../../../functions/adapters/duckdb/normalize-encoding.ts';
import { type FileKind, otherFormatOf } from '../../../functions/adapters/duckdb/source-file-kind.ts';
import { boundedWorkbook } from '../../../functions/adapters/duckdb/xlsx-bounds.ts';
import { lostValueIssues } from '../../../functions/adapters/duckdb/xlsx-lost-value-issues.ts';
import type { FieldSpec } from '../../../functions/core/manifest/schema.ts';
import { SOURCE_FORMATS } from '../../../functions/core/manifest/vocabulary.ts';
import { deflatedPart, partsOf, rawZip } from '../../fixtures/gate/raw-zip.ts';
import { buildXlsx } from '../../fixtures/gate/xlsx-builder.ts';

const CJK = /[\u4e00-\u9fff]/;
const dir = mkdtemp(join(tmpdir(), 'zh-loader-'));
afterAll(async () => rm(await dir, { recursive: true, force: true }));

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(await dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('readAsUtf8 in Chinese', () => {
  const gbk = (text: string) => iconv.encode(text, 'gbk');
  const problemOf = async (bytes: Uint8Array, declared: 'auto' | 'utf-8' | 'gb18030' | 'gbk') => {
    const name = `f${Math.random()}.csv`;
    return (await readAsUtf8(await file(name, bytes), declared, join(await dir, `${name}.utf8`))).problem;
  };

  it('names the lines, the count and the declared encoding of each refusal', async () => {
    const mixed = Buffer.concat([Buffer.from('id,name\n1,张三\n'), gbk('2,李四\n3,王五\n')]);
    expect((await problemOf(mixed, 'auto'))?.zh).toEqual({
      message:
        '文件第 3 行不是 UTF-8（是 GBK/GB18030 编码），而文件第 2 行是 UTF-8 编码的中文：文件混用了两种编码；共有 2 行不是 UTF-8',
      hint: '文件混用了 UTF-8 和 GBK/GB18030 两种编码（例如把两次导出拼在了一起）：请把各部分转成同一种编码（建议 UTF-8），导出为一个文件；本次没有发布任何数据',
    });
    expect((await problemOf(gbk('id,name\n1,张三\n'), 'utf-8'))?.zh).toEqual({
      message: '有 1 行不是有效的 UTF-8（已声明 `encoding: utf-8`），第一处在文件第 2 行',
      hint: '文件内容与声明的编码不符：请重新导出为 UTF-8；如果文件是 GBK/GB18030 编码，请声明 `encoding: gb18030`',
    });
    expect((await problemOf(Buffer.from('id,name\n1,张三\n'), 'gb18030'))?.zh).toEqual({
      message:
        '文件是 UTF-8 编码，不是 GB18030/GBK（已声明 `encoding: gb18030`）：文件第 2 行是 UTF-8 编码的中文，按 GB18030 读取会发布成乱码',
      hint: '请声明 `encoding: utf-8`（或改用默认值 `auto`）',
    });
    expect((await problemOf(Buffer.concat([gbk('id,name\n1,张三\n'), Buffer.from('2,李四\n')]), 'gbk'))?.zh).toEqual({
      message:
        '文件第 3 行是 UTF-8 编码的中文，而文件第 2 行是 GBK/GB18030 编码：文件混用了两种编码（已声明 `encoding: gbk`），UTF-8 的各行会发布成乱码',
      hint: expect.stringContaining('请把各部分转成同一种编码'),
    });
    expect((await problemOf(Buffer.from('id,name\n1,Café\n'), 'gbk'))?.zh.message).toBe(
      '文件全部是有效的 UTF-8，不是 GB18030/GBK（已声明 `encoding: gbk`）：其中的非 ASCII 文字（第一处在文件第 2 行）按 GB18030 读取会发布成乱码',
    );
    const broken = Buffer.concat([Buffer.from('id,name\n1,'), Buffer.from([0x81, 0x30]), Buffer.from('\n')]);
    expect((await problemOf(broken, 'gb18030'))?.zh).toEqual({
      message: '有 1 处字节不是有效的 GB18030（第一处在文件第 2 行）',
      hint: '请检查导出时选的编码：如果文件是 UTF-8，请声明 `encoding: utf-8`；否则请修复损坏的字节',
    });
  });
});

describe('otherFormatOf in Chinese', () => {
  const HEADS: Record<FileKind | 'text', Buffer> = {
    zip: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    xls: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    parquet: Buffer.from('PAR1'),
    pdf: Buffer.from('%PDF-1.4'),
    html: Buffer.from('<!DOCTYPE html><html>'),
    'excel-xml': Buffer.from('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'),
    gzip: Buffer.from([0x1f, 0x8b]),
    utf16: Buffer.from([0xff, 0xfe]),
    text: Buffer.from('编号,名称\n'),
  };

  it('says in Chinese what every kind of file is, against every declared format', () => {
    let said = 0;
    for (const [kind, head] of Object.entries(HEADS)) {
      for (const declared of SOURCE_FORMATS) {
        const other = otherFormatOf(head, declared);
        if (!other) continue;
        said++;
        expect(other.zh.message, `${kind} as ${declared}`).toMatch(
          new RegExp(`^这个文件实际是.*${CJK.source}.*，不是 \`format: ${declared}\` 声明的 `),
        );
        expect(other.zh.hint, `${kind} as ${declared}`).toMatch(CJK);
      }
    }
    expect(said).toBeGreaterThan(30);
    expect(otherFormatOf(HEADS.pdf, 'ndjson')?.zh).toEqual({
      message: '这个文件实际是一份 PDF 文档，不是数据文件，不是 `format: ndjson` 声明的 NDJSON 文件',
      hint: '请从源系统导出数据本身（CSV UTF-8 或 XLSX），而不是打印用的报表',
    });
    expect(otherFormatOf(Buffer.from('[{"a":1}]'), 'parquet')?.zh.hint).toBe('请声明 `format: json`');
  });
});

describe('ndjsonLineProblem in Chinese', () => {
  it.each([
    ['{"a": "x', '这一行提前结束了，字符串没有闭合'],
    ['{"a": {"b": 1}', '这一行提前结束了，对象没有闭合'],
    ['{a: 1}', '有一个键没有加双引号'],
    ["{'a': 'x'}", '这一行用了单引号（JSON 要用双引号）'],
    ['{"a": 1} {"a": 2}', '对象结尾的“}”之后还有内容（一行里写了两个对象？）'],
    ['[1, 2]', '它是一个数组，不是对象'],
    ['[{"a": 1},', '这一行以“[”开头（是 JSON 数组，不是对象）'],
    ['"text"', '它是一个字符串，不是对象'],
    ['null', '它是 null，不是对象'],
    ['12', '它是一个数字，不是对象'],
    ['id,name', '这一行以“i”开头，而不是“{”'],
    ['  {"a": 1 "b": 2}', '这一行第 11 个字符处出现了不该有的字符'],
  ])('names %s', (line, what) => {
    const problem = ndjsonLineProblem(line);
    expect(problem?.zh.message).toBe(what);
    expect(problem?.zh.hint).toMatch(CJK);
  });

  it('points a JSON array to `format: json` in Chinese too', () => {
    expect(ndjsonLineProblem('[{"a": 1},')?.zh.hint).toBe(
      '如果整个文件是一个由对象组成的 JSON 数组，它就是 JSON 格式：请声明 `format: json`',
    );
  });
});

describe('boundedWorkbook in Chinese', () => {
  const parts = partsOf(buildXlsx([{ name: 'S', rows: [['id'], [1]] }]));
  const refusalOf = async (bytes: Uint8Array | string) => {
    const workbook = await boundedWorkbook(await file(`w${Math.random()}.xlsx`, bytes));
    if (workbook.ok) throw new Error('the workbook was read');
    return workbook;
  };

  it('says why a workbook is not read, with its sizes, in Chinese', async () => {
    expect((await refusalOf('PK\x03\x04 not really a zip')).zh).toEqual({
      message: '它不是完整的 zip 压缩包（.xlsx 工作簿就是一个 zip 压缩包）',
      hint: '工作簿里的内容远多于数据本身，或者它不是电子表格软件生成的：请在电子表格软件中打开，只保留数据所在的工作表，另存为 .xlsx；或者导出为 CSV',
    });
    const pad = (name: string, mb: number) => ({ ...deflatedPart(name, strToU8('<pad/>')), size: mb * 1024 ** 2 });
    expect((await refusalOf(rawZip([...parts, pad('xl/pad.xml', 600)]))).zh.message).toBe(
      '其中的部件 xl/pad.xml 解压后有 600 MB，超过了一个工作簿最多允许的 512 MB',
    );
    expect((await refusalOf(rawZip([...parts, pad('xl/a.xml', 200), pad('xl/b.xml', 320)]))).zh.message).toBe(
      '它的各个部件解压后共 520 MB（最大的是 xl/b.xml，320 MB），超过了一个工作簿最多允许的 512 MB',
    );
    expect((await refusalOf(rawZip([...parts, { ...deflatedPart('xl/x.xml', strToU8('<x/>')), size: 2 }]))).zh).toEqual(
      {
        message: '其中的部件 xl/x.xml 解压后超过了它声明的 2 字节',
        hint: expect.stringContaining('另存为 .xlsx'),
      },
    );
    const text = await refusalOf('编号,名称\n1,甲\n');
    expect(text.zh.message).toMatch(/^这个文件实际是一个文本文件.*`format: xlsx`/);
  });
});

describe('lostValueIssues in Chinese', () => {
  const field = (name: string, extra: Partial<FieldSpec> = {}) => ({ name, type: 'number', ...extra }) as FieldSpec;
  const place = { file: 'd.xlsx', sheet: '明细', headerRow: 1 };

  it('names the sheet, the range or cell, its sheet rows and field', () => {
    const issues = lostValueIssues(
      {
        merges: [
          {
            ref: 'C3:E3',
            top: 3,
            bottom: 3,
            firstDataRow: 3,
            column: 4,
            field: field('违法所得'),
            dataRows: 1,
            fields: [field('罚款金额'), field('违法所得'), field('合计')],
          },
        ],
        cells: [
          {
            ref: 'E4',
            row: 4,
            column: 5,
            field: field('合计', { grade: 'internal' }),
            kind: 'formula',
            formula: 'C4+D4',
          },
          { ref: 'E5', row: 5, column: 5, field: field('合计'), kind: 'error', error: '#FOO!' },
        ],
      },
      place,
      [],
    );
    expect(issues.map((i) => i.zh?.message)).toEqual([
      '工作表“明细”：单元格 C3:E3（工作表第 3 行）是合并单元格；合并区域只在第一个单元格（C3）中保存值，所以字段“违法所得”中被合并的其他单元格会按空值发布',
      '工作表“明细”第 4 行的单元格 E4：公式在文件中没有保存计算结果（生成这个工作簿的程序没有计算它），所以该单元格会按空值发布',
      '工作表“明细”第 5 行的单元格 E5：单元格里是错误值 #FOO!，不是一个值；它会按空值发布',
    ]);
    for (const i of issues) expect(i.zh?.hint).toMatch(CJK);
  });
});
