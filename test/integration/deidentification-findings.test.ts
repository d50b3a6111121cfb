/**
 * The gate's notes on a de-identification record reach the Chinese dataset page in Chinese: a release
 * with every kind of finding (values of an organisation code published as organisation data, a
 * detector's values under a declared exception, a withheld column's values in another column under a
 * declared exception, rows suppressed for k-anonymity) is recorded with the facts of each note, the
 * record's English written from them, and the page's rows (deidRows) in Chinese without an English
 * fragment. The counts are those of the rows published, after suppression.
 */
import { describe, expect, it } from 'vitest';
import type { DeidentificationEntry } from '../../functions/core/catalog/schema.ts';
import { findingsNote } from '../../functions/core/protection/deidentification-finding.ts';
import { deidRows } from '../../site/src/lib/deidentification-text.ts';
import { type FieldInput, manifestOf, runGate } from '../fixtures/gate/harness.ts';
import { USCC_CODES } from '../fixtures/gate/uscc-codes.ts';

const FIELDS: FieldInput[] = [
  { name: '编号', type: 'integer' },
  { name: '区县', type: 'string' },
  { name: '行业', type: 'string' },
  { name: '统一社会信用代码', type: 'string' },
  { name: '联系电话', type: 'string' },
  { name: '负责人', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
  { name: '备注', type: 'string' },
];
const CODES = USCC_CODES;
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴霞'];
/** Rows 1-6 share (东城区, 餐饮); rows 7-10 are alone in theirs (k=5: suppressed). Rows 1, 2 and 8 name their 负责人. */
const CSV = [
  '编号,区县,行业,统一社会信用代码,联系电话,负责人,备注',
  ...CODES.map((c, i) => {
    const where = i < 6 ? '东城区,餐饮' : `区${i},零售`;
    const remark = [0, 1, 7].includes(i) ? `负责人${NAMES[i]}签字确认` : '现场检查合格';
    return `${i + 1},${where},${c},1381234567${i},${NAMES[i]},${remark}`;
  }),
  '',
].join('\n');
const JUSTIFICATION = 'the hotline and the signing officer are printed on every notice in public';

/** Latin words a Chinese row may hold: none but "k" (k-匿名) and a standard's number (GB/T 35273). */
const englishWords = (text: string) => (text.match(/[A-Za-z]+/g) ?? []).filter((w) => !['k', 'GB', 'T'].includes(w));

describe.each([
  ['the staged (fast) path', true],
  ['the detailed path', false],
])('every finding of the gate on the Chinese dataset page (%s)', (_, staged) => {
  it('records each note with its facts and writes the page in Chinese, counting what is published', async () => {
    const manifest = manifestOf(FIELDS, {
      kAnonymity: { quasiIdentifiers: ['区县', '行业'], k: 5, suppress: true },
      piiExceptions: [
        { field: '联系电话', detector: 'mobile-cn', justification: JUSTIFICATION },
        { field: '备注', detector: 'same-row-value', justification: JUSTIFICATION },
      ],
    });
    const run = await runGate(manifest, { 'data.csv': CSV }, { processor: { stagedPath: staged } });
    try {
      const { report, output } = run.result;
      expect(report.issues).toEqual([]);
      expect(output?.rowCount).toBe(6);
      const record = output?.deidentification ?? [];
      const of = (field: string) => record.find((e) => e.field === field) as DeidentificationEntry;
      expect(of('统一社会信用代码').findings).toEqual([
        { kind: 'detector-published', detector: 'uscc', values: 6, basis: 'organisation' },
      ]);
      expect(of('联系电话').findings).toEqual([
        { kind: 'detector-published', detector: 'mobile-cn', values: 6, basis: 'exception' },
      ]);
      expect(of('备注').findings).toEqual([{ kind: 'same-row-value-published', cells: 2, source: '负责人' }]);
      expect(of('区县+行业').findings).toEqual([
        { kind: 'k-anonymity-suppression', rows: 4, of: 10, k: 5, quasiIdentifiers: ['区县', '行业'] },
      ]);
      // The English the record has always carried, written from the facts.
      expect(of('统一社会信用代码').note).toBe(
        '6 Unified social credit code (organisation) value(s) published as organisation data (not personal)',
      );
      expect(of('备注').note).toBe(
        `2 cell(s) hold the same row's value of withheld column "负责人", published under a declared, justified exception`,
      );
      for (const e of record.filter((x) => x.cause !== 'k-anonymity' && x.findings)) {
        expect(e.note).toBe(findingsNote(e.findings ?? [], 'en'));
      }

      const zh = new Map(deidRows({ deidentification: record }, 'zh-CN').map((r) => [r.field, r]));
      expect(zh.get('统一社会信用代码')?.note).toBe('6 个统一社会信用代码作为机构数据（非个人信息）发布');
      expect(zh.get('联系电话')?.note).toBe('6 个手机号码按已声明并说明理由的例外发布');
      expect(zh.get('备注')?.note).toBe('2 个单元格含有同一行不公开列“负责人”的值，按已声明并说明理由的例外发布');
      expect(zh.get('区县+行业')?.note).toBe(
        '10 行中有 4 行（40%）未发布：区县+行业 组合相同的记录少于 5 条（k-匿名删除）',
      );
      for (const r of zh.values()) {
        expect(r.asRecorded).toBe(false);
        expect(englishWords(`${r.action} ${r.reason} ${r.note ?? ''}`)).toEqual([]);
      }
    } finally {
      await run.cleanup();
    }
  });
});
