import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetEntry, VersionRecord } from '../../functions/core/catalog/schema.ts';
import { PROFILE_MAX_DISTINCT } from '../../functions/core/catalog/value-profile.ts';
import { manifestOf, runGate } from '../fixtures/gate/harness.ts';
import { startTestPlatform } from '../support/platform.ts';
import { getOk, searchDatasets } from '../support/release-fixtures.ts';

/**
 * The value profile through the real pipeline (DuckDB): computed from the data as published, so the
 * values of treated, sensitive, internal and suppressed data never reach it, nor the catalogue, nor search.
 */
describe('the value profile of a release (DuckDB processor)', () => {
  const DISTRICTS = ['海淀区', '朝阳区', '东城区'];
  const PATIENTS = ['张伟', '王芳', '李娜', '刘洋'];
  const PHONES = ['13812345678', '13987654321', '13700001111'];
  const rows = Array.from({ length: PROFILE_MAX_DISTINCT + 500 }, (_, i) => ({
    id: i + 1,
    district: DISTRICTS[i % 3] as string,
    patient: PATIENTS[i % 4] as string,
    phone: PHONES[i % 3] as string,
    zone: ['110105', '110108', '310101'][i % 3] as string,
    flag: ['internal-a', 'internal-b'][i % 2] as string,
    remarks: `remark number ${i}`,
    status: ['open', 'closed', 'pending'][i % 3] as string,
  }));
  // One row of a district seen once: k-anonymity suppresses it, so its district is not published.
  rows.push({ ...rows[0]!, id: rows.length + 1, district: '孤村', remarks: 'lonely' });
  const csv = `id,district,patient,phone,zone,flag,remarks,status\n${rows
    .map((r) => [r.id, r.district, r.patient, r.phone, r.zone, r.flag, r.remarks, r.status].join(','))
    .join('\n')}\n`;
  const manifest = manifestOf(
    [
      { name: 'id', type: 'integer' },
      { name: 'district', type: 'string' },
      { name: 'patient', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize' } },
      { name: 'phone', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 3 } },
      // Public, but treated: its published values are not the source's, so it is not profiled.
      { name: 'zone', type: 'string', treatment: { kind: 'truncate-code', keep: 4 } },
      { name: 'flag', type: 'string', grade: 'internal' },
      { name: 'remarks', type: 'string' },
      { name: 'status', type: 'string' },
    ],
    { primaryKey: ['id'], kAnonymity: { quasiIdentifiers: ['district'], k: 2, suppress: true } },
  );
  const SECRET = [...PATIENTS, ...PHONES, '110105', '110108', '310101', 'internal-a', 'internal-b', '孤村', 'lonely'];

  it.each([
    ['the one-pass path', true],
    ['the detailed path', false],
  ])('holds only public, untreated, low-cardinality columns, as published (%s)', async (_, stagedPath) => {
    const run = await runGate(manifest, { 'data.csv': csv }, { processor: { stagedPath } });
    try {
      expect(run.result.report.valid).toBe(true);
      const profile = run.result.output?.valueProfile;
      expect(profile).toEqual([
        { field: 'district', values: ['东城区', '朝阳区', '海淀区'], distinct: 3 },
        { field: 'status', values: ['closed', 'open', 'pending'], distinct: 3 },
      ]);
      const text = JSON.stringify(profile);
      for (const s of SECRET) expect(text).not.toContain(s);
    } finally {
      await run.cleanup();
    }
  });
});

describe('the rows a profiled value needs (DuckDB processor)', () => {
  it('at least 5, or the k a manifest declares when larger', async () => {
    // 'open' in 12 rows, 'closed' in 7, 'pending' in 4, 'lost' in 1; every row in one age band.
    const statuses = [...Array(12).fill('open'), ...Array(7).fill('closed'), ...Array(4).fill('pending'), 'lost'];
    const csv = `id,band,status\n${statuses.map((s, i) => `${i + 1},40-49,${s}`).join('\n')}\n`;
    const fields = [
      { name: 'id', type: 'integer' as const },
      { name: 'band', type: 'string' as const },
      { name: 'status', type: 'string' as const },
    ];
    const profileOf = async (k?: number) => {
      const m = manifestOf(fields, {
        primaryKey: ['id'],
        ...(k ? { kAnonymity: { quasiIdentifiers: ['band'], k } } : {}),
      });
      const run = await runGate(m, { 'data.csv': csv });
      try {
        expect(run.result.report.valid).toBe(true);
        return run.result.output?.valueProfile.find((c) => c.field === 'status')?.values;
      } finally {
        await run.cleanup();
      }
    };
    expect(await profileOf()).toEqual(['open', 'closed']);
    expect(await profileOf(10)).toEqual(['open']);
  });
});

describe('the value profile in the catalogue and search (local platform)', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['la-riots-deaths', 'seattle-weather', 'us-airports'] });
  }, 120_000);
  afterAll(async () => {
    await p?.cleanup();
  });

  it('stores the profile with the version and the entry, without the dropped and treated columns', async () => {
    const entry = DatasetEntry.parse(await getOk(p.url, '/v1/datasets/la-riots-deaths'));
    const version = VersionRecord.parse(await getOk(p.url, '/v1/datasets/la-riots-deaths/versions/1'));
    expect(entry.valueProfile).toEqual(version.valueProfile);
    // Only values five deaths or more share: no neighbourhood (four at most, 24 of 38 with one death),
    // and of the races not Asian (two deaths).
    expect(entry.valueProfile?.map((c) => c.field)).toEqual(['gender', 'race', 'type']);
    expect(entry.valueProfile?.find((c) => c.field === 'race')?.values).toEqual(['Black', 'Latino', 'White']);
    // The source's names and addresses (dropped) are nowhere in it.
    const source = readFileSync(
      join(import.meta.dirname, '../../node_modules/vega-datasets/data/la-riots.csv'),
      'utf8',
    );
    const [header, ...lines] = source.trim().split('\n');
    const cols = (header ?? '').split(',');
    const withheld = ['first_name', 'last_name', 'address'].map((c) => cols.indexOf(c));
    expect(withheld.every((i) => i >= 0)).toBe(true);
    const text = JSON.stringify(entry.valueProfile);
    const secrets = lines.flatMap((l) => withheld.map((i) => l.split(',')[i]?.replace(/"/g, '').trim() ?? ''));
    for (const s of secrets.filter((s) => s.length > 3)) expect(text).not.toContain(s);
  });

  it('finds a dataset by a value of its data and says which, but not by a withheld or rare value', async () => {
    const r = await searchDatasets(p.url, 'VT');
    expect(r.datasets.map((d) => d.id)).toEqual(['us-airports']);
    expect(r.matchedValues).toEqual({ 'us-airports': [{ field: 'state', value: 'VT' }] });
    expect(r.datasets[0]).not.toHaveProperty('valueProfile');
    // A value fewer than five rows hold is not searchable through the data: one death's neighbourhood,
    // one airport's territory (Guam).
    expect((await searchDatasets(p.url, 'Koreatown')).matchedValues).toEqual({});
    expect((await searchDatasets(p.url, 'Koreatown')).datasets).toEqual([]);
    expect((await searchDatasets(p.url, 'GU')).matchedValues).toEqual({});
    // A value the metadata also has: found, and explained by the metadata (no matchedValues).
    const drizzle = await searchDatasets(p.url, 'drizzle');
    expect(drizzle.datasets.map((d) => d.id)).toEqual(['seattle-weather']);
    expect(drizzle.matchedValues).toEqual({});
    // A last name of the source (dropped column): no dataset through values.
    const source = readFileSync(
      join(import.meta.dirname, '../../node_modules/vega-datasets/data/la-riots.csv'),
      'utf8',
    );
    const header = (source.split('\n')[0] ?? '').split(',');
    const lastName = source.split('\n')[1]?.split(',')[header.indexOf('last_name')] ?? '';
    expect(lastName.length).toBeGreaterThan(2);
    expect((await searchDatasets(p.url, lastName)).matchedValues).toEqual({});
  });
});
