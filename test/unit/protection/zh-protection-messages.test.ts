/**
 * The Chinese (`zh`) of the protection and release refusals built without DuckDB: the warnings about
 * piiExceptions and kAnonymity, personal data in the manifest, a record too large, an undeclared
 * breaking change. The same facts as the English (field, detector, numbers, paths, YAML to write);
 * the gate's own issues (pii/residual, k-anonymity/below-k, grade/core) are pinned in
 * test/integration/gate-zh-protection.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { DiffSummary } from '../../../functions/core/catalog/schema.ts';
import { metadataPiiIssues } from '../../../functions/core/protection/metadata-pii.ts';
import { kAnonymityWarnings, unusedExceptionWarnings } from '../../../functions/core/protection/pii-exceptions.ts';
import { type RecordKind, recordTooLarge } from '../../../functions/core/release/record-size.ts';
import { undeclaredBreaking } from '../../../functions/usecases/release/checks.ts';
import { type FieldInput, manifestOf } from '../../fixtures/gate/harness.ts';
import { expectChinese } from '../../support/chinese-text.ts';

describe('pii/unused-exception', () => {
  const warnings = unusedExceptionWarnings(
    [
      { field: 'note', detector: 'resident-id', values: 0 },
      { field: 'staff_id', detector: 'mobile-cn', values: 0 },
      { field: 'org', detector: 'uscc', values: 3 },
      { field: '备注', detector: 'same-row-value', values: 0 },
      { field: 'phone', detector: 'mobile-cn', values: 2 },
    ],
    new Set(['note', 'org', '备注', 'phone']),
  );

  it('says why each exception excepted nothing, in Chinese too', () => {
    expect(warnings.map((w) => w.field)).toEqual(['note', 'staff_id', 'org', '备注']);
    expectChinese(warnings);
    expect(warnings.map((w) => w.zh?.message)).toEqual([
      'piiExceptions 中针对字段“note”和检测器“resident-id”的例外没有放行任何值：字段“note”中没有像是居民身份证号码的值',
      'piiExceptions 中针对字段“staff_id”和检测器“mobile-cn”的例外没有放行任何值：字段“staff_id”不在扫描范围内：它没有以文本或数值形式发布（已删除、分级为内部或核心、已假名化、已置空，或是日期）',
      'piiExceptions 中针对字段“org”和检测器“uscc”的例外没有放行任何值：统一社会信用代码从不导致发布被拒绝（属于机构数据，只作提示；声明 `blockingDetectors: [uscc]` 时除外）',
      'piiExceptions 中针对字段“备注”和检测器“same-row-value”的例外没有放行任何值：字段“备注”中没有单元格含有同一行未公开列的原值',
    ]);
    expect(warnings[0]?.zh?.hint).toBe(
      '请从 piiExceptions 中删除这条例外：过时的例外会让该列以后出现的同类值不经审核就被发布',
    );
  });
});

describe('protection/no-k-anonymity', () => {
  it('names the sensitive fields and the YAML to declare', () => {
    const fields: FieldInput[] = [
      { name: 'id', type: 'integer' },
      { name: '姓名', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize' } },
      { name: 'id_no', type: 'string', grade: 'sensitive', treatment: { kind: 'drop' } },
    ];
    const [w] = kAnonymityWarnings(manifestOf(fields));
    expect(w?.message).toContain('sensitive field(s) "姓名", "id_no"');
    expect(w?.zh).toEqual({
      message:
        '数据集含有分级为敏感的字段“姓名”、“id_no”，说明每行记录涉及个人，但没有声明 kAnonymity：原样发布的列（地点、精确的日期或金额）仍可能让人认出具体某个人',
      hint: '请声明 kAnonymity，列出组合起来可能认出某个人的列（例如 `kAnonymity: {quasiIdentifiers: [district, age_band, sex], k: 5}`），并先对这些列做泛化；如果没有任何一行涉及个人，请调整这些字段的分级',
    });
  });
});

describe('pii/metadata (identifiers in the manifest)', () => {
  const issues = metadataPiiIssues(
    manifestOf(
      [
        { name: 'status', type: 'string', constraints: { enum: ['ok', '13812345678'] } },
        { name: '110101199003074514', type: 'string' },
      ],
      { id: 'pt-13712345678', contact: { name: 'Open data office', email: '13612345678@example.org' } },
    ),
  );

  it('names the path, what it looks like, the masked example and the fix for each place', () => {
    expect(issues.map((i) => i.field)).toEqual(['id', 'contact.email', 'fields.0.constraints.enum.1', 'fields.1.name']);
    expectChinese(issues);
    const enumValue = issues[2];
    expect(enumValue?.zh).toEqual({
      message: `dataset.yaml 中的 fields.0.constraints.enum.1 含有疑似手机号码的内容（${enumValue?.value}）：元数据会原样发布`,
      hint: '请从约束中删除这个值（或删除整个约束）：公开字段的约束会在 datapackage.json 和数据目录中发布',
    });
    expect(issues[3]?.zh?.message).toContain('含有疑似居民身份证号码的内容');
    expect(issues[3]?.zh?.hint).toBe('请重命名该列（导出文件和 dataset.yaml 中都要改）：列名会出现在每个发布文件中');
    expect(issues[0]?.zh?.hint).toBe(
      '请删除这段内容：contact 中只写职务或科室及其办公电子邮箱，不要写个人姓名或个人号码',
    );
    // The examples are masked in the Chinese as in the English.
    expect(JSON.stringify(issues)).not.toContain('13812345678');
  });
});

describe('release/too-large', () => {
  const kinds: RecordKind[] = ['version record', 'catalogue entry', 'release record'];
  const issues = kinds.map((k) =>
    recordTooLarge(k, 512_345, [
      { part: 'fields', bytes: 400_001 },
      { part: 'diff', bytes: 90_000 },
    ]),
  );

  it('names the record, its size, its largest parts and what to shrink', () => {
    expectChinese(issues);
    expect(issues[0]?.zh).toEqual({
      message:
        '本次发布要保存的版本记录约 512,345 字节（JSON，UTF-8），超过了单条记录的上限 350,000 字节（最大的几部分，单位为字节：fields 400,001，diff 90,000）',
      hint: '请减少字段，或缩短字段名、标题和说明（改为链接到一份文档），或把数据集拆分成几个：版本记录作为一条记录保存，最多 400 KB',
    });
    expect(issues.map((i) => i.zh?.message.match(/^本次发布要保存的(.+?)约 512,345 字节/)?.[1])).toEqual([
      '版本记录',
      '数据目录条目',
      '发布记录',
    ]);
    expect(issues[2]?.zh?.hint).toContain('每个字段和检测器只写一条 piiExceptions 例外');
    expect(recordTooLarge('release record', 400_000, []).zh?.message).not.toContain('最大的几部分');
  });
});

describe('schema/breaking-change', () => {
  const diff: DiffSummary = {
    fromVersion: 3,
    fieldsAdded: [],
    fieldsRemoved: ['pm10'],
    fieldsRetyped: [
      { name: 'pm25', from: 'number', to: 'string' },
      { name: 'code', from: 'integer', to: 'string' },
    ],
    primaryKeyChanged: true,
    rowsAdded: null,
    rowsRemoved: null,
    rowsChanged: null,
    sampleKeys: { added: [], removed: [], changed: [] },
    breaking: true,
  };

  it('lists what breaks against the version, and the YAML that declares it', () => {
    const issue = undeclaredBreaking(manifestOf([{ name: 'id', type: 'integer' }]), diff);
    expect(issue?.message).toBe(
      'breaking change against version 3: field "pm10" removed; field "pm25" retyped number → string; field "code" retyped integer → string; primary key changed',
    );
    expect(issue?.zh).toEqual({
      message:
        '与第 3 版相比有破坏性变更：字段“pm10”已移除；字段“pm25”的类型由数值（number）改为文本（string）；字段“code”的类型由整数（integer）改为文本（string）；主键已改变',
      hint: '请保留已发布的字段和主键；如果确需变更，请在 dataset.yaml 中声明 `breaking: {note: "why and what users should do"}`',
    });
  });
});
