/**
 * What a validation report says of the cells it refuses, through the real processor: personal data in
 * a public field's cell is masked wherever an issue echoes it (the report is stored with the release),
 * and a date column mixing two styles is named as such.
 */
import { describe, expect, it } from 'vitest';
import { type FieldInput, manifestOf, runGate } from '../fixtures/gate/harness.ts';

const FOOD: FieldInput[] = [
  { name: '抽检编号', type: 'string', constraints: { required: true, unique: true } },
  { name: '抽检日期', type: 'date', format: '%Y/%m/%d' },
  { name: '抽检数量', type: 'integer' },
  { name: '检测结果', type: 'string', constraints: { enum: ['合格', '不合格'] } },
];

const paths = [
  { name: 'one-pass', stagedPath: true },
  { name: 'detailed', stagedPath: false },
] as const;

async function run(csv: string, stagedPath: boolean) {
  const r = await runGate(manifestOf(FOOD), { 'data.csv': csv }, { processor: { stagedPath } });
  await r.cleanup();
  return r.result;
}

describe('personal data in the cells a report echoes', () => {
  it.each(paths)(
    'masks an ID number in a date field, a phone number in a count and a name with a phone in a result ($name)',
    async ({ stagedPath }) => {
      const csv = [
        '抽检编号,抽检日期,抽检数量,检测结果',
        'SC1,2025/5/5,1736,合格',
        'SC2,2025/6/9,138-1234-5678,合格',
        'SC3,110101199003074514,478,不合格',
        'SC4,2025/6/1,12,张三13900001111',
        '',
      ].join('\n');
      const r = await run(csv, stagedPath);
      expect(r.report.valid).toBe(false);
      expect(r.output).toBeUndefined();
      const seen = r.report.issues.map((i) => [i.type, i.row, i.line, i.field, i.value, i.message]);
      expect(seen).toEqual([
        ['cell/type', 3, 4, '抽检日期', '110*************14', '"110*************14" is not a valid date'],
        ['cell/type', 2, 3, '抽检数量', '138********78', '"138********78" is not a valid integer'],
        ['cell/enum', 4, 5, '检测结果', '张三13*******11', '"张三13*******11" is not one of the allowed values'],
      ]);
      const stored = JSON.stringify(r.report);
      for (const raw of ['110101199003074514', '138-1234-5678', '13900001111']) expect(stored).not.toContain(raw);
    },
  );
});

describe('a date column mixing two styles', () => {
  it.each(paths)('says so on each value of the other style, naming both ($name)', async ({ stagedPath }) => {
    const csv = [
      '抽检编号,抽检日期,抽检数量,检测结果',
      'SC1,2025/3/7,1,合格',
      'SC2,2025年3月8日,1,合格',
      'SC3,2025/3/9,1,合格',
      'SC4,2025年3月10日,1,合格',
      '',
    ].join('\n');
    const r = await run(csv, stagedPath);
    expect(r.output).toBeUndefined();
    expect(r.report.issues.map((i) => [i.type, i.row, i.line, i.field, i.hint])).toEqual(
      [2, 4].map((row) => [
        'cell/type',
        row,
        row + 1,
        '抽检日期',
        'this column mixes dates written like 2024/03/05 (as the field\'s `format` says) and like 2024年03月05日 (as this value is): write every date one way, or, if most rows are written like 2024年03月05日, declare `format: "%Y年%m月%d日"` instead and rewrite the others',
      ]),
    );
  });
});
