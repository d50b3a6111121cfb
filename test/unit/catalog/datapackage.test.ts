/**
 * buildDataPackage states what Frictionless Data Package / Table Schema v2 readers need to read the
 * published text: each field's `format` as written, constraints a reader can cast with it and apply
 * to the field's type, tabular resources, and no property the v2 profile refuses (an empty keyword
 * list). test/integration/datapackage-written-forms.test.ts reads real files against it.
 */
import { describe, expect, it } from 'vitest';
import { buildDataPackage } from '../../../functions/core/catalog/datapackage.ts';
import type { DatasetEntry, PublishedField } from '../../../functions/core/catalog/schema.ts';
import { constraintText } from '../../../functions/core/catalog/written-forms.ts';

const entry = (keywords: string[]) =>
  ({
    id: 'd',
    title: { en: 'T' },
    description: { en: 'D' },
    keywords,
    publisher: { name: { en: 'P' } },
    source: {},
    license: { id: 'CC-BY-4.0', title: { en: 'CC BY 4.0' } },
  }) as unknown as DatasetEntry;

const FILES = [
  { name: 'data.csv', format: 'csv', mediaType: 'text/csv; charset=utf-8', bytes: 1, sha256: 'aa' },
  { name: 'data.parquet', format: 'parquet', mediaType: 'application/vnd.apache.parquet', bytes: 1, sha256: 'bb' },
  { name: 'data.ndjson', format: 'ndjson', mediaType: 'application/x-ndjson', bytes: 1, sha256: 'cc' },
  { name: 'data.json', format: 'json', mediaType: 'application/json', bytes: 1, sha256: 'dd' },
];

type Dp = {
  keywords?: string[];
  resources: { type: string; encoding?: string; schema: { fields: Record<string, unknown>[] } }[];
};

const field = (f: Partial<PublishedField> & Pick<PublishedField, 'name' | 'type'>): PublishedField => ({
  grade: 'public',
  ...f,
});

function fieldsOf(fields: PublishedField[]): Record<string, unknown>[] {
  const dp = buildDataPackage(
    entry(['k']),
    { version: 1, rowCount: 0, fields, primaryKey: [] },
    FILES,
    'https://api.example',
  ) as Dp;
  return dp.resources[0]?.schema.fields ?? [];
}

describe('buildDataPackage: resources', () => {
  it('marks every file a tabular resource; only the CSV has an encoding (utf-8, its BOM being its signature)', () => {
    const dp = buildDataPackage(
      entry(['k']),
      { version: 1, rowCount: 0, fields: [], primaryKey: [] },
      FILES,
      'https://x',
    ) as Dp;
    expect(dp.resources.map((r) => [r.type, r.encoding])).toEqual([
      ['table', 'utf-8'],
      ['table', undefined],
      ['table', undefined],
      ['table', undefined],
    ]);
  });

  it('leaves out an empty keyword list (v2: at least one item when present)', () => {
    const build = (k: string[]) =>
      buildDataPackage(entry(k), { version: 1, rowCount: 0, fields: [], primaryKey: [] }, [], 'https://x') as Dp;
    expect('keywords' in build([])).toBe(false);
    expect(build(['a']).keywords).toEqual(['a']);
  });
});

describe('buildDataPackage: fields', () => {
  it('declares the written pattern of a date-time, the field’s own when it has one (six fractional digits)', () => {
    const [plain, fine, time, day] = fieldsOf([
      field({ name: 'a', type: 'datetime' }),
      field({ name: 'b', type: 'datetime', format: '%Y-%m-%d %H:%M:%S.%f' }),
      field({ name: 'c', type: 'time' }),
      field({ name: 'd', type: 'date' }),
    ]);
    expect(plain).toMatchObject({ type: 'datetime', format: '%Y-%m-%d %H:%M:%S' });
    expect(fine).toMatchObject({ type: 'datetime', format: '%Y-%m-%d %H:%M:%S.%f' });
    expect(time && 'format' in time).toBe(false);
    expect(day && 'format' in day).toBe(false);
  });

  it('declares a "lat,lon" geopoint a string naming its order (v2’s geopoint is "lon, lat")', () => {
    const [g] = fieldsOf([
      field({ name: 'g', type: 'geopoint', constraints: { required: true, minimum: 1, pattern: '.+' } }),
    ]);
    expect(g).toEqual({
      name: 'g',
      type: 'string',
      'x-geopoint': 'lat,lon',
      constraints: { required: true, pattern: '.+' },
    });
  });

  it('writes date and time bounds and enums in the written form, leaving out what that form cannot state', () => {
    const [at, fine, clock, fineClock, day] = fieldsOf([
      field({
        name: 'at',
        type: 'datetime',
        constraints: {
          minimum: '2024-01-01T00:00:00',
          maximum: '2024-12-31',
          enum: ['2024-01-01T08:00', '2024-01-01 08:00:00'],
        },
      }),
      field({
        name: 'fine',
        type: 'datetime',
        format: '%Y-%m-%d %H:%M:%S.%f',
        constraints: { minimum: '2024-01-01T00:00:00.5', maximum: '2024-12-31T23:59:59+08:00' },
      }),
      field({ name: 'clock', type: 'time', constraints: { minimum: '6:00', maximum: '18:00:00.5' } }),
      field({ name: 'fineClock', type: 'time', format: '%H:%M:%S.%f', constraints: { minimum: '6:00' } }),
      field({ name: 'day', type: 'date', constraints: { minimum: '2024/01/01', maximum: '2024-12-31' } }),
    ]);
    expect(at?.constraints).toEqual({
      minimum: '2024-01-01 00:00:00',
      maximum: '2024-12-31 00:00:00',
      enum: ['2024-01-01 08:00:00'],
    });
    expect(fine?.constraints).toEqual({ minimum: '2024-01-01 00:00:00.500000' });
    expect(clock?.constraints).toEqual({ minimum: '06:00:00' });
    expect(fineClock?.constraints).toEqual({ minimum: '06:00:00.000000' });
    expect(day?.constraints).toEqual({ maximum: '2024-12-31' });
  });

  it('keeps a constraint only for the types v2 applies it to (pattern and maxLength: strings)', () => {
    const [n, s, ym] = fieldsOf([
      field({ name: 'n', type: 'integer', constraints: { minimum: 0, pattern: '[0-9]+', maxLength: 3, enum: [1, 2] } }),
      field({ name: 's', type: 'string', constraints: { pattern: '[A-Z]{3}', maxLength: 3, enum: ['ABC'] } }),
      field({ name: 'ym', type: 'yearmonth', constraints: { pattern: '.*', minimum: '2024-01' } }),
    ]);
    expect(n?.constraints).toEqual({ minimum: 0, enum: [1, 2] });
    expect(s?.constraints).toEqual({ pattern: '[A-Z]{3}', maxLength: 3, enum: ['ABC'] });
    expect(ym?.constraints).toEqual({ minimum: '2024-01' });
  });

  it('drops an enum one of whose values the written form cannot state, and a constraints object left empty', () => {
    const [at] = fieldsOf([
      field({ name: 'at', type: 'datetime', constraints: { enum: ['2024-01-01T08:00:00', '2024-01-01T08:00:00Z'] } }),
    ]);
    expect(at && 'constraints' in at).toBe(false);
  });
});

describe('constraintText', () => {
  it('reads ISO text with T or a space, and refuses zones, finer than microseconds and other shapes', () => {
    const dt = '%Y-%m-%d %H:%M:%S';
    expect(constraintText('datetime', dt, '2024-01-31T8:05')).toBe('2024-01-31 08:05:00');
    expect(constraintText('datetime', dt, '2024-01-31 08:05:00.000')).toBe('2024-01-31 08:05:00');
    expect(constraintText('datetime', dt, '2024-01-31 08:05:00.1')).toBeUndefined();
    expect(constraintText('datetime', `${dt}.%f`, '2024-01-31 08:05:00.1234567')).toBeUndefined();
    expect(constraintText('datetime', `${dt}.%f`, '2024-01-31 08:05:00.1234560')).toBe('2024-01-31 08:05:00.123456');
    expect(constraintText('datetime', dt, '2024-01-31T08:05:00+08:00')).toBeUndefined();
    expect(constraintText('datetime', dt, '31/01/2024')).toBeUndefined();
    expect(constraintText('time', undefined, '08:05:00Z')).toBeUndefined();
    expect(constraintText('integer', undefined, '5')).toBe('5');
  });
});
