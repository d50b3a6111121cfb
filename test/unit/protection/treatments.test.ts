import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeidentificationEntry } from '../../../functions/core/catalog/schema.ts';
import { FieldSpec } from '../../../functions/core/manifest/schema.ts';
import { Treatment } from '../../../functions/core/manifest/treatment.ts';
import { FIELD_TYPES } from '../../../functions/core/manifest/vocabulary.ts';
import {
  applyTreatment,
  type CellValue,
  deidentificationEntry,
  describeTreatment,
  describeUndeclared,
  shiftDays,
  treatedType,
  treatmentProblems,
} from '../../../functions/core/protection/treatments/index.ts';
import { maskKeeps } from '../../../functions/core/protection/treatments/mask.ts';

const RUNS = 300;
const KEY = new Uint8Array(32).fill(7);
const key = fc.uint8Array({ minLength: 16, maxLength: 80 });
const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const ctx = { fieldType: 'string' as const, key: KEY };

/** Every treatment the schema accepts, with arbitrary parameters. */
const anyTreatment: fc.Arbitrary<Treatment> = fc.oneof(
  fc.constant({ kind: 'drop' as const }),
  fc.constant({ kind: 'redact' as const }),
  fc.record({
    kind: fc.constant('mask' as const),
    keepFirst: fc.nat(32),
    keepLast: fc.nat(32),
    char: fc.constantFrom('*', '#', '×'),
  }),
  fc.record(
    {
      kind: fc.constant('pseudonymize' as const),
      length: fc.integer({ min: 8, max: 64 }),
      caseInsensitive: fc.boolean(),
    },
    { requiredKeys: ['kind', 'length'] },
  ),
  fc.record({ kind: fc.constant('generalize-number' as const), width: fc.constantFrom(1, 5, 10, 0.5, 2.5, 1000) }),
  fc.record({ kind: fc.constant('generalize-date' as const), to: fc.constantFrom('month' as const, 'year' as const) }),
  fc.record({ kind: fc.constant('round-coordinates' as const), decimals: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('truncate-code' as const), keep: fc.integer({ min: 1, max: 32 }), pad: fc.boolean() }),
  fc.record({
    kind: fc.constant('date-shift' as const),
    maxDays: fc.integer({ min: 1, max: 3650 }),
    keyField: fc.constant('person'),
  }),
);

describe('every treatment', () => {
  it('parses under the shared Treatment schema (the generators cover real manifests)', () => {
    fc.assert(
      fc.property(anyTreatment, (t) => void Treatment.parse(t)),
      { numRuns: RUNS },
    );
  });

  it('never mutates its inputs: treatment, record, key and context stay as they were', () => {
    fc.assert(
      fc.property(
        anyTreatment,
        cell,
        fc.dictionary(fc.string(), cell),
        fc.constantFrom(...FIELD_TYPES),
        key,
        (t, value, record, fieldType, k) => {
          const c = { fieldType, key: k, record: { ...record, person: 'p-1' } };
          const before = structuredClone({ t, value, c });
          applyTreatment(value, Object.freeze(t), Object.freeze(c));
          expect({ t, value, c }).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps null as null', () => {
    fc.assert(
      fc.property(anyTreatment, (t) => {
        expect(applyTreatment(null, t, { ...ctx, record: { person: 'x' } })).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('pseudonymize', () => {
  const t = { kind: 'pseudonymize' as const, length: 16 };

  it('is deterministic for one key and differs across keys', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), key, key, (v, k1, k2) => {
        fc.pre(Buffer.compare(Buffer.from(k1), Buffer.from(k2)) !== 0);
        const a = applyTreatment(v, t, { fieldType: 'string', key: k1 });
        expect(applyTreatment(v, t, { fieldType: 'string', key: k1 })).toBe(a);
        expect(applyTreatment(v, t, { fieldType: 'string', key: k2 })).not.toBe(a);
      }),
      { numRuns: RUNS },
    );
  });

  it('is HMAC-SHA256 truncated to length, never the plain hash', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 8, max: 64 }), (v, length) => {
        const p = applyTreatment(v, { kind: 'pseudonymize', length }, ctx);
        expect(p).toBe(createHmac('sha256', KEY).update(v, 'utf8').digest('hex').slice(0, length));
        expect(p).not.toBe(createHash('sha256').update(v, 'utf8').digest('hex').slice(0, length));
        expect(p).not.toBe(v);
      }),
      { numRuns: RUNS },
    );
  });

  /** Text with ASCII letters of both cases, and letters whose Unicode case mapping is not ASCII's. */
  const cased = fc.string({
    unit: fc.constantFrom(...'0123456789xXaAzZ-é É ßıİ中'.split('')),
    minLength: 1,
    maxLength: 20,
  });
  const ci = { ...t, caseInsensitive: true };
  const flipAscii = (v: string) =>
    v.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));

  it('caseInsensitive: deterministic for one key, and different across keys', () => {
    fc.assert(
      fc.property(cased, key, key, (v, k1, k2) => {
        fc.pre(Buffer.compare(Buffer.from(k1), Buffer.from(k2)) !== 0);
        const a = applyTreatment(v, ci, { fieldType: 'string', key: k1 });
        expect(applyTreatment(v, ci, { fieldType: 'string', key: k1 })).toBe(a);
        expect(applyTreatment(v, ci, { fieldType: 'string', key: k2 })).not.toBe(a);
      }),
      { numRuns: RUNS },
    );
  });

  it('caseInsensitive: any ASCII case variant of a value gets its pseudonym, the plain one of its upper case', () => {
    fc.assert(
      fc.property(cased, fc.integer({ min: 8, max: 64 }), (v, length) => {
        const opt = { kind: 'pseudonymize' as const, length, caseInsensitive: true };
        const p = applyTreatment(v, opt, ctx);
        expect(applyTreatment(flipAscii(v), opt, ctx)).toBe(p);
        expect(p).toBe(
          applyTreatment(
            v.replace(/[a-z]/g, (c) => c.toUpperCase()),
            { kind: 'pseudonymize', length },
            ctx,
          ),
        );
      }),
      { numRuns: RUNS },
    );
    // The finding: one resident ID, its check character written x or X.
    expect(applyTreatment('11010119900307451x', ci, ctx)).toBe(applyTreatment('11010119900307451X', ci, ctx));
  });

  it('caseInsensitive: only a-z are folded, never other letters (é/É, ß, ı/İ keep their pseudonyms apart)', () => {
    for (const [a, b] of [
      ['é', 'É'],
      ['ß', 'SS'],
      ['ı', 'I'],
      ['İ', 'I'],
    ] as const) {
      expect(applyTreatment(a, ci, ctx)).not.toBe(applyTreatment(b, ci, ctx));
    }
  });

  it('without caseInsensitive, case variants get different pseudonyms (published pseudonyms never change)', () => {
    fc.assert(
      fc.property(cased, (v) => {
        fc.pre(/[a-zA-Z]/.test(v));
        expect(applyTreatment(flipAscii(v), t, ctx)).not.toBe(applyTreatment(v, t, ctx));
        expect(applyTreatment(v, { ...t, caseInsensitive: false }, ctx)).toBe(applyTreatment(v, t, ctx));
      }),
      { numRuns: RUNS },
    );
  });

  it('caseInsensitive leaves a value without a-z with its plain pseudonym (opting in keeps those stable)', () => {
    fc.assert(
      fc.property(cased, (v) => {
        fc.pre(!/[a-z]/.test(v));
        expect(applyTreatment(v, ci, ctx)).toBe(applyTreatment(v, t, ctx));
      }),
      { numRuns: RUNS },
    );
  });

  it('caseInsensitive is optional: a manifest without it parses as before, with no new key', () => {
    expect(Treatment.parse({ kind: 'pseudonymize' })).toEqual({ kind: 'pseudonymize', length: 16 });
    expect(Treatment.parse({ kind: 'pseudonymize', caseInsensitive: true })).toEqual(ci);
    expect(Treatment.safeParse({ kind: 'pseudonymize', caseInsensitive: 'yes' }).success).toBe(false);
  });

  it('refuses to run without a key, or with a short one', () => {
    expect(() => applyTreatment('13812345678', t, { fieldType: 'string' })).toThrow(/key/);
    expect(() => applyTreatment('13812345678', t, { fieldType: 'string', key: new Uint8Array(8) })).toThrow(/16 bytes/);
  });
});

describe('mask', () => {
  it('masks by code points and never publishes the original text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.nat(32), fc.nat(32), (v, keepFirst, keepLast) => {
        const cps = [...v];
        const { first, last } = maskKeeps({ keepFirst, keepLast }, cps.length);
        const out = applyTreatment(v, { kind: 'mask', keepFirst, keepLast, char: '*' }, ctx) as string;
        expect([...out].length).toBe(cps.length);
        // At least a third of the text, and at least one character, is masked whatever the manifest asks.
        expect(cps.length - first - last).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(cps.length / 3)));
        // Information to hide: the masked span is not already all mask characters.
        if (cps.slice(first, cps.length - last).some((c) => c !== '*')) expect(out).not.toBe(v);
      }),
      { numRuns: RUNS },
    );
  });

  it('works on Chinese names and phone numbers', () => {
    expect(applyTreatment('张三丰', { kind: 'mask', keepFirst: 1, keepLast: 0, char: '*' }, ctx)).toBe('张**');
    expect(applyTreatment('张三', { kind: 'mask', keepFirst: 1, keepLast: 1, char: '*' }, ctx)).toBe('张*');
    expect(applyTreatment('13812345678', { kind: 'mask', keepFirst: 3, keepLast: 4, char: '*' }, ctx)).toBe(
      '138****5678',
    );
    expect(applyTreatment('😀中文', { kind: 'mask', keepFirst: 1, keepLast: 0, char: '#' }, ctx)).toBe('😀##');
  });

  it('masks at least a third however much the manifest keeps (a check digit restores one missing character)', () => {
    const id = '11010519491231002X';
    expect(applyTreatment(id, { kind: 'mask', keepFirst: 17, keepLast: 0, char: '*' }, ctx)).toBe('110105194912******');
    expect(applyTreatment(id, { kind: 'mask', keepFirst: 6, keepLast: 4, char: '*' }, ctx)).toBe('110105********002X');
    expect(applyTreatment('13812345678', { kind: 'mask', keepFirst: 10, keepLast: 0, char: '*' }, ctx)).toBe(
      '1381234****',
    );
  });
});

describe('generalize-number', () => {
  const gen = (v: CellValue, width: number, fieldType: 'integer' | 'number') =>
    applyTreatment(v, { kind: 'generalize-number', width }, { fieldType });

  it('labels buckets "lo-hi", closed for integers, half-open for decimals', () => {
    expect(gen(37, 10, 'integer')).toBe('30-39');
    expect(gen(30, 10, 'integer')).toBe('30-39');
    expect(gen(-5, 10, 'integer')).toBe('-10--1');
    expect(gen(0, 10, 'integer')).toBe('0-9');
    expect(gen(37.5, 10, 'number')).toBe('30-40');
    expect(gen(-0.3, 0.5, 'number')).toBe('-0.5-0.0');
    expect(gen(1.26, 0.25, 'number')).toBe('1.25-1.50');
    expect(gen('42', 5, 'integer')).toBe('40-44');
    expect(gen('not a number', 5, 'integer')).toBeNull();
  });

  it('puts every value inside its bucket, and the label is never the value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.constantFrom(0.5, 1, 2.5, 10, 100),
        (x, width) => {
          const label = gen(x, width, 'number') as string;
          const [, lo, hi] = /^(-?[0-9.]+)-(-?[0-9.]+)$/.exec(label)!;
          // Tolerance: x / width may round (or underflow to 0) at the edge of a bucket.
          const eps = 1e-9 + 1e-9 * Math.abs(x);
          expect(Number(lo)).toBeLessThanOrEqual(x + eps);
          expect(x).toBeLessThan(Number(hi) + eps);
          expect(Number(hi) - Number(lo)).toBeCloseTo(width, 6);
          expect(label).not.toBe(String(x));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('generalize-date, round-coordinates, truncate-code', () => {
  it('truncates dates to month or year', () => {
    const c = { fieldType: 'date' as const };
    expect(applyTreatment('2024-05-06', { kind: 'generalize-date', to: 'month' }, c)).toBe('2024-05');
    expect(applyTreatment('2024-05-06T10:11:12Z', { kind: 'generalize-date', to: 'year' }, c)).toBe(2024);
    expect(applyTreatment('06/05/2024', { kind: 'generalize-date', to: 'year' }, c)).toBeNull();
  });

  it('rounds numbers and geopoints half away from zero', () => {
    const t = { kind: 'round-coordinates' as const, decimals: 2 };
    expect(applyTreatment(39.90469, t, { fieldType: 'number' })).toBe(39.9);
    expect(applyTreatment(-116.405, t, { fieldType: 'number' })).toBe(-116.41);
    expect(applyTreatment('39.90469,116.40717', t, { fieldType: 'geopoint' })).toBe('39.90,116.41');
    expect(applyTreatment('116.40717, -0.001', t, { fieldType: 'geopoint' })).toBe('116.41,0.00');
    expect(applyTreatment('somewhere', t, { fieldType: 'geopoint' })).toBeNull();
  });

  it('truncates region codes with zero padding', () => {
    expect(applyTreatment('110105', { kind: 'truncate-code', keep: 4, pad: true }, ctx)).toBe('110100');
    expect(applyTreatment(110105, { kind: 'truncate-code', keep: 2, pad: false }, ctx)).toBe('11');
    expect(applyTreatment('11', { kind: 'truncate-code', keep: 4, pad: true }, ctx)).toBe('11');
  });

  it('generalized values differ from originals that carry finer detail', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(applyTreatment(iso, { kind: 'generalize-date', to: 'month' }, { fieldType: 'date' })).not.toBe(iso);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6][0-9]{5}$/), fc.integer({ min: 1, max: 5 }), (code, keep) => {
        fc.pre(/[1-9]/.test(code.slice(keep)));
        expect(applyTreatment(code, { kind: 'truncate-code', keep, pad: true }, ctx)).not.toBe(code);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('date-shift', () => {
  const t = { kind: 'date-shift' as const, maxDays: 30, keyField: 'person' };

  it('shifts by a non-zero amount within ±maxDays, the same for one key value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 3650 }), key, (person, maxDays, k) => {
        const s = shiftDays(k, person, maxDays);
        expect(s).not.toBe(0);
        expect(Math.abs(s)).toBeLessThanOrEqual(maxDays);
        expect(shiftDays(k, person, maxDays)).toBe(s);
      }),
      { numRuns: RUNS },
    );
  });

  it('never returns the original date and keeps intervals within a record', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01'), max: new Date('2050-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.string({ minLength: 1 }),
        (d, stay, person) => {
          const c = { fieldType: 'date' as const, key: KEY, record: { person } };
          const admit = d.toISOString().slice(0, 10);
          const discharge = new Date(d.getTime() + stay * 86_400_000).toISOString().slice(0, 10);
          const a = applyTreatment(admit, t, c) as string;
          const b = applyTreatment(discharge, t, c) as string;
          expect(a).not.toBe(admit);
          expect((Date.parse(b) - Date.parse(a)) / 86_400_000).toBe(stay);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps the time of a datetime and withholds dates without a key value', () => {
    const shifted = applyTreatment('2024-05-06T10:11:12', t, {
      fieldType: 'datetime',
      key: KEY,
      record: { person: 'a' },
    });
    expect(shifted).toMatch(/^\d{4}-\d{2}-\d{2}T10:11:12$/);
    expect(applyTreatment('2024-05-06', t, { fieldType: 'date', key: KEY, record: { person: null } })).toBeNull();
    expect(applyTreatment('2024-05-06', t, { fieldType: 'date', key: KEY, record: {} })).toBeNull();
  });

  it('uses a derived key: the shift is not computable from the published pseudonym', () => {
    const pseudonym = applyTreatment('p-1', { kind: 'pseudonymize', length: 64 }, ctx) as string;
    const naive = Number.parseInt(pseudonym.slice(0, 8), 16) % 60;
    const naiveShift = naive < 30 ? naive - 30 : naive - 29;
    const shifts = ['p-1', 'p-2', 'p-3'].map((p) => shiftDays(KEY, p, 30));
    expect(shifts[0]).not.toBe(naiveShift);
  });
});

describe('treatedType and describeTreatment', () => {
  const field = (over: Record<string, unknown>) => FieldSpec.parse({ name: 'f', type: 'integer', ...over });

  it('gives the published type, or null when the field is not published', () => {
    expect(treatedType(field({}))).toBe('integer');
    expect(treatedType(field({ grade: 'internal' }))).toBeNull();
    expect(treatedType(field({ grade: 'core' }))).toBeNull();
    expect(treatedType(field({ grade: 'sensitive', treatment: { kind: 'drop' } }))).toBeNull();
    expect(treatedType(field({ grade: 'sensitive', treatment: { kind: 'generalize-number', width: 10 } }))).toBe(
      'string',
    );
    expect(
      treatedType(field({ type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'month' } })),
    ).toBe('yearmonth');
    expect(
      treatedType(field({ type: 'date', grade: 'sensitive', treatment: { kind: 'generalize-date', to: 'year' } })),
    ).toBe('year');
    expect(
      treatedType(
        field({ type: 'geopoint', grade: 'sensitive', treatment: { kind: 'round-coordinates', decimals: 2 } }),
      ),
    ).toBe('geopoint');
  });

  it('describes every treatment and grade as a valid entry without secrets', () => {
    fc.assert(
      fc.property(anyTreatment, fc.constantFrom('public', 'sensitive'), (t, grade) => {
        const e = deidentificationEntry({ name: 'f', type: 'date', grade, treatment: t });
        expect(DeidentificationEntry.parse(e)).toEqual(e);
        expect(e).toMatchObject(describeTreatment({ name: 'f', type: 'date', grade, treatment: t }));
        expect(e.action).not.toMatch(/[0-9a-f]{32}/);
      }),
      { numRuns: RUNS },
    );
    // maskKeeps masks at least a third of every value: the record must not promise only one character.
    const mask = describeTreatment(
      field({ grade: 'sensitive', treatment: { kind: 'mask', keepFirst: 17, keepLast: 0, char: '*' } }),
    );
    expect(mask.action).toContain('at least a third of every value');
    expect(describeTreatment(field({ grade: 'internal' })).action).toBe('not published');
    expect(describeTreatment(field({ grade: 'core' })).action).toBe('release refused');
    expect(describeTreatment(field({})).action).toBe('published as is');
    expect(DeidentificationEntry.parse(describeUndeclared('身份证号'))).toMatchObject({ action: 'not published' });
  });
});

describe('treatmentProblems', () => {
  it('accepts fitting treatments and names the misfits', () => {
    const names = ['visit', 'person'];
    expect(
      treatmentProblems(
        { name: 'visit', type: 'date', treatment: { kind: 'date-shift', maxDays: 30, keyField: 'person' } },
        names,
      ),
    ).toEqual([]);
    expect(
      treatmentProblems(
        { name: 'visit', type: 'string', treatment: { kind: 'date-shift', maxDays: 30, keyField: 'nobody' } },
        names,
      ),
    ).toHaveLength(2);
    expect(
      treatmentProblems(
        { name: 'age', type: 'integer', treatment: { kind: 'generalize-number', width: 1 / 3 } },
        names,
      ),
    ).toEqual(['bucket width 0.3333333333333333 of "age" has more than 9 decimals; use a rounder width']);
    expect(
      treatmentProblems(
        { name: 'pos', type: 'geopoint', treatment: { kind: 'round-coordinates', decimals: 2 } },
        names,
      ),
    ).toEqual([]);
  });
});
