import { describe, expect, it } from 'vitest';
import { parseManifestYaml } from '../../../functions/core/manifest/parse.ts';
import { checkHeader } from '../../../functions/core/validation/check-header.ts';
import { fixtureManifest } from '../../support/release-fixtures.ts';

const manifest = parseManifestYaml(fixtureManifest(), 'dataset.yaml');
// A valid resident ID (GB 11643 check digit), a mobile number and an e-mail address.
const ID = '110101197102150018';
const MOBILE = '13886397250';
const EMAIL = 'user1@example.com';

describe('checkHeader', () => {
  it('names undeclared, duplicate and missing columns of a real header', () => {
    const issues = checkHeader(['station', 'Pm25', 'station'], manifest, 'data.csv');
    expect(issues.map((i) => [i.type, i.field])).toEqual([
      ['header/extra-column', 'Pm25'],
      ['header/duplicate-column', 'station'],
      ['header/missing-column', 'pm25'],
    ]);
    expect(issues[2]?.hint).toContain('header found: station, Pm25, station');
  });

  it('masks a header that is really a data row (an export without its header) and says so', () => {
    const issues = checkHeader(['1', '李四', ID, MOBILE, EMAIL], manifest, 'people.csv');
    const text = JSON.stringify(issues);
    for (const value of [ID, MOBILE, EMAIL, '李四']) expect(text).not.toContain(value);
    expect(issues.filter((i) => i.type === 'header/extra-column')).toHaveLength(5);
    expect(issues.filter((i) => i.type === 'header/missing-column').map((i) => i.field)).toEqual(['station', 'pm25']);
    for (const i of issues) expect(i.hint).toMatch(/looks like data .* export the file with its header row/);
  });
});
