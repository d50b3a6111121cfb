/**
 * The temporal coverage is published as written, so it may be no more precise than the dates the
 * dataset publishes: a day-precision `temporal.end` over deaths published to the month is the date of
 * death of the last person (review finding H4, la-riots-deaths).
 */
import { describe, expect, it } from 'vitest';
import { metadataPiiIssues } from '../../../functions/core/protection/metadata-pii.ts';
import { temporalPrecisionIssues } from '../../../functions/core/protection/metadata-temporal.ts';
import { type FieldInput, manifestOf } from '../../fixtures/gate/harness.ts';

const DEATH_MONTH: FieldInput = {
  name: 'death_date',
  type: 'date',
  grade: 'sensitive',
  treatment: { kind: 'generalize-date', to: 'month' },
};
const ID: FieldInput = { name: 'id', type: 'integer' };

function issues(fields: FieldInput[], temporal: { start: string; end?: string } | undefined) {
  return temporalPrecisionIssues(manifestOf(fields, temporal ? { temporal } : {}));
}

describe('temporal coverage no more precise than the published dates', () => {
  it('refuses the la-riots case: day bounds over dates generalized to the month, naming place, reason and fix', () => {
    const found = issues([ID, DEATH_MONTH], { start: '1992-04-29', end: '1993-11-24' });
    expect(found.map((i) => [i.type, i.field])).toEqual([
      ['pii/metadata', 'temporal.start'],
      ['pii/metadata', 'temporal.end'],
    ]);
    const end = found[1];
    expect(end?.message).toContain('temporal.end in dataset.yaml');
    expect(end?.message).toContain('death_date: generalize-date to month');
    expect(end?.message).toContain('no more precisely than the month');
    expect(end?.hint).toContain('`end: 1993-11`');
    // The day the treatment removed is not repeated in the report.
    expect(JSON.stringify(found)).not.toMatch(/24|29/);
    expect(end?.value).toBe('1993-11-**');
  });

  it('is part of the metadata scan (pii/metadata)', () => {
    const m = manifestOf([ID, DEATH_MONTH], { temporal: { start: '1992-04', end: '1993-11-24' } });
    expect(metadataPiiIssues(m).map((i) => i.field)).toEqual(['temporal.end']);
  });

  it('accepts month or year bounds over dates generalized to the month', () => {
    expect(issues([ID, DEATH_MONTH], { start: '1992-04', end: '1993-11' })).toEqual([]);
    expect(issues([ID, DEATH_MONTH], { start: '1992', end: '1993' })).toEqual([]);
    expect(issues([ID, DEATH_MONTH], { start: '1992-04' })).toEqual([]);
  });

  it('asks for the year, quoted, when the dates are generalized to the year', () => {
    const birth: FieldInput = {
      name: 'birth',
      type: 'date',
      grade: 'sensitive',
      treatment: { kind: 'generalize-date', to: 'year' },
    };
    const found = issues([ID, birth], { start: '1980-03', end: '1999' });
    expect(found.map((i) => i.field)).toEqual(['temporal.start']);
    expect(found[0]?.hint).toContain("`start: '1980'`");
    expect(found[0]?.message).toContain('no more precisely than the year');
  });

  it('accepts day bounds when an untreated public date field publishes days', () => {
    const visit: FieldInput = { name: 'visit_date', type: 'date' };
    const birth: FieldInput = { name: 'birth', type: 'date', grade: 'sensitive', treatment: { kind: 'drop' } };
    expect(issues([ID, visit, birth, DEATH_MONTH], { start: '2024-01-03', end: '2024-12-30' })).toEqual([]);
    const stamp: FieldInput = { name: 'recorded_at', type: 'datetime' };
    expect(issues([ID, stamp, DEATH_MONTH], { start: '2024-01-03', end: '2024-12-30' })).toEqual([]);
  });

  it('allows the finest precision any field publishes: a public yearmonth field allows months', () => {
    const period: FieldInput = { name: 'period', type: 'yearmonth' };
    const birth: FieldInput = { name: 'birth', type: 'date', grade: 'internal' };
    expect(issues([ID, period, birth], { start: '2024-01', end: '2024-12' })).toEqual([]);
    expect(issues([ID, period, birth], { start: '2024-01-01' }).map((i) => i.field)).toEqual(['temporal.start']);
  });

  it('allows only the year when no true date is published: shifted, dropped, redacted, internal', () => {
    const concealed: FieldInput[] = [
      {
        name: 'admitted',
        type: 'date',
        grade: 'sensitive',
        treatment: { kind: 'date-shift', maxDays: 30, keyField: 'id' },
      },
      { name: 'born', type: 'date', grade: 'sensitive', treatment: { kind: 'drop' } },
      { name: 'died', type: 'datetime', treatment: { kind: 'redact' } },
      { name: 'created', type: 'date', grade: 'internal' },
    ];
    for (const f of concealed) {
      const found = issues([ID, f], { start: '2024-03', end: '2024-11-02' });
      expect(
        found.map((i) => i.field),
        f.name,
      ).toEqual(['temporal.start', 'temporal.end']);
      expect(found[0]?.message).toContain('publishes no true date');
      expect(found[0]?.message).toContain(`${f.name}: `);
      expect(issues([ID, f], { start: '2024', end: '2024' }), f.name).toEqual([]);
    }
  });

  it('checks nothing when no date field is concealed, or there is no coverage', () => {
    expect(issues([ID, { name: 'day', type: 'date' }], { start: '2012-01-01', end: '2015-12-31' })).toEqual([]);
    expect(issues([ID, { name: 'n', type: 'number' }], { start: '2023-06-30' })).toEqual([]);
    // A date field coarsened to what it already holds is not concealed.
    const ym: FieldInput = { name: 'ym', type: 'yearmonth', treatment: { kind: 'generalize-date', to: 'year' } };
    expect(issues([ID, { name: 'y', type: 'year' }], { start: '2023-06-30' })).toEqual([]);
    expect(issues([ID, ym], { start: '2023' })).toEqual([]);
    expect(issues([ID, DEATH_MONTH], undefined)).toEqual([]);
  });
});
