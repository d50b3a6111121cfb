import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEntry } from '../../../functions/core/catalog/build-entry.ts';
import { DatasetEntry, type PublishedField, VersionRecord } from '../../../functions/core/catalog/schema.ts';
import {
  buildValueProfile,
  type CountedColumn,
  PROFILE_MAX_BYTES,
  PROFILE_MAX_DISTINCT,
  PROFILE_MAX_VALUE_LENGTH,
  PROFILE_MIN_ROWS,
  PROFILE_VALUES_PER_COLUMN,
  type ProfiledColumn,
  profileColumns,
  profileMinRows,
  SEARCH_VALUES_MAX_BYTES,
  utf8Length,
  ValueProfile,
} from '../../../functions/core/catalog/value-profile.ts';
import { RECORD_BUDGET_BYTES, versionRecordBytes } from '../../../functions/core/release/record-size.ts';
import { manifestOf } from '../../fixtures/gate/harness.ts';
import { sampleEntry, sampleVersion } from '../../support/catalog-samples.ts';

/** The value profile of a published version (value-profile.ts): which columns, and how much of them. */
describe('which columns get a value profile', () => {
  const fields: PublishedField[] = [
    { name: 'district', type: 'string', grade: 'public' },
    { name: 'count', type: 'integer', grade: 'public' },
    { name: 'month', type: 'yearmonth', grade: 'public' },
    { name: 'place', type: 'geopoint', grade: 'public' },
    { name: 'patient', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize', length: 16 } },
    { name: 'phone', type: 'string', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 3 } },
    { name: 'age', type: 'string', grade: 'sensitive', treatment: { kind: 'generalize-number', width: 10 } },
    // Public but treated anyway: its published values are not the source's.
    { name: 'street', type: 'string', grade: 'public', treatment: { kind: 'redact' } },
    { name: 'office_phone', type: 'string', grade: 'public' },
    { name: 'weather', type: 'string', grade: 'public' },
  ];

  it('only public, untreated text columns, in published order', () => {
    expect(profileColumns(fields)).toEqual(['district', 'office_phone', 'weather']);
  });

  it('not a column published under a PII exception', () => {
    expect(profileColumns(fields, ['office_phone'])).toEqual(['district', 'weather']);
  });

  it('reads the exceptions as a manifest declares them', () => {
    const manifest = manifestOf(
      [
        { name: 'office', type: 'string' },
        { name: 'switchboard', type: 'string' },
      ],
      {
        id: 'offices',
        piiExceptions: [
          {
            field: 'switchboard',
            detector: 'mobile-cn',
            justification: 'official switchboard numbers of public agencies',
          },
        ],
      },
    );
    expect(
      profileColumns(
        manifest.fields.map((f) => ({ name: f.name, type: f.type, grade: f.grade })),
        manifest.piiExceptions.map((e) => e.field),
      ),
    ).toEqual(['office']);
  });
});

const col = (field: string, counts: [string, number][]): CountedColumn => ({ field, counts });
const many = (n: number, prefix = 'v') =>
  Array.from({ length: n }, (_, i): [string, number] => [`${prefix}${i}`, PROFILE_MIN_ROWS]);

describe('the profile of counted columns', () => {
  it('keeps the most frequent values first, ties in code-unit order', () => {
    const p = buildValueProfile([
      col('weather', [
        ['sun', 10],
        ['rain', 30],
        ['fog', 10],
        ['snow', 5],
      ]),
    ]);
    expect(p).toEqual([{ field: 'weather', values: ['rain', 'fog', 'sun', 'snow'], distinct: 4 }]);
  });

  it(`never profiles a value fewer than ${PROFILE_MIN_ROWS} rows hold, nor fewer than the dataset's k`, () => {
    // la-riots-deaths: 24 of 38 neighbourhoods held exactly one death, and search found the dataset by them.
    const district = col('district', [
      ['Koreatown', 9],
      ['Watts', 5],
      ['Pico-Union', 4],
      ['Westlake', 1],
    ]);
    expect(buildValueProfile([district])).toEqual([{ field: 'district', values: ['Koreatown', 'Watts'], distinct: 4 }]);
    expect(buildValueProfile([district], 8)).toEqual([{ field: 'district', values: ['Koreatown'], distinct: 4 }]);
    // Never below the floor, whatever is asked.
    expect(buildValueProfile([district], 2)).toEqual(buildValueProfile([district]));
    expect(buildValueProfile([col('rare', [['only', 4]])])).toEqual([]);
    expect(profileMinRows({})).toBe(PROFILE_MIN_ROWS);
    expect(profileMinRows({ kAnonymity: { quasiIdentifiers: ['district'], k: 3, suppress: false } })).toBe(5);
    expect(profileMinRows({ kAnonymity: { quasiIdentifiers: ['district'], k: 10, suppress: false } })).toBe(10);
  });

  it('trims values, merges those equal once trimmed, and drops empty ones', () => {
    const p = buildValueProfile([
      col('city', [
        [' Seattle', 3],
        ['Seattle ', 3],
        ['Portland', 5],
        ['   ', 50],
        ['', 9],
      ]),
    ]);
    expect(p).toEqual([{ field: 'city', values: ['Seattle', 'Portland'], distinct: 2 }]);
  });

  it('leaves out values with a control character (search joins a column with one)', () => {
    const p = buildValueProfile([
      col('code', [
        ['a\u0001b', 9],
        ['tab\there', 8],
        ['ok', 5],
      ]),
    ]);
    expect(p).toEqual([{ field: 'code', values: ['ok'], distinct: 3 }]);
  });

  it('leaves out values with a format character or a line or paragraph separator (bidi, invisible)', () => {
    const hidden = [
      'evil\u202egnp.exe',
      'zero\u200bwidth',
      'join\u200dme',
      'b\ufeffom',
      'line\u2028break',
      'para\u2029break',
    ];
    const p = buildValueProfile([col('code', [...hidden.map((v): [string, number] => [v, 50]), ['ok', 5]])]);
    expect(p).toEqual([{ field: 'code', values: ['ok'], distinct: hidden.length + 1 }]);
  });

  it(`drops a column of more than ${PROFILE_MAX_DISTINCT} distinct values (free text, names, ids), keeps one of exactly that many`, () => {
    const p = buildValueProfile([col('id', many(PROFILE_MAX_DISTINCT + 1)), col('code', many(PROFILE_MAX_DISTINCT))]);
    expect(p.map((c) => c.field)).toEqual(['code']);
    expect(p[0]?.distinct).toBe(PROFILE_MAX_DISTINCT);
    expect(p[0]?.values).toHaveLength(PROFILE_VALUES_PER_COLUMN);
  });

  it(`leaves out values longer than ${PROFILE_MAX_VALUE_LENGTH} characters, and a column with only those`, () => {
    const long = 'x'.repeat(PROFILE_MAX_VALUE_LENGTH + 1);
    const p = buildValueProfile([
      col('note', [
        [long, 100],
        ['ok', 5],
      ]),
      col('remarks', [[long, 5]]),
    ]);
    expect(p).toEqual([{ field: 'note', values: ['ok'], distinct: 2 }]);
  });

  it(`keeps at most ${PROFILE_VALUES_PER_COLUMN} values per column and ${PROFILE_MAX_BYTES} bytes in all, shared rank by rank`, () => {
    const wide = (name: string) => col(name, many(200, `${'长'.repeat(20)}-${name}-`));
    const p = buildValueProfile([wide('a'), wide('b'), wide('c'), col('small', [['x', 5]])]);
    const bytes = p.flatMap((c) => c.values).reduce((n, v) => n + utf8Length(v), 0);
    expect(bytes).toBeLessThanOrEqual(PROFILE_MAX_BYTES);
    expect(bytes).toBeGreaterThan(PROFILE_MAX_BYTES - 100);
    // Every column got its share: the first ones could not take the whole budget.
    expect(p.map((c) => c.field)).toEqual(['a', 'b', 'c', 'small']);
    const lengths = p.slice(0, 3).map((c) => c.values.length);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    expect(p.every((c) => c.values.length <= PROFILE_VALUES_PER_COLUMN)).toBe(true);
    expect(p[0]?.distinct).toBe(200);
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('海淀区')).toBe(9);
    expect(utf8Length('𠀀')).toBe(4);
  });

  it('always gives a valid profile, a prefix of each column by frequency, without mutating its input', () => {
    const value = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('北京市', ' a ', 'a', '', '  '));
    // Column names are unique, as in a manifest: each profiled column is checked against its own counts.
    const columns = fc.uniqueArray(
      fc.record({
        field: fc.string({ minLength: 1, maxLength: 8 }),
        counts: fc.array(fc.tuple(value, fc.integer({ min: 1, max: 1000 })), { maxLength: 120 }),
      }),
      { maxLength: 6, selector: (c) => c.field },
    );
    fc.assert(
      fc.property(columns, (input) => {
        const before = structuredClone(input);
        const p = buildValueProfile(input);
        expect(input).toEqual(before);
        expect(ValueProfile.safeParse(p).success).toBe(true);
        expect(p.flatMap((c) => c.values).reduce((n, v) => n + utf8Length(v), 0)).toBeLessThanOrEqual(
          PROFILE_MAX_BYTES,
        );
        for (const c of p) {
          const merged = new Map<string, number>();
          for (const [v, n] of input.find((i) => i.field === c.field)?.counts ?? []) {
            if (v.trim()) merged.set(v.trim(), (merged.get(v.trim()) ?? 0) + n);
          }
          const counts = c.values.map((v) => merged.get(v) as number);
          expect(counts.every((n, i) => i === 0 || n <= (counts[i - 1] as number))).toBe(true);
          expect(counts.every((n) => n >= PROFILE_MIN_ROWS)).toBe(true);
          expect(c.distinct).toBe(merged.size);
        }
      }),
    );
  });
});

describe('the columns a manifest declares searchValues on (reference data)', () => {
  /** 2,978 county names, each one row's, a few repeated (四个鼓楼区): as cn-counties publishes them. */
  const counties = (n: number): CountedColumn => ({
    field: 'name',
    searchValues: true,
    counts: Array.from({ length: n }, (_, i): [string, number] => [`县${i}`, i % 700 === 0 ? 4 : 1]),
  });

  it('lists every value, however few rows hold it, most frequent first, past 50 values and 1,000 distinct', () => {
    const [c] = buildValueProfile([counties(2978)]);
    expect(c?.searchValues).toBe(true);
    expect(c?.distinct).toBe(2978);
    expect(c?.values).toHaveLength(2978);
    expect(c?.values.slice(0, 6)).toEqual(['县0', '县1400', '县2100', '县2800', '县700', '县1']);
    expect(ValueProfile.safeParse([c]).success).toBe(true);
    // Not so without the declaration: the column has too many values, and none has five rows.
    expect(buildValueProfile([{ ...counties(2978), searchValues: false }])).toEqual([]);
  });

  it(`shares ${SEARCH_VALUES_MAX_BYTES} bytes among such columns, rank by rank, besides the ${PROFILE_MAX_BYTES} of the others`, () => {
    const long = (field: string): CountedColumn => ({
      field,
      searchValues: true,
      counts: Array.from({ length: 5000 }, (_, i): [string, number] => [`${field}-${'名'.repeat(10)}-${i}`, 1]),
    });
    const common = col('kind', many(40, `${'类'.repeat(40)}-`));
    const p = buildValueProfile([long('a'), common, long('b')]);
    expect(p.map((c) => c.field)).toEqual(['a', 'kind', 'b']);
    const bytes = (c: ProfiledColumn | undefined) => (c?.values ?? []).reduce((n, v) => n + utf8Length(v), 0);
    expect(bytes(p[0]) + bytes(p[2])).toBeLessThanOrEqual(SEARCH_VALUES_MAX_BYTES);
    expect(bytes(p[0]) + bytes(p[2])).toBeGreaterThan(SEARCH_VALUES_MAX_BYTES - 100);
    expect(Math.abs((p[0]?.values.length ?? 0) - (p[2]?.values.length ?? 0))).toBeLessThanOrEqual(1);
    // The list is partial, and says so: distinct is the column's, values what fitted.
    expect(p[0]?.distinct).toBe(5000);
    expect(p[0]?.values.length).toBeLessThan(5000);
    // The common column keeps its own budget.
    expect(bytes(p[1])).toBeLessThanOrEqual(PROFILE_MAX_BYTES);
    expect(p[1]?.searchValues).toBeUndefined();
    expect(ValueProfile.safeParse(p).success).toBe(true);
  });

  it('takes the distinct count a counter gives when it sent only the most frequent values', () => {
    const p = buildValueProfile([{ field: 'name', searchValues: true, counts: [['a', 3]], distinct: 41_352 }]);
    expect(p).toEqual([{ field: 'name', values: ['a'], distinct: 41_352, searchValues: true }]);
  });

  it('still leaves out empty, over-long and control-character values', () => {
    const p = buildValueProfile([
      {
        field: 'name',
        searchValues: true,
        counts: [
          ['  ', 9],
          ['x'.repeat(PROFILE_MAX_VALUE_LENGTH + 1), 5],
          ['evil\u202egnp', 1],
          ['ok', 1],
        ],
      },
    ]);
    expect(p).toEqual([{ field: 'name', values: ['ok'], distinct: 3, searchValues: true }]);
  });

  it('a version record holding the largest such profile stays within a record', () => {
    // 1-character values cost the most JSON per byte; distinct ones run out, so take 2- and 3-byte ones.
    const values = Array.from({ length: 25_000 }, (_, i) => String.fromCodePoint(0x4e00 + i));
    const [c] = buildValueProfile([{ field: 'name', searchValues: true, counts: values.map((v) => [v, 1]) }]);
    const pending = { ...sampleVersion('d', 1), valueProfile: [c as ProfiledColumn] };
    expect(versionRecordBytes(pending, 2)).toBeLessThan(RECORD_BUDGET_BYTES / 2);
  });
});

describe('the profile in the catalogue', () => {
  const profile: ValueProfile = [{ field: 'code', values: ['11', '12'], distinct: 31 }];

  it('goes from the version to the entry', () => {
    const version = { ...sampleVersion('d', 1), state: 'published' as const, valueProfile: profile };
    const entry = buildEntry(
      manifestOf([{ name: 'code', type: 'string' }], { id: 'd' }),
      { publishers: [{ id: 'demo-stats', name: { en: 'Stats' }, email: 'a@b.example' }], licenses: [] },
      version,
      undefined,
      '2026-01-01T00:00:00Z',
    );
    expect(entry.valueProfile).toEqual(profile);
    expect(DatasetEntry.parse(entry).valueProfile).toEqual(profile);
  });

  it('is optional: entries and versions stored before it existed still parse', () => {
    const old = { ...sampleEntry('old'), latestVersion: 1 };
    expect(DatasetEntry.parse(old).valueProfile).toBeUndefined();
    expect(VersionRecord.parse(sampleVersion('old', 1)).valueProfile).toBeUndefined();
  });

  it('reads a searchValues column past the limits of common values, and refuses one that claims them without it', () => {
    const values = many(3000).map(([v]) => v);
    expect(ValueProfile.safeParse([{ field: 'x', values, distinct: 40_000, searchValues: true }]).success).toBe(true);
    expect(ValueProfile.safeParse([{ field: 'x', values, distinct: 40_000 }]).success).toBe(false);
    expect(ValueProfile.safeParse([{ field: 'x', values: ['a'], distinct: 40_000 }]).success).toBe(false);
  });

  it('refuses a profile beyond its limits', () => {
    const tooMany = { field: 'x', values: many(PROFILE_VALUES_PER_COLUMN + 1).map(([v]) => v), distinct: 60 };
    expect(ValueProfile.safeParse([tooMany]).success).toBe(false);
    expect(ValueProfile.safeParse([{ field: 'x', values: [''], distinct: 1 }]).success).toBe(false);
    expect(ValueProfile.safeParse([{ field: 'x', values: ['a'], distinct: PROFILE_MAX_DISTINCT + 1 }]).success).toBe(
      false,
    );
  });
});
