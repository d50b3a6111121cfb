import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { type LicenceUrlKind, licenceUrl } from '../../../functions/core/manifest/registry.ts';
import { safeUrl } from './markdown.ts';

/**
 * What a dataset's licence URL points to, so its link says so: the registry records it (`urlIs` in
 * functions/core/manifest/registry.ts; absent: the licence's text). A source page (la-riots-deaths,
 * whose source states no licence) is not a licence, so it gets no `rel=license`.
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

/** The UI string (site/src/i18n) that labels a link of each kind; `{host}` says where it goes. */
export const LICENCE_LINK_LABEL = {
  licence: 'readLicence',
  'licence-file': 'readLicenceFile',
  terms: 'readLicenceTerms',
  source: 'licenceSourcePage',
} as const satisfies Record<LicenceLinkKind, string>;

const KIND: Record<LicenceUrlKind, LicenceLinkKind> = {
  text: 'licence',
  file: 'licence-file',
  terms: 'terms',
  'source-page': 'source',
};

/** The licence link of an entry, or null when it has no safe URL. */
export function licenceLink(e: Pick<DatasetEntry, 'license'>): LicenceLink | null {
  const url = safeUrl(e.license.url);
  if (!url) return null;
  let host = '';
  try {
    host = new URL(url).host;
  } catch {
    // A relative URL: a page of this site.
  }
  const kind = KIND[e.license.urlIs ?? 'text'];
  return { kind, url, host, isLicence: kind !== 'source' };
}

/**
 * The URL an export publishes as the dataset's licence (schema.org `license`, DCAT `dct:license`): the
 * registered URL (its SPDX page when that is not a safe URL), or null when the registered URL is only
 * the source's page, which is not a licence.
 */
export function licenceOf(l: Pick<DatasetEntry['license'], 'id' | 'url' | 'urlIs'>): string | null {
  const url = licenceUrl(l);
  if (url === undefined) return null;
  return safeUrl(url) ?? `https://spdx.org/licenses/${encodeURIComponent(l.id)}.html`;
}
