import { describe, expect, it } from 'vitest';
import { licenceLink } from '../../../site/src/lib/licence-link.ts';

const entry = (id: string, url: string, origin?: string) => ({
  license: {
    id,
    url,
    title: { en: 'x' },
    open: true,
    terms: { may: [], must: [], mayNot: [] },
  },
  source: { format: 'csv' as const, ...(origin ? { origin: { publisher: 'p', url: origin } } : {}) },
});

describe('the licence link says what it points to', () => {
  it('is the licence text for an SPDX licence', () => {
    expect(licenceLink(entry('CC-BY-4.0', 'https://creativecommons.org/licenses/by/4.0/legalcode'))).toMatchObject({
      kind: 'licence',
      isLicence: true,
    });
  });

  it('is the source page, not a licence, when a LicenseRef points where the data came from (la-riots-deaths)', () => {
    const l = licenceLink(
      entry(
        'LicenseRef-latimes-la-riots-deaths',
        'http://spreadsheets.latimes.com/la-riots-deaths/',
        'http://spreadsheets.latimes.com/la-riots-deaths',
      ),
    );
    expect(l).toMatchObject({ kind: 'source', isLicence: false, host: 'spreadsheets.latimes.com' });
  });

  it('is a licence file of a repository, or a page of terms, for other LicenseRefs', () => {
    expect(
      licenceLink(
        entry(
          'LicenseRef-cn-division-codes',
          'https://github.com/modood/Administrative-divisions-of-China/blob/master/LICENSE',
          'https://www.stats.gov.cn/sj/tjbz/tjyqhdmhcxhfdm/2023/index.html',
        ),
      ),
    ).toMatchObject({ kind: 'licence-file', host: 'github.com', isLicence: true });
    expect(licenceLink(entry('LicenseRef-us-government-work', 'https://www.usa.gov/government-works'))).toMatchObject({
      kind: 'terms',
      host: 'www.usa.gov',
    });
  });

  it('has no link for an unsafe URL', () => {
    expect(licenceLink(entry('CC0-1.0', 'javascript:alert(1)'))).toBeNull();
  });
});
