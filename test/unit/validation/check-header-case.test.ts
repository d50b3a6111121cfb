/**
 * A header name that differs from a declared field only in letter case or surrounding spaces is
 * named as such in both issues (extra and missing column); a header that is really a data row keeps
 * its masked names and its own hint.
 */
import { describe, expect, it } from 'vitest';
import { parseManifestYaml } from '../../../functions/core/manifest/parse.ts';
import { checkHeader } from '../../../functions/core/validation/check-header.ts';
import { fixtureManifest } from '../../support/release-fixtures.ts';

const manifest = parseManifestYaml(fixtureManifest(), 'dataset.yaml');

describe('checkHeader: names differing in case or spaces', () => {
  it('says a column differs from a declared field only in letter case', () => {
    const issues = checkHeader(['station', 'PM25'], manifest, 'data.csv');
    const extra = issues.find((i) => i.type === 'header/extra-column');
    const missing = issues.find((i) => i.type === 'header/missing-column');
    expect(extra?.field).toBe('PM25');
    expect(extra?.hint).toMatch(/differs from the declared field "pm25" only in letter case/);
    expect(extra?.hint).toMatch(/letter case and spaces count/);
    expect(missing?.field).toBe('pm25');
    expect(missing?.hint).toMatch(/the header has "PM25", which differs only in letter case/);
  });

  it('says a column differs only in surrounding spaces', () => {
    const issues = checkHeader([' station', 'pm25'], manifest, 'data.csv');
    expect(issues.map((i) => [i.type, i.field])).toEqual([
      ['header/extra-column', ' station'],
      ['header/missing-column', 'station'],
    ]);
    expect(issues[0]?.hint).toMatch(/differs from the declared field "station" only in surrounding spaces/);
    expect(issues[1]?.hint).toMatch(/the header has " station", which differs only in surrounding spaces/);
  });

  it('keeps the general hints for unrelated names', () => {
    const issues = checkHeader(['station', 'pm10'], manifest, 'data.csv');
    expect(issues[0]?.hint).toMatch(/^declare it under fields/);
    expect(issues[1]?.hint).toMatch(/^add the column to the export/);
  });

  it('keeps masking a header that is really a data row', () => {
    const issues = checkHeader(['STATION', 'user1@example.com'], manifest, 'people.csv');
    expect(JSON.stringify(issues)).not.toContain('user1@example.com');
    for (const i of issues) expect(i.hint).toMatch(/looks like data/);
  });
});
