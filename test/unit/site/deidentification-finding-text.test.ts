/**
 * The checks' notes on a de-identification record in the page's language (L2): every kind of finding
 * the gate records — rows suppressed for k-anonymity, values a detector let through (as organisation
 * data, or under a declared exception), for every detector — is written in Chinese and English from its
 * facts. The kinds are enumerated from the schema (and the gate's notes counted in its source), so a new
 * kind without a translation fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeidentificationEntry } from '../../../functions/core/catalog/schema.ts';
import {
  DeidentificationFinding,
  type FindingKind,
  findingNote,
} from '../../../functions/core/protection/deidentification-finding.ts';
import { DETECTORS } from '../../../functions/core/protection/detectors/index.ts';
import {
  deidentificationEntry,
  suppressionEntry,
} from '../../../functions/core/protection/treatments/describe-treatment.ts';
import { deidRows } from '../../../site/src/lib/deidentification-text.ts';

/** Every finding of each kind: a typed record, so a kind added to the schema without samples does not compile. */
const SAMPLES: Record<FindingKind, DeidentificationFinding[]> = {
  'k-anonymity-suppression': [
    { kind: 'k-anonymity-suppression', rows: 18, of: 60, k: 5, quasiIdentifiers: ['区县', '行业'] },
    { kind: 'k-anonymity-suppression', rows: 3, of: 40, k: 2, quasiIdentifiers: ['age', 'district'] },
  ],
  'detector-published': DETECTORS.flatMap((d) =>
    (['organisation', 'exception'] as const).map((basis) => ({
      kind: 'detector-published' as const,
      detector: d.id,
      values: 60,
      basis,
    })),
  ),
  'same-row-value-published': [{ kind: 'same-row-value-published', cells: 2, source: '负责人' }],
};

/**
 * Latin words a Chinese sentence may hold: none but "k" (k-匿名), "IPv" (IPv4 地址, the Chinese name too)
 * and the fixtures' own field names.
 */
const englishWords = (text: string) =>
  (text.match(/[A-Za-z]+/g) ?? []).filter((w) => !['k', 'IPv', 'age', 'district'].includes(w));

describe('every finding kind is written in both languages', () => {
  it('has samples for every kind of the schema', () => {
    const kinds = DeidentificationFinding.options.map((o) => o.shape.kind.value);
    expect(Object.keys(SAMPLES).sort()).toEqual([...kinds].sort());
    for (const list of Object.values(SAMPLES))
      for (const f of list) expect(DeidentificationFinding.parse(f)).toEqual(f);
  });

  it('the gate notes only the kinds this code writes, each from its facts (a new note in protection-sql.ts needs its facts here)', () => {
    const gate = readFileSync(new URL('../../../functions/adapters/duckdb/protection-sql.ts', import.meta.url), 'utf8');
    // Every kind the gate records, and only those: the detector note (either basis), the same-row value
    // and the suppression.
    const kinds = [...gate.matchAll(/kind: '([a-z-]+)'/g)].map((m) => m[1]);
    expect([...new Set(kinds)].sort()).toEqual(Object.keys(SAMPLES).sort());
    // Its notes are written from the facts only: no sentence of its own.
    expect(gate).toContain('recordedNote(facts)');
    expect(gate).not.toMatch(/value\(s\) published|were suppressed|cell\(s\) hold the same row's value of withheld/);
  });

  it.each(Object.values(SAMPLES).flat())('writes %o in Chinese and English from its facts', (f) => {
    const zh = findingNote(f, 'zh-CN');
    const en = findingNote(f, 'en');
    expect(zh).toMatch(/\p{Script=Han}/u);
    expect(englishWords(zh)).toEqual([]);
    expect(en).toMatch(/[A-Za-z]{3,}/);
    const numbers =
      f.kind === 'detector-published'
        ? [f.values]
        : f.kind === 'same-row-value-published'
          ? [f.cells]
          : [f.rows, f.k, ...(f.of ? [f.of] : [])];
    for (const n of numbers) {
      expect(zh).toContain(String(n));
      expect(en).toContain(String(n));
    }
  });
});

/** A record entry as the gate writes it, with the facts the pipeline records beside its note. */
const withFinding = (e: DeidentificationEntry, finding: DeidentificationFinding): DeidentificationEntry => ({
  ...e,
  findings: [finding],
});

describe('the dataset page writes the notes in its language (business-licence-register)', () => {
  const suppression = withFinding(
    suppressionEntry('区县+行业', '18 row(s) in classes smaller than k=5 were suppressed'),
    {
      kind: 'k-anonymity-suppression',
      rows: 18,
      of: 60,
      k: 5,
      quasiIdentifiers: ['区县', '行业'],
    },
  );
  const codes = withFinding(
    deidentificationEntry(
      { name: '统一社会信用代码', type: 'string', grade: 'public' },
      '60 Unified social credit code (organisation) value(s) published as organisation data (not personal)',
    ),
    { kind: 'detector-published', detector: 'uscc', values: 60, basis: 'organisation' },
  );
  const version = { deidentification: [codes, suppression] };

  it('in Chinese, no English fragment', () => {
    const [c, s] = deidRows(version, 'zh-CN');
    expect(c?.note).toBe('60 个统一社会信用代码作为机构数据（非个人信息）发布');
    expect(s?.note).toBe('60 行中有 18 行（30%）未发布：区县+行业 组合相同的记录少于 5 条（k-匿名删除）');
    for (const r of [c, s]) {
      expect(r?.asRecorded).toBe(false);
      expect(englishWords(`${r?.action} ${r?.reason} ${r?.note}`)).toEqual([]);
    }
  });

  it('in English, the reason without the note and the note from the facts', () => {
    const [c, s] = deidRows(version, 'en');
    expect(c?.reason).toBe('graded public: general data open for publication');
    expect(c?.note).toBe(
      '60 Unified social credit code (organisation) value(s) published as organisation data (not personal)',
    );
    expect(s?.note).toBe(
      '18 of 60 rows (30 %) were not published: k-anonymity suppression on 区县+行业 (k=5), rows in classes smaller than k',
    );
  });

  it('shows a note recorded without its facts as written (older versions)', () => {
    const { findings: _f, ...recorded } = codes;
    const old = { deidentification: [recorded] };
    expect(deidRows(old, 'zh-CN')[0]?.note).toBe(codes.note);
    expect(deidRows(old, 'en')[0]?.reason).toBe(codes.reason);
  });
});

describe('several notes on one record', () => {
  it('writes each from its facts, joined as the gate joins them', () => {
    const two: DeidentificationFinding[] = [
      { kind: 'detector-published', detector: 'mobile-cn', values: 3, basis: 'exception' },
      { kind: 'same-row-value-published', cells: 2, source: '负责人' },
    ];
    const entry = { ...deidentificationEntry({ name: '备注', type: 'string', grade: 'public' }, 'x'), findings: two };
    expect(deidRows({ deidentification: [entry] }, 'zh-CN')[0]?.note).toBe(
      '3 个手机号码按已声明并说明理由的例外发布；2 个单元格含有同一行不公开列“负责人”的值，按已声明并说明理由的例外发布',
    );
  });
});
