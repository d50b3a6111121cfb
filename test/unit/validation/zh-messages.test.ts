/**
 * The Chinese message and hint (`zh`) of the issues built by the header, title-row, totals and row
 * checks, and the Chinese twins of the shared hints (typeHintZh, valueHintZh, geopointHintZh,
 * formatHintZh, mixedStylesHintZh, placeNameZh, rowPlaceNameZh): the same facts as the English, in Chinese.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { noteRowIssue } from '../../../functions/adapters/duckdb/blank-and-note-rows.ts';
import { parseManifestYaml } from '../../../functions/core/manifest/parse.ts';
import type { FieldSpec } from '../../../functions/core/manifest/schema.ts';
import { FIELD_TYPES } from '../../../functions/core/manifest/vocabulary.ts';
import { typeHint, typeHintZh } from '../../../functions/core/validation/cast-sql.ts';
import { checkHeader } from '../../../functions/core/validation/check-header.ts';
import { type EarlierRow, type RowCheck, rowChecks } from '../../../functions/core/validation/checks-sql.ts';
import {
  formatHint,
  formatHintZh,
  mixedStylesHint,
  mixedStylesHintZh,
} from '../../../functions/core/validation/date-format-hint.ts';
import { geopointHint, geopointHintZh } from '../../../functions/core/validation/geopoint-hint.ts';
import { titleRowIssue, totalsRowIssue } from '../../../functions/core/validation/header-row.ts';
import {
  placeName,
  placeNameZh,
  type RowPlace,
  rowPlaceName,
  rowPlaceNameZh,
} from '../../../functions/core/validation/source-rows.ts';
import { valueHint, valueHintZh } from '../../../functions/core/validation/value-hint.ts';
import { manifestOf } from '../../fixtures/gate/harness.ts';
import { CJK, expectChinese, ROW_CHECK_TYPES } from '../../support/chinese-text.ts';
import { fixtureManifest } from '../../support/release-fixtures.ts';

/** A manifest with every row check: each type, each constraint, a primary key and a date-shift key. */
const manifest = manifestOf(
  [
    { name: '编号', type: 'string' },
    { name: '年份', type: 'year' },
    { name: '年龄', type: 'integer', constraints: { required: true, minimum: 0, maximum: 120 } },
    { name: '区县', type: 'string', constraints: { enum: ['东城区', '西城区'], unique: true } },
    { name: '邮编', type: 'string', constraints: { pattern: '[0-9]{6}', maxLength: 6 } },
    { name: '病例号', type: 'string' },
    {
      name: '就诊日期',
      type: 'date',
      grade: 'sensitive',
      treatment: { kind: 'date-shift', maxDays: 30, keyField: '病例号' },
    },
    ...FIELD_TYPES.filter((t) => t !== 'string' && t !== 'date').map((type) => ({ name: `f_${type}`, type })),
  ],
  { primaryKey: ['编号', '年份'] },
);
const checks = rowChecks(manifest);
const check = (type: RowCheck['type'], field?: string) =>
  checks.find((c) => c.type === type && (field === undefined || c.field.name === field)) as RowCheck;

describe('row checks in Chinese', () => {
  it('gives every check a Chinese message (from the same arguments) and hint', () => {
    expect(new Set(checks.map((c) => c.type))).toEqual(new Set(ROW_CHECK_TYPES));
    for (const c of checks) {
      expect(c.zh.message('x', 3, { file: '', row: 1 }), c.type).toMatch(CJK);
      expect(c.zh.hint, c.type).toMatch(CJK);
    }
  });

  it('says what is wrong with the same value, field and limits as the English', () => {
    const type = check('cell/type', '年龄');
    expect(type.zh.message('1.5', 3)).toBe('“1.5”不是有效的整数');
    expect(type.zh.hint).toBe(`请填写${typeHintZh({ type: 'integer' })}`);
    expect(check('cell/required', '年龄').zh.message('', 0)).toBe('字段“年龄”必须有值，这里是空的');
    expect(check('cell/required', '年龄').zh.hint).toContain('`required`');
    expect(check('cell/required', '编号').zh.hint).toBe('主键字段在每一行都必须有值');
    expect(check('cell/enum').zh.message('朝阳区', 3)).toBe('“朝阳区”不在允许的取值中');
    expect(check('cell/enum').zh.hint).toBe('请使用以下取值之一：东城区、西城区');
    expect(check('cell/minimum').zh.message('-1', 2)).toBe('-1 小于最小值 0');
    expect(check('cell/minimum').zh.hint).toContain('字段“年龄”的值必须大于或等于 0');
    expect(check('cell/maximum').zh.message('130', 3)).toBe('130 大于最大值 120');
    expect(check('cell/maximum').zh.hint).toContain('小于或等于 120');
    expect(check('cell/pattern').zh.message('10001', 5)).toBe('“10001”不符合格式（正则表达式）[0-9]{6}');
    expect(check('cell/pattern').zh.hint).toContain('RE2');
    expect(check('cell/max-length').zh.message('1000010', 7)).toBe('值的长度为 7 个字符，超过了最大长度 6');
    expect(check('cell/max-length').zh.hint).toContain('`maxLength`');
  });

  it('names the earlier row a repeated value or key is in, with its line and file', () => {
    const unique = check('cell/unique');
    const earlier = { file: '', row: 2, place: { unit: 'line', n: 3 } } as const;
    expect(unique.message('东城区', 6, earlier)).toBe('"东城区" appears in an earlier row too: row 2 (line 3)');
    expect(unique.zh.message('东城区', 6, earlier)).toBe('“东城区”在前面的行中已经出现过：第 2 行（文件第 3 行）');
    expect(unique.zh.message('东城区', 6)).toBe('“东城区”在前面的行中已经出现过');
    expect(unique.zh.hint).toBe('字段“区县”的值必须唯一：请删除重复的行，或去掉 `unique`');
    const key = check('row/primary-key');
    const sheet = { file: 'a.csv', row: 3, place: { unit: 'sheet row', n: 5 } } as const;
    expect(key.message('', 0, sheet)).toBe('primary key (编号, 年份) repeats row 3 of a.csv (sheet row 5)');
    expect(key.zh.message('', 0, sheet)).toBe('主键（编号、年份）与前面的行重复：a.csv 的第 3 行（工作表第 5 行）');
    expect(key.zh.message('', 0, { file: '', row: 3 })).toBe('主键（编号、年份）与前面的行重复：第 3 行');
    expect(key.zh.message('', 0)).toBe('主键（编号、年份）与前面的行重复');
  });

  it('says a date cannot be shifted without its key, naming both fields', () => {
    const shift = checks.find((c) => c.type === 'cell/required' && c.field.name === '病例号') as RowCheck;
    expect(shift.zh.message('', 0)).toContain('字段“病例号”是空的，但字段“就诊日期”有日期');
    expect(shift.zh.hint).toContain('`required`');
  });

  it('tells a sheet clerk to enter a date as a date', () => {
    const sheet = manifestOf([{ name: '日期', type: 'date', format: '%Y/%m/%d' }], {
      source: { files: [{ path: 'd.xlsx' }], format: 'xlsx' },
    });
    const hint = rowChecks(sheet)[0]?.zh.hint;
    expect(hint).toMatch(/^该单元格在工作表中是文本（或普通数字），不是 Excel 日期.*请把它录入为日期，或者填写/);
    expect(hint).toContain('2024/03/05');
  });
});

describe('typeHintZh', () => {
  it('describes every type in Chinese, with the examples of the English', () => {
    for (const type of FIELD_TYPES) {
      const zh = typeHintZh({ type });
      expect(zh, type).toMatch(CJK);
      for (const example of typeHint({ type }).match(/-?\d[\d.:T+-]*\d/g) ?? []) expect(zh, type).toContain(example);
    }
    expect(typeHintZh({ type: 'date', format: '%Y/%m/%d' })).toBe('按字段的 `format` 书写的日期，如 2024/03/05');
    expect(typeHintZh({ type: 'date', format: '%Y %Q' })).toBe('格式为 %Y %Q 的日期');
  });
});

describe('valueHintZh', () => {
  const csv = { format: 'csv' as const };
  const cases: [string, Pick<FieldSpec, 'type' | 'format'>, { format: 'csv' | 'xlsx' }][] = [
    ['-', { type: 'number' }, csv],
    [' 无 ', { type: 'date' }, { format: 'xlsx' }],
    ['1,234.50', { type: 'number' }, csv],
    ['８５６', { type: 'number' }, csv],
    ['￥1,234.50', { type: 'number' }, csv],
    ['2100元', { type: 'integer' }, csv],
    ['1,5', { type: 'number' }, csv],
    ['abc', { type: 'number' }, csv],
    ['2024-04-01 00:00:00', { type: 'date' }, csv],
    ['2025年3月7日', { type: 'date', format: '%Y/%m/%d' }, csv],
    ['07/03/2025', { type: 'date', format: '%Y-%m-%d' }, csv],
    ['2025年3月7日', { type: 'date', format: '%Y/%m/%d' }, { format: 'xlsx' }],
    ['116.4,39.9', { type: 'geopoint' }, csv],
    ['39.9,116.4', { type: 'geopoint' }, csv],
  ];

  it('has a Chinese hint exactly when there is an English one', () => {
    for (const [value, field, source] of cases) {
      const en = valueHint(value, field, source, 'write a number', false);
      const zh = valueHintZh(value, field, source, '请填写数值', false);
      expect(zh === undefined, value).toBe(en === undefined);
      if (zh !== undefined) expect(zh, value).toMatch(CJK);
    }
  });

  it('keeps the marker, the numbers and the examples of the English', () => {
    const zh = (value: string, field: Pick<FieldSpec, 'type' | 'format'> = { type: 'number' }) =>
      valueHintZh(value, field, csv, '请填写数值');
    expect(zh('-')).toBe(
      '如果“-”表示“没有值”，请在 dataset.yaml 中声明 `source.missingValues: ["-"]`（这样的单元格将按空值发布）；否则请填写数值',
    );
    expect(zh('￥1,234.50')).toBe(
      '请去掉货币符号或单位（￥、元、%：单位请写在字段的标题或说明中）；去掉千位分隔符（1,234.50 → 1234.50）：用普通数字格式（只含数字和小数点）重新导出这一列即可',
    );
    expect(zh('2024/4/1 8:30', { type: 'date', format: '%Y/%m/%d' })).toContain('只导出日期（2024/03/05）');
    expect(zh('2025年3月7日', { type: 'date', format: '%Y/%m/%d' })).toBe(
      '这一列的日期写法不统一，有的写成 2024/03/05（与字段的 `format` 一致），有的写成 2024年03月05日（如这个值）：请把所有日期统一成一种写法；如果大多数行写成 2024年03月05日，也可以改为声明 `format: "%Y年%m月%d日"`，再改写其余的行',
    );
    expect(zh('07/03/2025', { type: 'date', format: '%Y-%m-%d' })).toContain('日在前还是月在前');
  });
});

describe('the other shared hints in Chinese', () => {
  it('geopointHintZh: the swapped pair, or none of a masked value', () => {
    expect(geopointHintZh('116.4,39.9', { type: 'geopoint' }, false)).toBe(
      '看起来先写了经度（116.4,39.9）：请先写纬度，写成 39.9,116.4',
    );
    const masked = geopointHintZh('116.4,39.9', { type: 'geopoint' }, true);
    expect(masked).toContain('先写纬度');
    expect(masked).not.toMatch(/116|39/);
    expect(geopointHintZh('39.9,116.4', { type: 'geopoint' }, false)).toBe(
      geopointHint('39.9,116.4', { type: 'geopoint' }, false),
    );
  });

  it('formatHintZh and mixedStylesHintZh: the same formats, nothing when the English says nothing', () => {
    expect(formatHintZh(['%Y/%m/%d'])).toBe('；如果整列都是这样写的，在字段上设置 `format: "%Y/%m/%d"` 就能读取这个值');
    expect(formatHintZh(['%d/%m/%Y', '%m/%d/%Y'])).toContain(
      '`format: "%d/%m/%Y"` 或 `format: "%m/%d/%Y"` 就能读取这个值（日在前还是月在前',
    );
    expect(formatHintZh([])).toBe(formatHint([]));
    expect(mixedStylesHintZh({ format: '%Y/%m/%d' }, [])).toBe(mixedStylesHint({ format: '%Y/%m/%d' }, []));
  });

  it('placeNameZh and rowPlaceNameZh word a line, a sheet row and a data row from numbers, as the English does', () => {
    expect([placeName('line', 7), placeNameZh('line', 7)]).toEqual(['line 7', '文件第 7 行']);
    expect([placeName('sheet row', 9), placeNameZh('sheet row', 9)]).toEqual(['sheet row 9', '工作表第 9 行']);
    const line = { unit: 'line', n: 7 } as const;
    expect([rowPlaceName(5, line), rowPlaceNameZh(5, line)]).toEqual(['line 7', '文件第 7 行']);
    const sheet = { unit: 'sheet row', n: 9 } as const;
    expect([rowPlaceName(8, sheet), rowPlaceNameZh(8, sheet)]).toEqual(['sheet row 9', '工作表第 9 行']);
    expect([rowPlaceName(12, undefined), rowPlaceNameZh(12, undefined)]).toEqual(['row 12', '第 12 行']);
  });
});

describe('header, title and totals issues in Chinese', () => {
  const fixture = parseManifestYaml(fixtureManifest(), 'dataset.yaml');

  it('gives every header issue a Chinese message and hint', () => {
    const inputs: string[][] = [
      ['station', 'Pm25', 'station'],
      [' station', 'pm25'],
      ['station', 'pm25', 'extra'],
      ['1', '李四', '110101197102150018', '13886397250'],
      Array.from({ length: 5000 }, (_, i) => `c${i}`),
    ];
    for (const columns of inputs) expectChinese(checkHeader(columns, fixture, 'data.csv'));
  });

  it('names the columns, the fields and the header found as the English does', () => {
    const [extra, duplicate, missing] = checkHeader(['station', 'Pm25', 'station'], fixture, 'data.csv');
    expect(extra?.zh?.message).toBe('列“Pm25”在文件中，但没有在 `dataset.yaml`（数据集清单）中声明');
    expect(extra?.zh?.hint).toContain('它和已声明的字段“pm25”相比，只有字母大小写不同');
    expect(duplicate?.zh?.message).toBe('列“station”在表头中出现了不止一次');
    expect(missing?.zh?.message).toBe('已声明的字段“pm25”不在文件的表头中');
    expect(missing?.zh?.hint).toContain('表头中有 "Pm25"');
    expect(missing?.zh?.hint).toContain('（文件中的表头：station、Pm25、station）');
    const wide = checkHeader(
      Array.from({ length: 5000 }, (_, i) => `c${i}`),
      fixture,
      'data.csv',
    );
    expect(wide[0]?.zh?.message).toBe('表头有 5000 列，而一个数据源最多只能有 4096 列');
  });

  it('masks a header that is really a data row in the Chinese text too', () => {
    const issues = checkHeader(['1', '李四', '110101197102150018'], fixture, 'people.csv');
    const text = JSON.stringify(issues.map((i) => i.zh));
    expect(text).not.toContain('110101197102150018');
    expect(text).not.toContain('李四');
    for (const i of issues) expect(i.zh?.hint).toContain('请导出带表头行的文件');
  });

  it('names the title row and the headerRow to declare', () => {
    const fields = ['区县', '人口', '面积'];
    const sheet = { file: 'd.xlsx', headerRow: 1, unit: 'row' as const };
    const titled = titleRowIssue([['2024年各区县人口统计表'], [], ['区县', '人口', '面积']], fields, sheet);
    expect(titled?.zh).toEqual({
      message: '第 1 行看起来是标题（“2024年各区县人口统计表”）：列名在第 3 行',
      hint: '请在 dataset.yaml 中设置 `source.headerRow: 3`，跳过表头上方的各行（或从导出文件中删除这些行）',
    });
    const csv = { file: 'd.csv', headerRow: 1, unit: 'line' as const };
    const over = titleRowIssue([['人口统计'], ['县', '人数', '平方公里'], ['a', '1', '2']], fields, csv);
    expect(over?.zh?.message).toBe('文件第 1 行看起来是标题（“人口统计”），下方是一个有 3 列的表格：这一行不是表头');
    expect(over?.zh?.hint).toContain('如果文件第 2 行是列名');
    expect(over?.zh?.hint).toContain('`source.headerRow: 2`');
    const empty = titleRowIssue([[], ['区县', '人口', '面积']], fields, csv);
    expect(empty?.zh?.message).toBe('文件第 1 行是空的：列名在文件第 2 行');
    expectChinese([titled, over, empty]);
  });

  it('names a totals row by its place and label', () => {
    const csv = totalsRowIssue('d.csv', 4, { unit: 'line', n: 6 }, ' 合计 ');
    expect(csv.zh).toEqual({
      message: '文件第 6 行是合计行（“合计”），不是数据行：如果发布，它会被重复计入每一次求和',
      hint: '请从导出文件中删除合计行：合计数可以由明细数据计算得出',
    });
    expect(csv.message).toBe(
      'line 6 is a totals row ("合计"), not a data row: published, it would be counted in every sum',
    );
    expect(csv).toMatchObject({ type: 'row/totals', file: 'd.csv', row: 4, line: 6 });
    const sheet = totalsRowIssue('d.xlsx', 3, { unit: 'sheet row', n: 4 }, '全市合计');
    expect(sheet.message).toMatch(/^sheet row 4 is a totals row \("全市合计"\)/);
    expect(sheet.zh?.message).toMatch(/^工作表第 4 行是合计行（“全市合计”）/);
    expect(sheet).toMatchObject({ row: 3, sheetRow: 4 });
    const json = totalsRowIssue('d.json', 3, undefined, 'Total');
    expect(json.message).toMatch(/^row 3 is a totals row/);
    expect(json.zh?.message).toMatch(/^第 3 行是合计行/);
    expect(json).not.toHaveProperty('line');
    expect(json).not.toHaveProperty('sheetRow');
  });

  it('names a note row by its place, and takes places as numbers, never as English text', () => {
    const note = noteRowIssue('d.csv', 9, { unit: 'line', n: 12 });
    expect(note).toMatchObject({ type: 'row/footer', row: 9, line: 12, message: 'line 12 is a note, not a data row' });
    expect(note.zh?.message).toBe('文件第 12 行是备注，不是数据行');
    expect(noteRowIssue('d.xlsx', 9, { unit: 'sheet row', n: 11 }).zh?.message).toBe(
      '工作表第 11 行是备注，不是数据行',
    );
    expect(noteRowIssue('d.csv', 9, undefined).zh?.message).toBe('第 9 行是备注，不是数据行');
    // The builders that word a place in both languages are given it structured: a string is refused.
    expectTypeOf(totalsRowIssue).parameter(2).toEqualTypeOf<RowPlace | undefined>();
    expectTypeOf(noteRowIssue).parameter(2).toEqualTypeOf<RowPlace | undefined>();
    expectTypeOf<NonNullable<EarlierRow['place']>>().toEqualTypeOf<RowPlace>();
  });
});
