/**
 * `searchValues` (manifest/search-values.ts): a department declares that every value of a column finds
 * the dataset, rare ones included. Only on public, untreated text, never in a dataset about people: the
 * value profile's five-row rule protects a person whom one row describes, and the declaration lifts it.
 */
import { describe, expect, it } from 'vitest';
import { searchValueColumns } from '../../functions/core/catalog/value-profile.ts';
import { parseManifestYaml } from '../../functions/core/manifest/parse.ts';
import type { DatasetManifest } from '../../functions/core/manifest/schema.ts';
import { manifestProblems, manifestYamlOf } from '../fixtures/manifest.ts';

const FILE = 'datasets/places/dataset.yaml';

const HEAD = { id: 'places', title: 'Places', description: 'Place names.', theme: 'regions', frequency: 'annual' };
const manifestYaml = (fields: string, extra = '') => manifestYamlOf(HEAD, fields, extra);
const problems = (text: string) => manifestProblems(text, FILE);

const CODE = '  - {name: code, type: string}';

describe('searchValues in the manifest', () => {
  it('is accepted on a public, untreated text field, and read as declared', () => {
    const m = parseManifestYaml(manifestYaml(`${CODE}\n  - {name: name, type: string, searchValues: true}`), FILE);
    expect(m.fields.find((f) => f.name === 'name')?.searchValues).toBe(true);
    expect(searchValueColumns(m)).toEqual(['name']);
    // Off by default, and `false` says so.
    expect(m.fields.find((f) => f.name === 'code')?.searchValues).toBeUndefined();
    const off = parseManifestYaml(manifestYaml(`${CODE}\n  - {name: name, type: string, searchValues: false}`), FILE);
    expect(searchValueColumns(off)).toEqual([]);
  });

  it.each([
    ['a number', '  - {name: count, type: integer, searchValues: true}', 'is of type integer'],
    ['an internal field', '  - {name: note, type: string, grade: internal, searchValues: true}', 'is graded internal'],
    [
      'a treated public field',
      '  - {name: street, type: string, treatment: {kind: redact}, searchValues: true}',
      'has treatment redact',
    ],
    [
      'a sensitive field',
      '  - {name: patient, type: string, grade: sensitive, treatment: {kind: pseudonymize}, searchValues: true}',
      'is graded sensitive',
    ],
  ])('is refused on %s, at the field, with a hint', (_, field, message) => {
    const found = problems(manifestYaml(`${CODE}\n${field}`));
    expect(found).toHaveLength(1);
    expect(found[0]?.where).toBe(`${FILE}: fields[1].searchValues`);
    expect(found[0]?.message).toContain(message);
    expect(found[0]?.message).toContain('searchValues applies to');
    expect(found[0]?.hint).toMatch(/remove searchValues from this field/);
  });

  it('is refused on a field published under a PII exception', () => {
    const found = problems(
      manifestYaml(
        `${CODE}\n  - {name: switchboard, type: string, searchValues: true}`,
        `piiExceptions:
  - {field: switchboard, detector: mobile-cn, justification: official switchboard numbers of public agencies}`,
      ),
    );
    expect(found.map((p) => [p.where, p.message])).toEqual([
      [
        `${FILE}: fields[1].searchValues`,
        'field "switchboard" is named by a piiExceptions entry: personal data published under an exception is never made searchable',
      ],
    ]);
  });

  it('is refused in a dataset about people: one that declares kAnonymity, or has a sensitive field (dropped too)', () => {
    const district = '  - {name: district, type: string, searchValues: true}';
    const withK = problems(
      manifestYaml(`${CODE}\n${district}`, 'kAnonymity: {quasiIdentifiers: [district], k: 5, suppress: true}'),
    );
    expect(withK.map((p) => p.where)).toEqual([`${FILE}: fields[1].searchValues`]);
    expect(withK[0]?.message).toMatch(/declares kAnonymity, so its rows are about people/);
    const withSensitive = problems(
      manifestYaml(`${CODE}\n${district}\n  - {name: name, type: string, grade: sensitive, treatment: {kind: drop}}`),
    );
    expect(withSensitive.map((p) => p.where)).toEqual([`${FILE}: fields[1].searchValues`]);
    expect(withSensitive[0]?.message).toMatch(/has sensitive field\(s\) "name", so its rows are about people/);
  });

  it('the processor applies the same rule to a manifest that bypassed the check', () => {
    // As a record written before the rule, or by hand: never parsed by DatasetManifest.
    const raw = (extra: Partial<DatasetManifest>): DatasetManifest =>
      ({
        fields: [
          { name: 'district', type: 'string', grade: 'public', searchValues: true },
          { name: 'count', type: 'integer', grade: 'public', searchValues: true },
          { name: 'zone', type: 'string', grade: 'public', treatment: { kind: 'redact' }, searchValues: true },
        ],
        piiExceptions: [],
        ...extra,
      }) as unknown as DatasetManifest;
    expect(searchValueColumns(raw({}))).toEqual(['district']);
    expect(searchValueColumns(raw({ kAnonymity: { quasiIdentifiers: ['district'], k: 5, suppress: false } }))).toEqual(
      [],
    );
    expect(
      searchValueColumns(
        raw({
          piiExceptions: [{ field: 'district', detector: 'email', justification: 'public office addresses here' }],
        }),
      ),
    ).toEqual([]);
  });
});
