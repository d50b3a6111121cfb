/**
 * Which fields the staging pass casts without trimming (stage-sql.ts castUntrimmed): only typed
 * fields whose text nothing reads. A field whose text is read must keep the trim, or the fast path
 * could publish or accept what the detailed path would not.
 */
import { describe, expect, it } from 'vitest';
import { publishedFields } from '../../../functions/core/manifest/schema.ts';
import { castUntrimmed, stageSql } from '../../../functions/core/validation/stage-sql.ts';
import { type FieldInput, manifestOf } from '../../fixtures/gate/harness.ts';

const untrimmedOf = (fields: FieldInput[], primaryKey: string[] = []) => {
  const m = manifestOf(fields, { primaryKey });
  return [...castUntrimmed(m, new Set(publishedFields(m).map((f) => f.name)))].sort();
};

describe('cells cast without trimming', () => {
  it('are those of typed fields read only through their typed value', () => {
    expect(
      untrimmedOf([
        { name: 'n', type: 'integer', constraints: { required: true, minimum: 0, maximum: 9, unique: true } },
        { name: 'x', type: 'number' },
        { name: 'b', type: 'boolean' },
        { name: 'd', type: 'date' },
        { name: 't', type: 'datetime', format: '%Y-%m-%d %H:%M' },
        { name: 'h', type: 'time' },
        { name: 'y', type: 'year' },
        { name: 'g', type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'year' } },
      ]),
    ).toEqual(['b', 'd', 'g', 'h', 'n', 't', 'x', 'y']);
  });

  it('never includes text, or a field whose text a check, treatment or key reads', () => {
    expect(
      untrimmedOf(
        [
          { name: 's', type: 'string' },
          { name: 'ym', type: 'yearmonth' },
          { name: 'geo', type: 'geopoint' },
          { name: 'e', type: 'integer', constraints: { enum: ['1', '2'] } },
          { name: 'p', type: 'integer', constraints: { pattern: '[0-9]{3}' } },
          { name: 'm', type: 'integer', grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 2 } },
          { name: 'k', type: 'integer' },
          {
            name: 'shifted',
            type: 'date',
            grade: 'sensitive',
            treatment: { kind: 'date-shift', maxDays: 30, keyField: 'k' },
          },
          { name: 'u', type: 'integer', grade: 'internal', constraints: { unique: true } },
          { name: 'edge', type: 'date', format: ' %Y-%m-%d' },
        ],
        ['s'],
      ),
      // The shifted date itself is read as a date; its key field `k` is read as text.
    ).toEqual(['shifted']);
  });

  it('reach the staging SQL: untrimmed fields are read raw, the others trimmed', () => {
    const m = manifestOf([
      { name: 'n', type: 'integer' },
      { name: 's', type: 'string' },
    ]);
    const { sql } = stageSql(m, 'src', 'stage', 'pkey');
    expect(sql).toContain(`NULLIF("n", '') AS __v0`);
    expect(sql).toContain(`NULLIF(trim("s"), '') AS __v1`);
  });
});
