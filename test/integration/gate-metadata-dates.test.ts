/**
 * Dates in the published metadata against the withheld dates, end to end through the gate (DuckDB)
 * on both paths, and through `opendata validate` on la-riots-deaths. Review finding H4: the dataset
 * published `death_date` to the month but `temporal.end: 1993-11-24`, the date of death of the one
 * person who died in November 1993; a public date column of any content let the same bound through.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import type { ProcessedRelease } from '../../functions/ports/release-processor.ts';
import { type FieldInput, issuesOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';

const root = join(import.meta.dirname, '..', '..');

const ID: FieldInput = { name: 'id', type: 'integer' };
const DEATH: FieldInput = {
  name: 'death_date',
  type: 'date',
  grade: 'sensitive',
  treatment: { kind: 'generalize-date', to: 'month' },
};
/** A public date column published whole: the same day on every row. */
const REPORTED: FieldInput = { name: 'report_date', type: 'date' };
/** Eight deaths on 29 April, one on each later date (as in la-riots-deaths). */
const DAYS = [...Array(8).fill('1992-04-29'), '1992-04-30', '1992-05-20', '1993-11-24'];
const CSV = `id,death_date,report_date\n${DAYS.map((d, i) => `${i + 1},${d},2024-01-01`).join('\n')}\n`;

const PATHS = [
  { name: 'the one-pass path (CSV)', stagedPath: true, format: 'csv' as const },
  { name: 'the detailed path (CSV)', stagedPath: false, format: 'csv' as const },
  { name: 'the detailed path (NDJSON)', stagedPath: true, format: 'ndjson' as const },
];

async function gateOn(
  path: (typeof PATHS)[number],
  extra: Parameters<typeof manifestOf>[1],
  fields: FieldInput[] = [ID, DEATH, REPORTED],
  csv = CSV,
): Promise<ProcessedRelease> {
  const [header, ...lines] = csv.trim().split('\n');
  const names = (header as string).split(',');
  const ndjson = lines
    .map((l) => JSON.stringify(Object.fromEntries(l.split(',').map((v, i) => [names[i], v]))))
    .join('\n');
  const file = `data.${path.format}`;
  const m = manifestOf(fields, { ...extra, source: { files: [{ path: file }], format: path.format } });
  const run = await runGate(
    m,
    { [file]: path.format === 'csv' ? csv : `${ndjson}\n` },
    { processor: { stagedPath: path.stagedPath } },
  );
  await run.cleanup();
  return run.result;
}

describe.each(PATHS)('metadata dates against withheld dates on $name', (path) => {
  it('refuses a day bound that is a withheld date, though a public date column publishes days', async () => {
    const r = await gateOn(path, { temporal: { start: '1992-04', end: '1993-11-24' } });
    expect(r.output).toBeUndefined();
    const [end, ...rest] = issuesOf(r, 'pii/metadata');
    expect(rest).toEqual([]);
    expect(end).toMatchObject({ field: 'temporal.end', value: '1993-11-**' });
    expect(end?.message).toContain('"death_date" (generalize-date to month)');
    expect(end?.hint).toContain('write `end: 1993-11`');
    expect(end?.zh?.message).toMatch(
      /^dataset\.yaml 中的 temporal\.end 写出了精确到日的日期 1993-11-\*\*：这是字段“death_date”中不公开的值（已泛化到月），(只有 1 行是这个日期（少于 k=5）|发布为 1993-11 的全部 \d+ 行都是这个日期)，而任何发布的列中都没有这个日期。元数据会原样发布/,
    );
    expect(end?.zh?.hint).toMatch(/^请改写为 `end: 1993-11`：时间范围的起止不能是不公开的日期/);
    expect(JSON.stringify(r.report)).not.toContain('1993-11-24');
  });

  it('refuses a description stating a withheld date, in any language and written form', async () => {
    const r = await gateOn(path, {
      temporal: { start: '1992-04', end: '1993-11' },
      description: {
        en: 'The last death, on 24 November 1993.',
        'zh-CN': '五月的最后一名死者于 1992 年 5 月 20 日去世。',
      },
    });
    expect(issuesOf(r, 'pii/metadata').map((i) => [i.field, i.value])).toEqual([
      ['description.zh-CN', '1992-05-**'],
      ['description.en', '1993-11-**'],
    ]);
    expect(r.output).toBeUndefined();
  });

  it("publishes a day bound that eight rows share: no one's date in particular", async () => {
    // Nothing publishes days here, which the former rule (no bound finer than the published dates) refused.
    const csv = CSV.replace(/,2024-01-01/g, '').replace('id,death_date,report_date', 'id,death_date');
    const r = await gateOn(path, { temporal: { start: '1992-04-29', end: '1993-11' } }, [ID, DEATH], csv);
    expect(r.report.issues).toEqual([]);
    expect(r.output).toBeDefined();
  });

  it("publishes dates the published files carry, and dates that are no one's", async () => {
    // One death on 2024-01-01, the day report_date publishes on every row; no death on 1993-11-25.
    const csv = `${CSV}12,2024-01-01,2024-01-01\n`;
    const r = await gateOn(
      path,
      {
        temporal: { start: '1992-04', end: '2024-01-01' },
        description: { en: 'Reported on 2024-01-01; see also the inquiry of 25 November 1993.' },
      },
      [ID, DEATH, REPORTED],
      csv,
    );
    expect(r.report.issues).toEqual([]);
    expect(r.output).toBeDefined();
  });

  it('refuses a day every row of its published month shares, and checks a dropped column', async () => {
    const fields: FieldInput[] = [
      ID,
      DEATH,
      { name: 'born', type: 'date', grade: 'sensitive', treatment: { kind: 'drop' } },
    ];
    const rows = ['1992-04-29', '1992-04-29', '1992-04-29', '1992-04-29', '1992-04-29', '1992-04-29'];
    const csv = `id,death_date,born\n${rows.map((d, i) => `${i + 1},${d},1950-0${i + 1}-0${i + 1}`).join('\n')}\n`;
    const r = await gateOn(path, { temporal: { start: '1992-04-29' }, keywords: ['1950-03-03'] }, fields, csv);
    expect(issuesOf(r, 'pii/metadata').map((i) => [i.field, i.value])).toEqual([
      ['temporal.start', '1992-04-**'],
      ['keywords.0', '1950-**-**'],
    ]);
    expect(issuesOf(r, 'pii/metadata')[1]?.hint).toBe('remove the date from keywords.0, or write only its year (1950)');
    expect(issuesOf(r, 'pii/metadata')[1]?.zh).toEqual({
      message: expect.stringContaining('这是字段“born”中不公开的值（已删除），只有 1 行是这个日期（少于 k=5）'),
      hint: '请从 keywords.0 中删除这个日期，或只写到年（1950）',
    });
  });

  it('reads withheld datetime and yearmonth columns: an internal time stamp, a redacted month', async () => {
    const fields: FieldInput[] = [
      ID,
      { name: 'seen_at', type: 'datetime', grade: 'internal' },
      { name: 'period', type: 'yearmonth', grade: 'sensitive', treatment: { kind: 'redact' } },
    ];
    const csv = 'id,seen_at,period\n1,2024-03-05T23:10:00,2023-07\n2,2024-04-01T08:00:00,2023-08\n';
    const r = await gateOn(path, { description: { en: 'Seen on 5 March 2024; periods from July 2023.' } }, fields, csv);
    expect(issuesOf(r, 'pii/metadata').map((i) => [i.field, i.value, i.message.match(/"([a-z_]+)"/)?.[1]])).toEqual([
      ['description.en', '2024-**-**', 'seen_at'],
      ['description.en', '2023-**', 'period'],
    ]);
  });
});

describe('opendata validate on la-riots-deaths', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, cwd: root }, out, err };
  };
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'metadata-dates-'));
    await copyFile(join(root, 'datasets', 'publishers.yaml'), join(work, 'publishers.yaml'));
    await copyFile(join(root, 'datasets', 'licenses.yaml'), join(work, 'licenses.yaml'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('refuses the manifest as it was, naming temporal.end, why and the fix', async () => {
    // The real manifest with its former day bounds, reading the same file from a path instead of the package.
    const dir = join(work, 'la-riots-deaths');
    await mkdir(dir, { recursive: true });
    await copyFile(join(root, 'node_modules', 'vega-datasets', 'data', 'la-riots.csv'), join(dir, 'la-riots.csv'));
    const yaml = (await readFile(join(root, 'datasets', 'la-riots-deaths', 'dataset.yaml'), 'utf8'))
      .replace(/\ntemporal:\n {2}start: .*\n {2}end: .*\n/, '\ntemporal:\n  start: 1992-04-29\n  end: 1993-11-24\n')
      .replace('package: vega-datasets/data/la-riots.csv', 'path: la-riots.csv');
    expect(yaml).toContain('end: 1993-11-24');
    await writeFile(join(dir, 'dataset.yaml'), yaml);
    const c = capture();
    expect(await main(['validate', dir], c.io)).toBe(1);
    const text = c.out.join('\n');
    expect(text).toContain(
      '[pii/metadata] field "temporal.end": temporal.end in dataset.yaml gives the date 1993-11-**',
    );
    expect(text).toContain('"death_date" (generalize-date to month)');
    expect(text).toContain('hint: write `end: 1993-11`');
    // The riots began on 29 April 1992, the date of death of eight people: the start and the
    // descriptions that say so are not anyone's date in particular.
    expect(text).not.toContain('temporal.start');
    expect(text).not.toContain('description');
  });

  it('accepts the dataset as published: its coverage is to the month, its descriptions name the first day', async () => {
    const c = capture();
    expect(await main(['validate', join(root, 'datasets', 'la-riots-deaths')], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('valid (63 rows checked)');
  });
});
