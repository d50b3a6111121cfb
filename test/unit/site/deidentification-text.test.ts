import { describe, expect, it } from 'vitest';
import type { PublishedField } from '../../../functions/core/catalog/schema.ts';
import type { Treatment } from '../../../functions/core/manifest/treatment.ts';
import type { FieldType, Grade } from '../../../functions/core/manifest/vocabulary.ts';
import {
  deidentificationEntry,
  describeUndeclared,
  suppressionEntry,
} from '../../../functions/core/protection/treatments/describe-treatment.ts';
import { deidRows } from '../../../site/src/lib/deidentification-text.ts';
import { treatmentSummary } from '../../../site/src/lib/treatment-text.ts';

/** Every treatment kind, with the parameters a manifest would give after its defaults. */
const TREATMENTS: Treatment[] = [
  { kind: 'drop' },
  { kind: 'redact' },
  { kind: 'mask', keepFirst: 3, keepLast: 2, char: '*' },
  { kind: 'pseudonymize', length: 16 },
  { kind: 'generalize-number', width: 10 },
  { kind: 'generalize-date', to: 'month' },
  { kind: 'generalize-date', to: 'year' },
  { kind: 'round-coordinates', decimals: 2 },
  { kind: 'truncate-code', keep: 4, pad: true },
  { kind: 'truncate-code', keep: 4, pad: false },
  { kind: 'date-shift', maxDays: 30, keyField: 'patient_ref' },
];

interface Source {
  name: string;
  type: FieldType;
  grade: Grade;
  treatment?: Treatment;
}

/**
 * A version as the pipeline writes it: the de-identification record of every source field
 * (describe-treatment.ts, the English of deidentification-report.json) and the published fields (a
 * dropped or internal field is not published; a treated one carries its treatment).
 */
function version(sources: Source[], undeclared: string[] = []) {
  const deidentification = [
    ...sources.map((s) => deidentificationEntry(s)),
    ...undeclared.map((c) => describeUndeclared(c)),
  ];
  const fields: PublishedField[] = sources
    .filter((s) => s.grade !== 'internal' && s.grade !== 'core' && s.treatment?.kind !== 'drop')
    .map((s) => ({
      name: s.name,
      type: s.treatment?.kind === 'generalize-number' ? 'string' : s.type,
      grade: s.grade,
      ...(s.treatment ? { treatment: { ...s.treatment } } : {}),
    }));
  return { deidentification, fields };
}

const SOURCES: Source[] = [
  ...TREATMENTS.map((treatment, i) => ({
    name: `f${i}`,
    type: (treatment.kind === 'generalize-date' || treatment.kind === 'date-shift' ? 'date' : 'string') as FieldType,
    grade: 'sensitive' as const,
    treatment,
  })),
  { name: 'age', type: 'integer', grade: 'sensitive', treatment: { kind: 'generalize-number', width: 10 } },
  { name: 'score', type: 'number', grade: 'public', treatment: { kind: 'generalize-number', width: 0.5 } },
  { name: 'city', type: 'string', grade: 'public' },
  { name: 'notes', type: 'string', grade: 'internal' },
];

describe('the de-identification table in the page’s language (M4)', () => {
  const v = version(SOURCES, ['scratch']);

  it('writes English exactly as the version’s record (and its published report) has it', () => {
    const rows = deidRows(v, 'en');
    expect(rows.map((r) => [r.field, r.action, r.reason])).toEqual(
      v.deidentification.map((x) => [x.field, x.action, x.reason]),
    );
    expect(rows.every((r) => !r.asRecorded)).toBe(true);
  });

  it('writes Chinese for every grade and treatment, from the grade and the treatment’s kind and parameters', () => {
    const rows = deidRows(v, 'zh-CN');
    for (const r of rows) {
      expect(r.asRecorded, r.field).toBe(false);
      for (const text of [r.action, r.reason]) {
        expect(text, r.field).toMatch(/\p{Script=Han}/u);
        // Only codes stay Latin: standards, the algorithm, the date pattern, null and a field name.
        expect(text.replace(/GB\/T|HMAC-SHA256|YYYY(-MM)?|null|patient_ref/g, ''), r.field).not.toMatch(/[A-Za-z]{2,}/);
      }
    }
    const byField = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(byField.f0?.action).toBe('从所有发布文件中删除该列');
    expect(byField.f2?.action).toContain('保留前 3 位和后 2 位');
    expect(byField.f3?.action).toContain('16 位十六进制');
    expect(byField.age?.action).toBe('按宽度 10 分组，标为“下限-上限”，两端都包含');
    expect(byField.score?.action).toBe('按宽度 0.5 分组，标为“下限-上限”，含下限、不含上限');
    expect(byField.score?.reason).toBe('定级为公开，发布者选择对其粗化处理');
    expect(byField.f7?.action).toBe('坐标四舍五入到 2 位小数');
    expect(byField.city).toMatchObject({ action: '原样发布', reason: '定级为公开：可以公开的一般数据' });
    expect(byField.notes?.action).toBe('不公开');
    expect(byField.notes?.reason).toMatch(/^定级为内部/);
    expect(byField.scratch?.reason).toMatch(/^清单中未声明/);
    expect(byField.age?.reason).toContain('GB/T 37964');
  });

  it('shows a record whose treatment it does not know, or that records no facts, as recorded (to be marked with its language)', () => {
    const rows = deidRows(
      {
        deidentification: [
          {
            field: 'x',
            grade: 'sensitive',
            action: 'hashed with a new scheme',
            reason: 'why',
            cause: 'grade',
            sourceType: 'string',
            treatment: { kind: 'future-kind' },
          },
          // A record written before the facts were: its text is not read for them.
          { field: 'age', grade: 'sensitive', action: 'column removed from every artifact', reason: 'legacy' },
        ],
      },
      'zh-CN',
    );
    expect(rows).toMatchObject([
      { action: 'hashed with a new scheme', reason: 'why', asRecorded: true },
      { action: 'column removed from every artifact', reason: 'legacy', asRecorded: true },
    ]);
  });

  it('writes a k-anonymity suppression and a field’s note from the record’s facts, not its sentences', () => {
    const note = '12 row(s) in classes smaller than k=5 were suppressed';
    const pii = '3 Unified Social Credit Code value(s) published as organisation data (not personal)';
    const records = {
      deidentification: [
        suppressionEntry('age+zip', note),
        deidentificationEntry({ name: 'org', type: 'string', grade: 'public' }, pii),
      ],
    };
    // English: the report's text, the note kept in the reason.
    expect(deidRows(records, 'en')).toEqual([
      { field: 'age+zip', grade: 'sensitive', action: 'k-anonymity suppression', reason: note, asRecorded: false },
      {
        field: 'org',
        grade: 'public',
        action: 'published as is',
        reason: `graded public: general data open for publication; ${pii}`,
        asRecorded: false,
      },
    ]);
    const [ka, org] = deidRows(records, 'zh-CN');
    expect(ka).toMatchObject({ field: 'age+zip', action: 'k-匿名：删除记录', note, asRecorded: false });
    expect(ka?.reason).toContain('age+zip');
    expect(ka?.action).not.toContain('删除该列');
    expect(org).toMatchObject({ action: '原样发布', reason: '定级为公开：可以公开的一般数据', note: pii });
  });
});

describe('treatments in plain words for the field table', () => {
  it('has words in both languages for every kind, with a real example band', () => {
    for (const t of TREATMENTS) {
      expect(treatmentSummary(t, 'zh-CN'), t.kind).toMatch(/\p{Script=Han}/u);
      expect(treatmentSummary(t, 'en'), t.kind).not.toMatch(/\p{Script=Han}/u);
      // Words, not the manifest's code (`generalize-number (width=10)`).
      expect(treatmentSummary(t, 'en'), t.kind).not.toMatch(/=|\w-\w+ \(|^(redact|pseudonymize|drop)\b/);
    }
    const band: Treatment = { kind: 'generalize-number', width: 10 };
    expect(treatmentSummary(band, 'zh-CN', true)).toBe('按 10 分组（如 30-39）');
    expect(treatmentSummary(band, 'en', false)).toBe('grouped into bands of 10 (e.g. 30-40)');
    expect(treatmentSummary(band, 'en')).toBe('grouped into bands of 10');
    expect(treatmentSummary({ kind: 'round-coordinates', decimals: 2 }, 'zh-CN')).toBe('保留 2 位小数（约 1 公里）');
  });
});
