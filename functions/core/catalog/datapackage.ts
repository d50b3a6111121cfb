import { licenceUrl } from '../manifest/registry.ts';
import type { DatasetEntry, PublishedField, VersionRecord } from './schema.ts';

/** The licence's `path`: its URL, unless that is only the source's page (then the name alone identifies it). */
function licencePath(entry: DatasetEntry): { path?: string } {
  const url = licenceUrl(entry.license);
  return url ? { path: url } : {};
}

/** Frictionless Data Package v2 descriptor of one published version. */
export function buildDataPackage(
  entry: DatasetEntry,
  version: Pick<VersionRecord, 'version' | 'label' | 'publishedAt' | 'rowCount' | 'fields' | 'primaryKey'>,
  files: ReadonlyArray<{ name: string; format: string; mediaType: string; bytes: number; sha256: string }>,
  baseUrl: string,
): Record<string, unknown> {
  const schema = {
    fields: version.fields.map(tableSchemaField),
    ...(version.primaryKey.length ? { primaryKey: version.primaryKey } : {}),
  };
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: entry.id,
    id: `${baseUrl}/v1/datasets/${entry.id}/versions/${version.version}`,
    title: entry.title.en ?? entry.title['zh-CN'],
    description: entry.description.en ?? entry.description['zh-CN'],
    version: String(version.version),
    ...(version.label ? { 'x-label': version.label } : {}),
    created: version.publishedAt,
    keywords: entry.keywords,
    licenses: [{ name: entry.license.id, ...licencePath(entry), title: entry.license.title.en ?? entry.license.id }],
    contributors: [{ title: entry.publisher.name.en ?? entry.publisher.name['zh-CN'], roles: ['publisher'] }],
    ...(entry.source.origin
      ? {
          sources: [
            {
              title: entry.source.origin.publisher,
              ...(entry.source.origin.url ? { path: entry.source.origin.url } : {}),
            },
          ],
        }
      : {}),
    resources: files.map((f) => ({
      name: `${entry.id}-${f.format}`,
      path: f.name,
      format: f.format,
      mediatype: f.mediaType,
      bytes: f.bytes,
      hash: `sha256:${f.sha256}`,
      ...(f.format === 'csv' ? { encoding: 'utf-8', dialect: { header: true, delimiter: ',' } } : {}),
      schema,
    })),
    'x-rows': version.rowCount,
  };
}

function tableSchemaField(f: PublishedField): Record<string, unknown> {
  return {
    name: f.name,
    type: f.type,
    ...(f.title?.en || f.title?.['zh-CN'] ? { title: f.title.en ?? f.title['zh-CN'] } : {}),
    ...(f.description?.en || f.description?.['zh-CN']
      ? { description: f.description.en ?? f.description['zh-CN'] }
      : {}),
    ...(f.constraints ? { constraints: f.constraints } : {}),
    ...(f.treatment ? { 'x-treatment': f.treatment.kind } : {}),
  };
}
