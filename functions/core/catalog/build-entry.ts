import type { Registry } from '../manifest/parse.ts';
import { findLicense } from '../manifest/parse.ts';
import type { DatasetManifest } from '../manifest/schema.ts';
import { PUBLISHED_FORMATS } from '../manifest/vocabulary.ts';
import type { DatasetEntry, VersionRecord } from './schema.ts';

/**
 * The catalogue entry after a version is published: metadata from the manifest (the publisher's
 * latest word), numbers from the version. Throws if the manifest refers to unregistered things
 * (checkReferences runs before, so that is a programming error).
 */
export function buildEntry(
  manifest: DatasetManifest,
  registry: Registry,
  version: VersionRecord,
  previous: DatasetEntry | undefined,
  now: string,
): DatasetEntry {
  const publisher = registry.publishers.find((p) => p.id === manifest.publisher);
  const license = findLicense(registry, manifest.license);
  if (!publisher || !license) throw new Error(`unregistered publisher or licence in ${manifest.id}`);
  // The entry changed when its latest version was published; it was created with its first version
  // (the same instant for a first publication — not `now`, a later clock read than the commit's), and
  // never after it was last updated: entries stored before this had createdAt a few ms after updatedAt.
  const updatedAt = version.publishedAt ?? now;
  const createdAt =
    previous?.createdAt && Date.parse(previous.createdAt) <= Date.parse(updatedAt) ? previous.createdAt : updatedAt;
  return {
    id: manifest.id,
    title: manifest.title,
    description: manifest.description,
    publisher: {
      id: publisher.id,
      name: publisher.name,
      ...(publisher.url ? { url: publisher.url } : {}),
      email: publisher.email,
    },
    contact: manifest.contact,
    keywords: manifest.keywords,
    themes: manifest.themes,
    license: {
      id: license.id,
      title: license.title,
      url: license.url,
      ...(license.urlIs ? { urlIs: license.urlIs } : {}),
      open: license.open,
      terms: license.terms,
    },
    updateFrequency: manifest.updateFrequency,
    ...(manifest.temporal ? { temporal: manifest.temporal } : {}),
    ...(manifest.spatial ? { spatial: manifest.spatial } : {}),
    source: {
      format: manifest.source.format,
      ...(manifest.source.origin ? { origin: manifest.source.origin } : {}),
    },
    latestVersion: version.version,
    versionCount: Math.max(previous?.versionCount ?? 0, version.version),
    formats: [...PUBLISHED_FORMATS],
    createdAt,
    updatedAt,
    rowCount: version.rowCount,
    fields: version.fields,
    primaryKey: version.primaryKey,
    ...(version.valueProfile?.length ? { valueProfile: version.valueProfile } : {}),
  };
}

/** The newest published, not withdrawn, version. */
export function latestPublished(versions: readonly VersionRecord[]): VersionRecord | undefined {
  return [...versions].filter((v) => v.state === 'published').sort((a, b) => b.version - a.version)[0];
}
