/**
 * Dates in the published metadata may not give back a withheld date: which dates are read in text,
 * which columns are compared with them, and which answers of the data refuse (the counts and the
 * published files' own dates come from DuckDB: gate-metadata-dates.test.ts runs them).
 */
import { describe, expect, it } from 'vitest';
import { datesInText } from '../../../functions/core/protection/dates-in-text.ts';
import {
  isosToCarry,
  metadataDateIssues,
  type ProbeCounts,
  suspectProbes,
} from '../../../functions/core/protection/metadata-date-issues.ts';
import { metadataDates, withheldDatePlan } from '../../../functions/core/protection/metadata-dates.ts';
import { dayRange } from '../../../functions/core/protection/metadata-dates-sql.ts';
import { type FieldInput, manifestOf } from '../../fixtures/gate/harness.ts';

describe('dates read in text', () => {
  it.each([
    ['2024-03-05', ['2024-03-05']],
    ['截至2024/3/5', ['2024-03-05']],
    ['2024.03.05 公布', ['2024-03-05']],
    ['2024-03-05T08:30:00+08:00', ['2024-03-05']],
    ['2024年3月5日', ['2024-03-05']],
    ['1992 年 4 月 29 日起', ['1992-04-29']],
    ['2024年12月31号', ['2024-12-31']],
    ['２０２４年３月５日', ['2024-03-05']],
    ['2024\u30003\u3000月5日', []],
    ['一九九三年十一月二十四日', ['1993-11-24']],
    ['二〇二四年三月五号', ['2024-03-05']],
    ['29 April 1992', ['1992-04-29']],
    ['the 24th of Nov. 1993', ['1993-11-24']],
    ['April 29, 1992 and Sept 5th 2024', ['1992-04-29', '2024-09-05']],
    ['20240305', ['2024-03-05']],
    ['2024-03 – 2024/11', ['2024-03', '2024-11']],
    ['1993年11月', ['1993-11']],
    ['二〇二四年三月', ['2024-03']],
    ['November 1993', ['1993-11']],
    // Not dates, or not read: a year, a phone number, a version, a decimal, a range of years, an
    // impossible day, a date without a year, a day-month order that needs a locale, two-digit years.
    ['1992', []],
    ['13820240305', []],
    ['v1.2024.03.05', []],
    ['2024.03', []],
    ['1992-1993, 2023-24', []],
    ['2024-02-30', []],
    ['3月5日', []],
    ['05/03/2024', []],
    ['24-03-05', []],
  ])('%s', (text, isos) => {
    expect(datesInText(text).map((d) => d.iso)).toEqual(isos);
  });

  it('reads a day once, not also as its month', () => {
    expect(datesInText('29 April 1992')).toEqual([{ iso: '1992-04-29', precision: 'day' }]);
    expect(datesInText('1993年11月')).toEqual([{ iso: '1993-11', precision: 'month' }]);
  });

  it('gives half-open day ranges for a day, a month and a year', () => {
    expect(dayRange('2024-02-29')).toEqual({ from: '2024-02-29', to: '2024-03-01' });
    expect(dayRange('2024-12')).toEqual({ from: '2024-12-01', to: '2025-01-01' });
    expect(dayRange('1993')).toEqual({ from: '1993-01-01', to: '1994-01-01' });
  });
});

const ID: FieldInput = { name: 'id', type: 'integer' };
const DEATH_MONTH: FieldInput = {
  name: 'death_date',
  type: 'date',
  grade: 'sensitive',
  treatment: { kind: 'generalize-date', to: 'month' },
};

describe('which metadata dates are compared with which withheld columns', () => {
  const plan = (fields: FieldInput[], extra: Parameters<typeof manifestOf>[1]) =>
    withheldDatePlan(manifestOf([ID, ...fields], extra))?.probes.map(
      (p) => `${p.at.path} ${p.at.date.iso} ${p.field.name}`,
    );

  it('reads the temporal bounds and every published text, in every language', () => {
    const m = manifestOf([ID, DEATH_MONTH], {
      title: { en: 'Deaths', 'zh-CN': '死亡记录 2024年3月5日' },
      description: { en: 'Last death on 5 March 2024.' },
      keywords: ['2024-03-05'],
      temporal: { start: '2024', end: '2024-03-05' },
    });
    m.fields[1] = { ...m.fields[1]!, description: { en: 'up to 2024/3/5' } } as (typeof m.fields)[number];
    expect(metadataDates(m).map((d) => `${d.path} ${d.date.iso}`)).toEqual([
      'temporal.end 2024-03-05',
      'title.zh-CN 2024-03-05',
      'description.en 2024-03-05',
      'keywords.0 2024-03-05',
      'fields.1.description.en 2024-03-05',
    ]);
  });

  it('compares days with a column generalized to the month; months and years are what it publishes', () => {
    expect(plan([DEATH_MONTH], { temporal: { start: '1992-04', end: '1993-11-24' } })).toEqual([
      'temporal.end 1993-11-24 death_date',
    ]);
    expect(plan([DEATH_MONTH], { temporal: { start: '1992', end: '1993-11' } })).toBeUndefined();
  });

  it('compares days and months with a column generalized to the year, shifted, dropped, masked or internal', () => {
    const concealed: FieldInput[] = [
      { name: 'born', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'year' } },
      { name: 'seen', type: 'date', grade: 'sensitive', treatment: { kind: 'date-shift', maxDays: 9, keyField: 'id' } },
      { name: 'died', type: 'datetime', grade: 'sensitive', treatment: { kind: 'drop' } },
      { name: 'asked', type: 'date', grade: 'sensitive', treatment: { kind: 'mask' } },
      { name: 'made', type: 'date', grade: 'internal' },
      { name: 'ym', type: 'yearmonth', grade: 'sensitive', treatment: { kind: 'redact' } },
    ];
    for (const f of concealed) {
      const want =
        f.type === 'yearmonth'
          ? ['temporal.start 2024-03 ym']
          : [`temporal.start 2024-03 ${f.name}`, `temporal.end 2024-11-02 ${f.name}`];
      expect(plan([f], { temporal: { start: '2024-03', end: '2024-11-02' } }), f.name).toEqual(want);
    }
  });

  it('compares nothing when every date column is published whole, or only years are written', () => {
    const open: FieldInput[] = [
      { name: 'day', type: 'date' },
      { name: 'ym', type: 'yearmonth', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'month' } },
      { name: 'y', type: 'year', grade: 'internal' },
    ];
    expect(plan(open, { temporal: { start: '2012-01-01', end: '2015-12-31' } })).toBeUndefined();
    expect(
      plan([DEATH_MONTH], { temporal: { start: '1992', end: '1993' }, description: { en: 'Since 1992.' } }),
    ).toBeUndefined();
  });
});

describe('which answers of the data refuse', () => {
  const m = manifestOf([ID, DEATH_MONTH], {
    temporal: { start: '1992-04-29', end: '1993-11-24' },
    description: { 'zh-CN': '1992 年 4 月 29 日起', en: 'The last death was on 24 November 1993.' },
  });
  const plan = withheldDatePlan(m)!;
  const ids = (path: string) => plan.probes.filter((p) => p.at.path === path).map((p) => p.id);
  const answer = (n: number, g: number) => new Map<number, ProbeCounts>(plan.probes.map((p) => [p.id, { n, g }]));

  it.each([
    // n rows hold the date, g share its published month; k = 5 (the default).
    { n: 0, g: 10, k: 5, refused: false, why: 'not a value of the column' },
    { n: 1, g: 1, k: 5, refused: true, why: 'one person: the date of death of the only death that month' },
    { n: 1, g: 36, k: 5, refused: true, why: 'one person among others' },
    { n: 4, g: 36, k: 5, refused: true, why: 'fewer than k' },
    { n: 8, g: 36, k: 5, refused: false, why: 'eight people, among 36 that month' },
    { n: 6, g: 6, k: 5, refused: true, why: 'every death that month: the month gives the day' },
    { n: 2, g: 36, k: 2, refused: false, why: 'the declared k' },
  ])('n=$n g=$g k=$k: $why', ({ n, g, k, refused }) => {
    const suspects = suspectProbes(plan, answer(n, g), k);
    expect(suspects.length > 0).toBe(refused);
    const issues = metadataDateIssues(suspects, answer(n, g), () => false, k);
    expect(issues.length).toBe(refused ? 4 : 0);
  });

  it('refuses nothing the published files carry as a true date', () => {
    const counts = answer(1, 36);
    const suspects = suspectProbes(plan, counts, 5);
    expect(isosToCarry(suspects).sort()).toEqual(['1992-04', '1992-04-29', '1993-11', '1993-11-24']);
    const issues = metadataDateIssues(suspects, counts, (iso) => iso === '1993-11-24' || iso.length === 7, 5);
    expect(issues.map((i) => i.field)).toEqual(['temporal.start', 'description.zh-CN']);
  });

  it('names the place, the column, the date masked below what it publishes, and the fix', () => {
    const counts = answer(1, 1);
    const suspects = suspectProbes(plan, counts, 5).filter(
      (p) => ids('temporal.end').includes(p.id) || ids('description.en').includes(p.id),
    );
    const [end, text] = metadataDateIssues(suspects, counts, (iso) => iso === '1993-11', 5);
    expect(end).toMatchObject({ type: 'pii/metadata', field: 'temporal.end', value: '1993-11-**' });
    expect(end?.message).toContain('temporal.end in dataset.yaml gives the date 1993-11-** to the day');
    expect(end?.message).toContain('"death_date" (generalize-date to month)');
    expect(end?.hint).toContain('write `end: 1993-11`');
    expect(text).toMatchObject({ field: 'description.en', value: '1993-11-**' });
    expect(text?.hint).toBe('remove the date from description.en, or write only its month (1993-11)');
    expect(JSON.stringify([end, text])).not.toContain('24');
    // When the month is not published either, the year.
    const [year] = metadataDateIssues(suspects, counts, () => false, 5);
    expect(year?.hint).toContain("write `end: '1993'`");
    // The same facts in Chinese.
    expect(end?.zh?.message).toBe(
      'dataset.yaml 中的 temporal.end 写出了精确到日的日期 1993-11-**：这是字段“death_date”中不公开的值（已泛化到月），只有 1 行是这个日期（少于 k=5），而任何发布的列中都没有这个日期。元数据会原样发布（网站、数据目录、DCAT、schema.org），因此会把这个日期泄露出去',
    );
    expect(end?.zh?.hint).toBe(
      '请改写为 `end: 1993-11`：时间范围的起止不能是不公开的日期（见 docs/manifest.md 的 temporal 一节）',
    );
    expect(text?.zh?.hint).toBe('请从 description.en 中删除这个日期，或只写到月（1993-11）');
    expect(year?.zh?.hint).toContain("请改写为 `end: '1993'`（要加引号，否则 YAML 会把它读成数字）");
    // Held by every row of its published month.
    const [all] = metadataDateIssues(suspectProbes(plan, answer(6, 6), 5), answer(6, 6), () => false, 5);
    expect(all?.message).toContain('held by all 6 rows published as 1992-04');
    expect(all?.zh?.message).toContain('，发布为 1992-04 的全部 6 行都是这个日期，');
  });
});
