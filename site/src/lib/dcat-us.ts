import { pick } from '../../../functions/core/manifest/localized.ts';
import { THEMES } from '../../../functions/core/manifest/vocabulary.ts';
import { FREQUENCY_ISO, latestVersion } from './catalog.ts';
import { licenceOf } from './licence-link.ts';
import { markdownToText } from './markdown.ts';
import { absolute, artifactUrl, datasetPath } from './paths.ts';
import type { CatalogMeta, SnapshotDataset } from './types.ts';

/**
 * The catalogue as DCAT-US 1.1 (Project Open Data `data.json`). Text is in English, falling back to
 * Chinese. `bureauCode`/`programCode` are US federal codes and do not apply to this platform.
 */
export function dataJson(datasets: readonly SnapshotDataset[], meta: CatalogMeta, siteUrl: string) {
  return {
    '@context': 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld',
    '@id': absolute(siteUrl, '/data.json'),
    '@type': 'dcat:Catalog',
    conformsTo: 'https://project-open-data.cio.gov/v1.1/schema',
    describedBy: 'https://project-open-data.cio.gov/v1.1/schema/catalog.json',
    dataset: datasets.map((d) => {
      const e = d.entry;
      const v = latestVersion(d);
      const landing = absolute(siteUrl, datasetPath('en', e.id));
      const out: Record<string, unknown> = {
        '@type': 'dcat:Dataset',
        title: pick(e.title, 'en'),
        description: markdownToText(pick(e.description, 'en')) || pick(e.title, 'en'),
        keyword: e.keywords.length ? e.keywords : [e.id],
        modified: e.updatedAt,
        issued: e.createdAt,
        publisher: { '@type': 'org:Organization', name: pick(e.publisher.name, 'en') },
        contactPoint: { '@type': 'vcard:Contact', fn: e.contact.name, hasEmail: `mailto:${e.contact.email}` },
        identifier: landing,
        accessLevel: 'public',
        // DCAT-US licence is a URL: none when the registered one is only the source's page.
        ...(licenceOf(e.license) ? { license: licenceOf(e.license) } : {}),
        landingPage: landing,
        accrualPeriodicity: FREQUENCY_ISO[e.updateFrequency],
        language: ['zh-CN', 'en'],
        theme: e.themes.map((t) => THEMES[t].en),
      };
      if (e.spatial) out.spatial = pick(e.spatial.description, 'en');
      if (e.temporal) out.temporal = `${e.temporal.start}/${e.temporal.end ?? meta.generatedAt.slice(0, 10)}`;
      if (v && v.state === 'published') {
        out.distribution = v.artifacts
          .filter((a) => a.format !== 'meta')
          .map((a) => ({
            '@type': 'dcat:Distribution',
            title: `${a.name} (version ${v.version})`,
            downloadURL: artifactUrl(meta.apiBaseUrl, e.id, v.version, a.name),
            mediaType: a.mediaType,
            format: a.format.toUpperCase(),
          }));
        out.describedBy = artifactUrl(meta.apiBaseUrl, e.id, v.version, 'datapackage.json');
        out.describedByType = 'application/json';
      }
      return out;
    }),
  };
}
