import { type Language, pick } from '../../../functions/core/manifest/localized.ts';
import { latestVersion } from './catalog.ts';
import { licenceOf } from './licence-link.ts';
import { markdownToText, safeUrl } from './markdown.ts';
import { absolute, artifactUrl, datasetPath, publisherPath } from './paths.ts';
import type { CatalogMeta, SnapshotDataset } from './types.ts';

/** schema.org `Dataset` (what Google Dataset Search reads), with a `DataDownload` per file. */
export function schemaOrgDataset(d: SnapshotDataset, lang: Language, meta: CatalogMeta, siteUrl: string) {
  const e = d.entry;
  const v = latestVersion(d);
  const url = absolute(siteUrl, datasetPath(lang, e.id));
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': url,
    name: pick(e.title, lang),
    description: markdownToText(pick(e.description, lang)).slice(0, 5000) || pick(e.title, lang),
    url,
    identifier: e.id,
    inLanguage: lang,
    keywords: e.keywords,
    // A source's page (its source states no licence) is not the licence: named, not linked.
    license: licenceOf(e.license) ?? { '@type': 'CreativeWork', name: pick(e.license.title, lang) },
    isAccessibleForFree: true,
    dateCreated: e.createdAt,
    dateModified: e.updatedAt,
    ...(v ? { version: String(v.version) } : {}),
    creator: {
      '@type': 'Organization',
      '@id': absolute(siteUrl, publisherPath(lang, e.publisher.id)),
      name: pick(e.publisher.name, lang),
      email: e.publisher.email,
      ...(e.publisher.url && safeUrl(e.publisher.url) ? { url: safeUrl(e.publisher.url) } : {}),
    },
    publisher: { '@type': 'Organization', name: pick(e.publisher.name, lang) },
    ...(e.temporal ? { temporalCoverage: `${e.temporal.start}/${e.temporal.end ?? '..'}` } : {}),
    ...(e.spatial ? { spatialCoverage: { '@type': 'Place', name: pick(e.spatial.description, lang) } } : {}),
    variableMeasured: e.fields.map((f) => ({
      '@type': 'PropertyValue',
      name: f.name,
      ...(f.description ? { description: pick(f.description, lang) } : {}),
    })),
    distribution:
      v && v.state === 'published'
        ? v.artifacts
            .filter((a) => a.format !== 'meta')
            .map((a) => ({
              '@type': 'DataDownload',
              encodingFormat: a.mediaType,
              contentUrl: artifactUrl(meta.apiBaseUrl, e.id, v.version, a.name),
              contentSize: `${a.bytes} B`,
              sha256: a.sha256,
            }))
        : [],
  };
}

/**
 * JSON for a `<script type="application/ld+json">` element. `<`, `>`, `&` and U+2028/9 are escaped so
 * that hostile text ("</script>") cannot close the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
