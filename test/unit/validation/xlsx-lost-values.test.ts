/**
 * The walk of a sheet's XML for the values its reader reads as empty (merged ranges, formulas stored
 * without their value, error values), on the forms spreadsheet writers use: prefixed tags, shared
 * formulas, cached empty results, entities. The gate tests (gate-xlsx-lost-values) cover the report.
 */
import { describe, expect, it } from 'vitest';
import { keySpanned } from '../../../functions/adapters/duckdb/xlsx-lost-value-issues.ts';
import {
  type DataArea,
  hiddenCells,
  lostValues,
  rangeOf,
} from '../../../functions/adapters/duckdb/xlsx-lost-values.ts';
import type { FieldSpec } from '../../../functions/core/manifest/schema.ts';

/** Data in sheet rows 2 to 9, declared fields a, b and c in columns A, B and C. */
const [A, B, C] = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
const AREA: DataArea<{ name: string }> = {
  firstRow: 2,
  lastRow: 9,
  columns: new Map([
    [1, A],
    [2, B],
    [3, C],
  ]),
};
const sheet = (rows: string, after = '') => `<worksheet><sheetData>${rows}</sheetData>${after}</worksheet>`;
/** What the walk finds in a sheet of these rows (and what follows them), at most 10 of each kind. */
const lostIn = (rows: string, after = '') => lostValues(sheet(rows, after), AREA, 10);

describe('lostValues', () => {
  it('finds a formula without a stored value, shared and prefixed ones included, with its text decoded', () => {
    const { cells } = lostIn(
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>IF(A2&gt;1,"优","良")</f></c></row>' +
        '<row r="3"><x:c r="B3"><x:f t="shared" si="0"/></x:c></row>',
    );
    expect(cells).toEqual([
      { ref: 'B2', row: 2, column: 2, field: B, kind: 'formula', formula: 'IF(A2>1,"优","良")' },
      { ref: 'B3', row: 3, column: 2, field: B, kind: 'formula', formula: '' },
    ]);
  });

  it('takes a formula with a stored value, an empty one included (="" stores an empty text)', () => {
    const lost = lostIn(
      '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>A2&amp;""</f><v></v></c>' +
        '<c r="C2" t="inlineStr"><f>X</f><is><t>x</t></is></c></row>',
    );
    expect(lost).toEqual({ merges: [], cells: [] });
  });

  it('finds error values, with or without a formula', () => {
    const { cells } = lostIn(
      '<row r="4"><c r="A4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="B4" t="e"/></row>',
    );
    expect(cells).toEqual([
      { ref: 'A4', row: 4, column: 1, field: A, kind: 'error', error: '#DIV/0!' },
      { ref: 'C4', row: 4, column: 3, field: C, kind: 'error', error: '#N/A' },
    ]);
  });

  it('looks only in the data area, and not in comments', () => {
    const { cells } = lostIn(
      '<row r="1"><c r="A1"><f>TODAY()</f></c></row>' +
        '<row r="2"><c r="D2"><f>A2*2</f></c><!-- <c r="A2"><f>A2</f></c> --></row>' +
        '<row r="10"><c r="A10" t="e"><v>#REF!</v></c></row>',
    );
    expect(cells).toEqual([]);
  });

  it('keeps the merged ranges that hide a data cell, with the first data row and column they hide', () => {
    const merges = [
      'A1:C1', // a title above the header
      'A2:A4', // a district over its rows
      'B5:C5', // across two columns of a row
      'A6', // one cell
      'D2:E9', // columns of no declared field
      'A9:A12', // from the last data row into the notes
      'A10:C12', // the notes
      'A1:A3', // from the header into the data
    ];
    const lost = lostIn('', `<mergeCells>${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`);
    expect(lost.merges).toEqual([
      { ref: 'A2:A4', top: 2, bottom: 4, firstDataRow: 2, column: 1, field: A, dataRows: 3, fields: [A] },
      { ref: 'B5:C5', top: 5, bottom: 5, firstDataRow: 5, column: 3, field: C, dataRows: 1, fields: [B, C] },
      { ref: 'A1:A3', top: 1, bottom: 3, firstDataRow: 2, column: 1, field: A, dataRows: 2, fields: [A] },
    ]);
  });

  it('names every declared cell a range hides, column by column, all but its first cell, in the data rows only', () => {
    const hidden = (ref: string) => {
      const range = rangeOf(ref);
      return range ? hiddenCells(range, AREA).map(({ column, first, last }) => [column, first, last]) : null;
    };
    expect(hidden('A2:A4')).toEqual([[1, 3, 4]]);
    expect(hidden('C5:A5')).toEqual([
      [2, 5, 5],
      [3, 5, 5],
    ]);
    expect(hidden('B1:C3')).toEqual([
      [2, 2, 3],
      [3, 2, 3],
    ]);
    expect(hidden('A8:B12')).toEqual([
      [1, 9, 9],
      [2, 8, 9],
    ]);
    expect(hidden('A6')).toBeNull();
    expect(hidden('D2:E9')).toEqual([]);
    expect(hidden('A10:C12')).toEqual([]);
  });

  it('keeps at most `cap` of each kind', () => {
    const rows = Array.from({ length: 8 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><f>1</f></c></row>`).join('');
    const merges = Array.from({ length: 4 }, (_, i) => `<mergeCell ref="B${2 * i + 2}:B${2 * i + 3}"/>`).join('');
    const lost = lostValues(sheet(rows, `<mergeCells>${merges}</mergeCells>`), AREA, 3);
    expect([lost.cells.length, lost.merges.length]).toEqual([3, 3]);
  });
});

describe('keySpanned: the key a merged range would repeat once filled down', () => {
  const f = (name: string, unique = false) =>
    ({ name, type: 'string', ...(unique ? { constraints: { unique: true } } : {}) }) as FieldSpec;
  const merge = (dataRows: number, fields: FieldSpec[]) => {
    const [field] = fields as [FieldSpec];
    return { ref: 'A2:B4', top: 2, bottom: 4, firstDataRow: 2, column: 1, field, dataRows, fields };
  };

  it('names the primary key when every column of it lies in a range over two or more rows', () => {
    expect(keySpanned(merge(3, [f('id')]), ['id'])).toEqual({ kind: 'primary-key', names: ['id'] });
    expect(keySpanned(merge(2, [f('区县'), f('年份')]), ['区县', '年份'])).toEqual({
      kind: 'primary-key',
      names: ['区县', '年份'],
    });
  });

  it('names a unique field the range spans', () => {
    expect(keySpanned(merge(2, [f('区县'), f('企业名称', true)]), ['id'])).toEqual({
      kind: 'unique',
      names: ['企业名称'],
    });
  });

  it('says nothing for a range within one row, part of a composite key, or columns that may repeat', () => {
    expect(keySpanned(merge(1, [f('id'), f('name', true)]), ['id'])).toBeNull();
    expect(keySpanned(merge(3, [f('区县')]), ['区县', '年份'])).toBeNull();
    expect(keySpanned(merge(3, [f('区县')]), [])).toBeNull();
  });
});
