import { describe, expect, it } from 'vitest';
import { buildDataPackage } from '../../../functions/core/catalog/datapackage.ts';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import type { LicenceUrlKind } from '../../../functions/core/manifest/registry.ts';
import { licenceLink, licenceOf } from '../../../site/src/lib/licence-link.ts';

const licence = (id: string, url: string, urlIs?: LicenceUrlKind) => ({
  id,
  url,
  ...(urlIs ? { urlIs } : {}),
  title: { en: 'x' },
  open: true,
  terms: { may: [], must: [], mayNot: [] },
});
const entry = (id: string, url: string, urlIs?: LicenceUrlKind) => ({ license: licence(id, url, urlIs) });

describe('the licence link says what the registry says it points to', () => {
  it('is the licence text for an SPDX licence (no urlIs)', () => {
    expect(licenceLink(entry('CC-BY-4.0', 'https://creativecommons.org/licenses/by/4.0/legalcode'))).toMatchObject({
      kind: 'licence',
      isLicence: true,
    });
  });

  it('is the source page, not a licence, when the registry says so (la-riots-deaths)', () => {
    const l = licenceLink(
      entry('LicenseRef-latimes-la-riots-deaths', 'http://spreadsheets.latimes.com/la-riots-deaths/', 'source-page'),
    );
    expect(l).toMatchObject({ kind: 'source', isLicence: false, host: 'spreadsheets.latimes.com' });
  });

  it('is a licence file or a page of terms by urlIs, not by the URL’s shape', () => {
    expect(
      licenceLink(
        entry(
          'LicenseRef-x',
          'https://github.com/modood/Administrative-divisions-of-China/blob/master/LICENSE',
          'file',
        ),
      ),
    ).toMatchObject({ kind: 'licence-file', host: 'github.com', isLicence: true });
    expect(
      licenceLink(entry('LicenseRef-us-government-work', 'https://www.usa.gov/government-works', 'terms')),
    ).toMatchObject({
      kind: 'terms',
      host: 'www.usa.gov',
    });
    // A URL ending in LICENSE that the registry calls the text is the text.
    expect(licenceLink(entry('LicenseRef-y', 'https://example.org/LICENSE'))).toMatchObject({ kind: 'licence' });
  });

  it('has no link for an unsafe URL', () => {
    expect(licenceLink(entry('CC0-1.0', 'javascript:alert(1)'))).toBeNull();
  });
});

describe('exports never publish a source page as the licence', () => {
  const page = licence(
    'LicenseRef-latimes-la-riots-deaths',
    'http://spreadsheets.latimes.com/la-riots-deaths/',
    'source-page',
  );

  it('gives no licence URL for a source page, and the URL otherwise', () => {
    expect(licenceOf(page)).toBeNull();
    expect(licenceOf(licence('LicenseRef-z', 'https://www.usa.gov/government-works', 'terms'))).toBe(
      'https://www.usa.gov/government-works',
    );
  });

  it('names the licence without a path in the Data Package', () => {
    const e = {
      id: 'd',
      title: { en: 't' },
      description: { en: 'd' },
      keywords: [],
      publisher: { name: { en: 'p' } },
      source: {},
      license: page,
    };
    const dp = buildDataPackage(
      e as unknown as DatasetEntry,
      { version: 1, rowCount: 0, fields: [], primaryKey: [] },
      [],
      'https://api.example',
    );
    expect(dp.licenses).toEqual([{ name: page.id, title: 'x' }]);
  });
});
