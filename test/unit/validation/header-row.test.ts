import { describe, expect, it } from 'vitest';
import { isNoteRow, isTotalsRow, titleRowIssue } from '../../../functions/core/validation/header-row.ts';

const FIELDS = ['区县', '人口', '面积'];
const at = { file: 'd.xlsx', headerRow: 1, unit: 'row' as const };

describe('titleRowIssue', () => {
  it('finds the header below a title, a blank and a unit row', () => {
    const rows = [
      ['2024年各区县人口统计表', '', ''],
      [],
      ['单位：人', '', ''],
      ['区县', '人口', '面积'],
      ['东城区', '1', '2'],
    ];
    expect(titleRowIssue(rows, FIELDS, at)).toMatchObject({
      type: 'header/title-row',
      message: 'row 1 looks like a title ("2024年各区县人口统计表"): the column names are in row 4',
      hint: expect.stringContaining('`source.headerRow: 4`'),
    });
  });

  it('counts from a declared headerRow that is still too high', () => {
    const rows = [['单位：人'], ['区县', '人口', '面积']];
    expect(titleRowIssue(rows, FIELDS, { ...at, headerRow: 2 })?.hint).toContain('`source.headerRow: 3`');
  });

  it('says nothing about a header that holds the declared names, even with some wrong', () => {
    expect(
      titleRowIssue(
        [
          ['区县', '人口', '面'],
          ['区县', '人口', '面积'],
        ],
        FIELDS,
        at,
      ),
    ).toBeNull();
    expect(
      titleRowIssue(
        [
          ['区县', '人口'],
          ['a', '1'],
        ],
        FIELDS,
        at,
      ),
    ).toBeNull();
  });

  it('names a single-cell first row over a wider table when no row holds the declared names', () => {
    const issue = titleRowIssue([['人口统计'], ['县', '人数', '平方公里'], ['a', '1', '2']], FIELDS, at);
    expect(issue?.message).toContain('row 1 looks like a title ("人口统计") over a table 3 columns wide');
    expect(issue?.hint).toContain('`source.headerRow: 2`');
  });

  it('does not call a one-column header a title', () => {
    expect(titleRowIssue([['名称'], ['a'], ['b']], ['name'], at)).toBeNull();
  });

  it('masks personal data in a title it quotes', () => {
    const issue = titleRowIssue([['联系 13812345678'], ['区县', '人口', '面积']], FIELDS, at);
    expect(issue?.message).not.toContain('13812345678');
  });
});

describe('isNoteRow', () => {
  it.each([
    ['注：统计口径为常住人口'],
    ['注1：…'],
    ['数据来源：区统计局'],
    ['资料来源: 年鉴'],
    ['Source: NBS'],
    ['说明：'],
    ['制表人：张三'],
    ['填报单位：示例市民政局'],
    ['审核：李四'],
    ['\u3000注：全角空格开头'],
  ])('takes %s alone in its row as a note', (text) => expect(isNoteRow([text, '', ''])).toBe(true));

  it('does not take data for a note', () => {
    expect(isNoteRow(['注册资本', '100'])).toBe(false);
    expect(isNoteRow(['注：x', '1'])).toBe(false);
    expect(isNoteRow(['东城区'])).toBe(false);
    expect(isNoteRow(['制表厂'])).toBe(false);
  });

  it('is the same pattern DuckDB applies in the staging pass (RE2, case-insensitive)', async () => {
    const { openDuckDb } = await import('../../../functions/adapters/duckdb/duckdb.ts');
    const { NOTE_PATTERN } = await import('../../../functions/core/validation/header-row.ts');
    const db = await openDuckDb();
    try {
      const texts = ['注：x', '制表人：张三', '\u3000数据来源：局', 'SOURCE: NBS', '注册资本', '东城区', '制表厂'];
      for (const t of texts) {
        const [r] = await db.rows<{ m: boolean }>("SELECT regexp_matches(?, ?, 'i') AS m", [t, NOTE_PATTERN]);
        expect(r?.m, t).toBe(isNoteRow([t]));
      }
    } finally {
      db.close();
    }
  });
});

describe('isTotalsRow', () => {
  it.each([
    [['合计', '', '', '32652', '39', '']],
    [['总计', '100']],
    [['小计', '', '50']],
    [['共计', '7']],
    [['总计：', '7']],
    [['合 计', '7']],
    [['合\u3000计', '7']],
    [['全市合计', '7']],
    [['全区合计', '7']],
    [['东城区小计', '7']],
    [['Total', '7']],
    [['TOTALS', '7']],
    [['Grand total', '7']],
    [['Subtotal:', '7']],
    [['sub-total', '7']],
    [['合计', '全市', '7']],
    [['', '合计', '', '32,652', '—', '12.5%']],
  ])('takes %j for a totals row', (cells) => expect(isTotalsRow(cells)).toBe(true));

  it('does not take data for a totals row', () => {
    expect(isTotalsRow(['A1', '合计', '500'])).toBe(false);
    expect(isTotalsRow(['', '合计', '东城区', '300'])).toBe(false);
    expect(isTotalsRow(['合计金额', '7'])).toBe(false);
    expect(isTotalsRow(['统计', '7'])).toBe(false);
    expect(isTotalsRow(['会计', '7'])).toBe(false);
    expect(isTotalsRow(['totally', '7'])).toBe(false);
    expect(isTotalsRow(['SC2025001', '示例公司', '合计'])).toBe(false);
    expect(isTotalsRow(['', '', ''])).toBe(false);
  });

  it('is the same pattern DuckDB applies in the row passes (RE2, case-insensitive)', async () => {
    const { openDuckDb } = await import('../../../functions/adapters/duckdb/duckdb.ts');
    const { TOTALS_AFTER_BLANK_PATTERN, totalsLabelSql } = await import(
      '../../../functions/core/validation/header-row.ts'
    );
    const db = await openDuckDb();
    try {
      const texts = [
        '合计',
        ' 合 计： ',
        '全市合计',
        '东城区小计',
        'GRAND TOTAL',
        'Sub-total',
        '合计金额',
        '统计',
        'totally',
      ];
      for (const t of texts) {
        const [r] = await db.rows<{ m: boolean }>(`SELECT ${totalsLabelSql('t')} AS m FROM (SELECT ?::VARCHAR AS t)`, [
          t,
        ]);
        expect(r?.m, t).toBe(isTotalsRow([t]));
      }
      // The cells after an empty first cell, joined as the row pass joins them.
      const rows = [
        ['', '合计', '', '32,652', '—'],
        ['', '合计', '东城区', '300'],
        ['', '', 'Total', '7'],
      ];
      for (const cells of rows) {
        const joined = cells.slice(1).filter((c) => c !== '');
        const [r] = await db.rows<{ m: boolean }>("SELECT regexp_matches(concat_ws(chr(31), ?, ?, ?), ?, 'i') AS m", [
          joined[0] ?? null,
          joined[1] ?? null,
          joined[2] ?? null,
          TOTALS_AFTER_BLANK_PATTERN,
        ]);
        expect(r?.m, cells.join(',')).toBe(isTotalsRow(cells));
      }
    } finally {
      db.close();
    }
  });
});
