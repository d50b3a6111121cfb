/**
 * Manifest rules about what is published: quasi-identifiers and primary keys must be published
 * columns, a primary key keeps distinct values distinct, and a treatment must fit its field's type.
 * Each used to pass the manifest check and then crash in DuckDB or publish wrong data.
 */
import { describe, expect, it } from 'vitest';
import { TREATMENT_FIELD_TYPES } from '../../functions/core/manifest/treatment.ts';
import { FIELD_TYPES } from '../../functions/core/manifest/vocabulary.ts';
import { manifestProblems, manifestYamlOf } from '../fixtures/manifest.ts';

const FILE = 'datasets/visits/dataset.yaml';

const HEAD = { id: 'visits', title: 'Visits', description: 'Clinic visits.', theme: 'health', frequency: 'monthly' };
const manifestYaml = (fields: string, extra = '') => manifestYamlOf(HEAD, fields, extra);
/** The problems in English (their Chinese, `zh`, is checked in manifest-error-messages-zh.test.ts). */
const problems = (text: string) => manifestProblems(text, FILE).map(({ zh: _zh, ...english }) => english);

const ID = '  - {name: id, type: integer}';
const DISTRICT = '  - {name: district, type: string}';

describe('kAnonymity.quasiIdentifiers', () => {
  it.each([
    ['dropped', '  - {name: email, type: string, grade: sensitive, treatment: {kind: drop}}', 'treatment drop'],
    ['internal', '  - {name: email, type: string, grade: internal}', 'graded internal'],
    ['dropped although public', '  - {name: email, type: string, treatment: {kind: drop}}', 'treatment drop'],
  ])('refuses a quasi-identifier that is not published (%s)', (_, email, why) => {
    const p = problems(
      manifestYaml([ID, email, DISTRICT].join('\n'), 'kAnonymity: {quasiIdentifiers: [email, district], k: 2}'),
    );
    expect(p).toEqual([
      {
        where: `${FILE}: kAnonymity.quasiIdentifiers[0]`,
        message: expect.stringContaining(`quasi-identifier "email" is not published (${why})`),
        hint: expect.stringContaining('list published fields only'),
      },
    ]);
  });

  it('accepts treated quasi-identifiers that stay published', () => {
    const age = '  - {name: age, type: integer, grade: sensitive, treatment: {kind: generalize-number, width: 10}}';
    expect(
      problems(manifestYaml([ID, age, DISTRICT].join('\n'), 'kAnonymity: {quasiIdentifiers: [age, district]}')),
    ).toEqual([]);
  });
});

describe('primaryKey', () => {
  it.each([
    ['{kind: drop}', 'is dropped'],
    ['{kind: generalize-number, width: 100}', 'treatment generalize-number'],
    ['{kind: mask, keepFirst: 1}', 'treatment mask'],
    ['{kind: redact}', 'treatment redact'],
    ['{kind: truncate-code, keep: 2}', 'treatment truncate-code'],
    ['{kind: round-coordinates, decimals: 0}', 'treatment round-coordinates'],
    ['{kind: pseudonymize, length: 8}', 'too few to keep distinct ids distinct'],
  ])('refuses a key field with treatment %s', (treatment, what) => {
    const p = problems(manifestYaml(`  - {name: id, type: integer, treatment: ${treatment}}`, 'primaryKey: [id]'));
    expect(p).toEqual([
      {
        where: `${FILE}: primaryKey[0]`,
        message: expect.stringContaining(what),
        hint: expect.stringContaining('a primary key must be published with distinct values'),
      },
    ]);
  });

  it('accepts an untreated or pseudonymized key (the HMAC keeps distinct ids distinct)', () => {
    expect(problems(manifestYaml(ID, 'primaryKey: [id]'))).toEqual([]);
    expect(
      problems(manifestYaml('  - {name: id, type: string, treatment: {kind: pseudonymize}}', 'primaryKey: [id]')),
    ).toEqual([]);
  });
});

describe('treatment against field type', () => {
  it.each([
    ['string', '{kind: date-shift, maxDays: 30, keyField: id}'],
    ['string', '{kind: round-coordinates, decimals: 2}'],
    ['string', '{kind: generalize-number, width: 10}'],
    ['string', '{kind: generalize-date, to: year}'],
    ['year', '{kind: generalize-date, to: month}'],
    ['integer', '{kind: date-shift, maxDays: 30, keyField: id}'],
  ])('refuses a %s field with %s', (type, treatment) => {
    const p = problems(
      manifestYaml([ID, `  - {name: x, type: ${type}, grade: sensitive, treatment: ${treatment}}`].join('\n')),
    );
    expect(p).toEqual([
      {
        where: `${FILE}: fields[1].treatment.kind`,
        message: expect.stringMatching(
          new RegExp(`^treatment [a-z-]+ does not fit field "x" of type ${type}: it applies to `),
        ),
        hint: expect.stringContaining('choose a treatment that fits the type'),
      },
    ]);
  });

  it('accepts every type the compatibility table lists', () => {
    const params: Record<string, string> = {
      'generalize-number': 'width: 10',
      'generalize-date': 'to: year',
      'round-coordinates': 'decimals: 2',
      'truncate-code': 'keep: 2',
      'date-shift': 'maxDays: 30, keyField: id',
    };
    for (const [kind, types] of Object.entries(TREATMENT_FIELD_TYPES)) {
      for (const type of types) {
        const t = `{kind: ${kind}${params[kind] ? `, ${params[kind]}` : ''}}`;
        expect(problems(manifestYaml([ID, `  - {name: x, type: ${type}, treatment: ${t}}`].join('\n')))).toEqual([]);
      }
    }
    expect(TREATMENT_FIELD_TYPES.mask).toEqual(FIELD_TYPES);
  });

  it('refuses a date-shift keyed by an undeclared field, and a bucket width labels cannot print', () => {
    const p = problems(
      manifestYaml(
        [
          ID,
          '  - {name: d, type: date, grade: sensitive, treatment: {kind: date-shift, maxDays: 9, keyField: person}}',
          '  - {name: a, type: number, grade: sensitive, treatment: {kind: generalize-number, width: 0.3333333333333333}}',
        ].join('\n'),
      ),
    );
    expect(p.map((x) => x.where)).toEqual([
      `${FILE}: fields[2].treatment.width`,
      `${FILE}: fields[1].treatment.keyField`,
    ]);
    expect(p[1]?.hint).toContain('name another declared field');
  });
});
