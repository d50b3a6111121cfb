/**
 * Review finding H4 end to end: the temporal coverage is published as written, so the gate (and
 * `opendata validate`, which runs it) refuses bounds more precise than the dates the dataset publishes.
 * la-riots-deaths published `death_date` to the month but `temporal.end: 1993-11-24`, the date of death
 * of the one person who died in November 1993.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { type FieldInput, gate, issuesOf, manifestOf } from '../fixtures/gate/harness.ts';

const root = join(import.meta.dirname, '..', '..');

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'death_date', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'month' } },
];
const CSV = 'id,death_date\n1,1992-04-29\n2,1992-04-30\n3,1993-11-24\n';

describe('the gate refuses temporal bounds finer than the published dates', () => {
  it('refuses day bounds over dates generalized to the month: nothing is published', async () => {
    const r = await gate(manifestOf(FIELDS, { temporal: { start: '1992-04-29', end: '1993-11-24' } }), {
      'data.csv': CSV,
    });
    expect(r.report.valid).toBe(false);
    expect(r.output).toBeUndefined();
    const found = issuesOf(r, 'pii/metadata');
    expect(found.map((i) => i.field)).toEqual(['temporal.start', 'temporal.end']);
    expect(found[1]?.hint).toContain('`end: 1993-11`');
    expect(JSON.stringify(r.report)).not.toContain('1993-11-24');
  });

  it('publishes the same data with month bounds', async () => {
    const r = await gate(manifestOf(FIELDS, { temporal: { start: '1992-04', end: '1993-11' } }), { 'data.csv': CSV });
    expect(r.report.issues).toEqual([]);
    expect(r.output).toBeDefined();
  });

  it('publishes day bounds when a public date field is published to the day', async () => {
    const fields: FieldInput[] = [...FIELDS, { name: 'reported', type: 'date' }];
    const csv = 'id,death_date,reported\n1,1992-04-29,1992-05-01\n2,1993-11-24,1993-12-01\n';
    const r = await gate(manifestOf(fields, { temporal: { start: '1992-05-01', end: '1993-12-01' } }), {
      'data.csv': csv,
    });
    expect(r.report.issues).toEqual([]);
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
    work = await mkdtemp(join(tmpdir(), 'metadata-temporal-'));
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
    expect(text).toContain('[pii/metadata] field "temporal.end": temporal.end in dataset.yaml is written to the day');
    expect(text).toContain('death_date: generalize-date to month');
    expect(text).toContain('hint: write `end: 1993-11`');
    expect(text).toContain('hint: write `start: 1992-04`');
  });

  it('accepts the dataset as published: its coverage is to the month, like death_date', async () => {
    const c = capture();
    expect(await main(['validate', join(root, 'datasets', 'la-riots-deaths')], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('valid (63 rows checked)');
  });
});
