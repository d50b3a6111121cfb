import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { safeUrl } from './markdown.ts';

/**
 * What a dataset's licence URL points to, so its link says so. An SPDX licence's URL is its text. A
 * custom licence (`LicenseRef-…`) names whatever its author had: the source's own page (la-riots-deaths,
 * whose source states no licence: not a licence, so no `rel=license`), a LICENSE file in a code
 * repository (a compiler's licence, not the original publisher's terms), or a page of terms.
 */
export type LicenceLinkKind = 'licence' | 'licence-file' | 'terms' | 'source';

export interface LicenceLink {
  kind: LicenceLinkKind;
  url: string;
  /** Host name, to say where a link that is not a licence text goes. */
  host: string;
  /** Whether the page is the licence of this dataset (`rel="license"`). */
  isLicence: boolean;
}

const sameUrl = (a: string, b: string) => {
  const norm = (u: string) => {
    const x = new URL(u);
    return `${x.host.toLowerCase()}${x.pathname.replace(/\/+$/, '')}${x.search}`;
  };
  try {
    return norm(a) === norm(b);
  } catch {
    return false;
  }
};

/** The licence link of an entry, or null when it has no safe URL. */
export function licenceLink(e: Pick<DatasetEntry, 'license' | 'source'>): LicenceLink | null {
  const url = safeUrl(e.license.url);
  if (!url) return null;
  let host = '';
  let path = '';
  try {
    const u = new URL(url);
    host = u.host;
    path = u.pathname;
  } catch {
    // A relative URL: a page of this site.
  }
  const of = (kind: LicenceLinkKind): LicenceLink => ({ kind, url, host, isLicence: kind !== 'source' });
  if (!e.license.id.startsWith('LicenseRef-')) return of('licence');
  const origin = e.source.origin?.url;
  if (origin && sameUrl(url, origin)) return of('source');
  if (/\/(LICEN[CS]E|COPYING)(\.[a-z]+)?$/i.test(path)) return of('licence-file');
  return of('terms');
}
