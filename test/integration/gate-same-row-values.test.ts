/**
 * A withheld column's value published in another column of its own row (the name of a dropped 负责人
 * in the remarks, the last six characters of a dropped resident ID): refused as `pii/residual` with the
 * detector `same-row-value` on both staging paths, whatever the treatment of the withheld column; never
 * the value itself in the report; a declared exception lets it through; short values and values of
 * another row are not looked for.
 */
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../functions/core/validation/report.ts';
import { type FieldInput, issuesOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';

const JUSTIFICATION = 'the remarks name the signing officer, who signs every notice in public';
const sameRow = (issues: readonly ValidationIssue[]) =>
  issues.filter((i) => i.type === 'pii/residual' && i.hint.includes('"same-row-value"'));

async function run(
  fields: FieldInput[],
  csv: string,
  stagedPath: boolean,
  extra: Parameters<typeof manifestOf>[1] = {},
) {
  const r = await runGate(manifestOf(fields, extra), { 'data.csv': csv }, { processor: { stagedPath } });
  await r.cleanup();
  return r.result;
}

const CROSS_LEAK: FieldInput[] = [
  { name: '编号', type: 'integer' },
  { name: '负责人', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
  { name: '身份证号', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
  { name: '区县', type: 'string' },
  { name: '备注', type: 'string' },
];
const CROSS_LEAK_CSV = [
  '编号,负责人,身份证号,区县,备注',
  '1,张伟,110101199003074514,东城区,已由负责人张伟签字确认',
  '2,王芳,11010519491231002X,西城区,王芳（身份证后六位31002X）现场陪同',
  '3,李娜,110101197001010016,朝阳区,现场检查合格',
].join('\n');

describe('same-row values', () => {
  for (const stagedPath of [true, false]) {
    const path = stagedPath ? 'one-pass' : 'detailed';

    it(`refuses dropped names and an ID's last six characters in the remarks of their row (${path} path)`, async () => {
      const r = await run(CROSS_LEAK, CROSS_LEAK_CSV, stagedPath);
      expect(r.report.valid).toBe(false);
      expect(r.output).toBeUndefined();
      const issues = sameRow(r.report.issues);
      expect(issues).toEqual([
        expect.objectContaining({ field: '备注', file: 'data.csv', row: 1, line: 2 }),
        expect.objectContaining({ field: '备注', file: 'data.csv', row: 2, line: 3 }),
      ]);
      expect(issues[0]?.message).toMatch(
        /^2 cell\(s\) of "备注" hold the same row's value of "负责人", which is graded sensitive and dropped: .*; in data rows 1 \(line 2\), 2 \(line 3\)$/,
      );
      expect(issues[1]?.message).toMatch(/^1 cell\(s\) of "备注" hold the same row's value of "身份证号"/);
      expect(issues[1]?.value).toBe('…3****X (its last 6 characters)');
      expect(issues[0]?.zh?.message).toMatch(
        /^字段“备注”中有 2 个单元格含有同一行字段“负责人”的值，而字段“负责人”分级为敏感，已删除：例如 .*；位于第 1 行（文件第 2 行）、第 2 行（文件第 3 行）$/,
      );
      expect(issues[1]?.zh?.message).toContain('例如 …3****X（末 6 位）；位于第 2 行（文件第 3 行）');
      expect(issues[0]?.zh?.hint).toContain('请在 piiExceptions 中为字段“备注”和检测器“same-row-value”声明一条例外');
      // The report never holds the leaked values.
      const report = JSON.stringify(r.report);
      for (const v of ['张伟', '王芳', '31002X', '11010519491231002X']) expect(report).not.toContain(v);
    });

    it(`looks for the values of masked, pseudonymized, redacted and internal columns too (${path} path)`, async () => {
      const fields: FieldInput[] = [
        { name: 'id', type: 'integer' },
        { name: 'contact', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize' } },
        { name: 'address', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 3 } },
        { name: 'staff', type: 'string', grade: 'internal' },
        { name: 'email', type: 'string', grade: 'sensitive', treatment: { kind: 'redact' } },
        { name: 'notes', type: 'string' },
      ];
      const csv = [
        'id,contact,address,staff,email,notes',
        '1,赵敏,北京市东城区和平里12号,EMP-0042,zm@example.org,回访赵敏',
        '2,钱程,北京市西城区展览路3号,EMP-0043,qc@example.org,送达北京市西城区展览路3号',
        '3,孙悦,北京市朝阳区望京5号,EMP-0044,sy@example.org,经办 EMP-0044',
      ].join('\n');
      const r = await run(fields, csv, stagedPath);
      expect(
        sameRow(r.report.issues).map((i) => [
          i.row,
          i.message.match(/value of "([^"]+)", which is ([^:]+):/)?.slice(1),
        ]),
      ).toEqual([
        [1, ['contact', 'graded sensitive and pseudonymized']],
        [2, ['address', 'graded sensitive and masked']],
        [3, ['staff', 'graded internal (never published)']],
      ]);
      expect(sameRow(r.report.issues).map((i) => i.zh?.message.match(/，而字段“[^”]+”([^：]+)：/)?.[1])).toEqual([
        '分级为敏感，已假名化',
        '分级为敏感，已掩码',
        '分级为内部（一律不发布）',
      ]);
    });

    it(`publishes the values under a declared exception and records what it excepted (${path} path)`, async () => {
      const r = await run(CROSS_LEAK, CROSS_LEAK_CSV, stagedPath, {
        piiExceptions: [{ field: '备注', detector: 'same-row-value', justification: JUSTIFICATION }],
      });
      expect(r.report.issues).toEqual([]);
      expect(r.piiExceptions).toEqual([{ field: '备注', detector: 'same-row-value', values: 3 }]);
      const note = r.output?.deidentification.find((e) => e.field === '备注');
      expect(JSON.stringify(note)).toContain('withheld column');
    });

    it(`warns about an exception that excepted nothing (${path} path)`, async () => {
      const csv = ['编号,负责人,身份证号,区县,备注', '1,张伟,110101199003074514,东城区,签字确认'].join('\n');
      const r = await run(CROSS_LEAK, csv, stagedPath, {
        piiExceptions: [{ field: '备注', detector: 'same-row-value', justification: JUSTIFICATION }],
      });
      expect(r.report.valid).toBe(true);
      expect(r.report.warnings?.filter((w) => w.type === 'pii/unused-exception')).toEqual([
        expect.objectContaining({
          field: '备注',
          message: expect.stringContaining(`no cell of "备注" holds the same row's value of a withheld column`),
          zh: expect.objectContaining({
            message: expect.stringContaining('字段“备注”中没有单元格含有同一行未公开列的原值'),
          }),
        }),
      ]);
    });

    it(`finds a whole identifier and a value of another shape in an identifier column, not a value split over two cells (${path} path)`, async () => {
      const fields: FieldInput[] = [
        { name: 'id', type: 'integer' },
        { name: 'officer', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
        { name: 'document', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
        { name: 'place', type: 'string' },
        { name: 'notes', type: 'string' },
      ];
      const csv = [
        'id,officer,document,place,notes',
        // The whole resident ID, not only its end.
        '1,张伟,110101199003074514,东城区,核对110101199003074514无误',
        // A passport number in the column of resident IDs: looked for whole.
        '2,王芳,E12345678,西城区,护照E12345678已核验',
        // Both values split between two cells: in no cell of the row.
        '3,李娜,110101197001010016,朝阳区李,娜1101011970010100 16',
      ].join('\n');
      const r = await run(fields, csv, stagedPath);
      const issues = sameRow(r.report.issues);
      expect(issues.map((i) => [i.field, i.row, i.message.match(/value of "([^"]+)"/)?.[1]])).toEqual([
        ['notes', 1, 'document'],
      ]);
      expect(issues[0]?.message).toMatch(/^2 cell\(s\) of "notes" .*; in data rows 1 \(line 2\), 2 \(line 3\)$/);
      expect(issues[0]?.value).not.toContain('its last');
    });

    it(`does not count short values, placeholders, values of other rows, nor other types (${path} path)`, async () => {
      const fields: FieldInput[] = [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
        { name: 'sex', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
        { name: 'code', type: 'string', grade: 'internal' },
        { name: 'age', type: 'integer', grade: 'sensitive', treatment: { kind: 'generalize-number', width: 10 } },
        { name: 'notes', type: 'string' },
      ];
      const csv = [
        'id,name,sex,code,age,notes',
        // 男 and A1 are too short; 暂无 is a placeholder; 35 is a number (published as a band).
        '1,张伟,男,A1,35,男 A1 暂无 35岁',
        '2,暂无,女,B2,41,资料暂无',
        // 张伟 is row 1's name, not row 3's.
        '3,王芳,女,C3,52,转张伟处理',
      ].join('\n');
      const r = await run(fields, csv, stagedPath);
      expect(issuesOf(r, 'pii/residual')).toEqual([]);
      expect(r.report.valid).toBe(true);
    });
  }

  it('publishes no helper column (the raw values are gone from every artifact)', async () => {
    const csv = ['编号,负责人,身份证号,区县,备注', '1,张伟,110101199003074514,东城区,签字确认'].join('\n');
    for (const stagedPath of [true, false]) {
      const g = await runGate(manifestOf(CROSS_LEAK), { 'data.csv': csv }, { processor: { stagedPath } });
      try {
        const files = await g.artifacts();
        const text = [...files.values()].map((b) => b.toString('utf8')).join('\n');
        expect(text).not.toContain('__gate_');
        expect(text).not.toContain('张伟');
        expect(g.result.output?.fields.map((f) => f.name)).toEqual(['编号', '区县', '备注']);
      } finally {
        await g.cleanup();
      }
    }
  });
});
