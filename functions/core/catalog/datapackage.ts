import { licenceUrl } from '../manifest/registry.ts';
import type { FieldConstraints } from '../manifest/schema.ts';
import type { FieldType } from '../manifest/vocabulary.ts';
import type { DatasetEntry, PublishedField, VersionRecord } from './schema.ts';
import { constraintText, writtenFormat } from './written-forms.ts';

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
    // v2 asks for at least one keyword when the property is present.
    ...(entry.keywords.length ? { keywords: entry.keywords } : {}),
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
    // Every file holds the same table: v2's `type: "table"` makes each a Tabular Data Resource.
    resources: files.map((f) => ({
      name: `${entry.id}-${f.format}`,
      type: 'table',
      path: f.name,
      format: f.format,
      mediatype: f.mediaType,
      bytes: f.bytes,
      hash: `sha256:${f.sha256}`,
      // UTF-8 with a BOM (docs/formats.md): the BOM is UTF-8's signature, not another encoding, and
      // readers skip it (frictionless-py reads a declared utf-8 file that starts with one as utf-8-sig).
      ...(f.format === 'csv' ? { encoding: 'utf-8', dialect: { header: true, delimiter: ',' } } : {}),
      schema,
    })),
    'x-rows': version.rowCount,
  };
}

/**
 * One Table Schema v2 field, describing the text the CSV and JSON files hold (written-forms.ts).
 * A geopoint is published "lat,lon", latitude first (the manifest's convention); v2's geopoint reads
 * "lon, lat" by default and has no format for the other order, so it is declared a string, with
 * `x-geopoint` naming the order.
 */
function tableSchemaField(f: PublishedField): Record<string, unknown> {
  const geopoint = f.type === 'geopoint';
  const type: FieldType = geopoint ? 'string' : f.type;
  const format = f.format ?? writtenFormat(f.type, false);
  const constraints = f.constraints ? publishedConstraints(type, format, f.constraints) : undefined;
  return {
    name: f.name,
    type,
    ...(format ? { format } : {}),
    ...(geopoint ? { 'x-geopoint': 'lat,lon' } : {}),
    ...(f.title?.en || f.title?.['zh-CN'] ? { title: f.title.en ?? f.title['zh-CN'] } : {}),
    ...(f.description?.en || f.description?.['zh-CN']
      ? { description: f.description.en ?? f.description['zh-CN'] }
      : {}),
    ...(constraints ? { constraints } : {}),
    ...(f.treatment ? { 'x-treatment': f.treatment.kind } : {}),
  };
}

/** Field types each constraint applies to in Table Schema v2 (absent: every type). */
const CONSTRAINT_TYPES: Partial<Record<keyof FieldConstraints, ReadonlySet<FieldType>>> = {
  minimum: new Set(['integer', 'number', 'date', 'time', 'datetime', 'year', 'yearmonth']),
  maximum: new Set(['integer', 'number', 'date', 'time', 'datetime', 'year', 'yearmonth']),
  pattern: new Set(['string']),
  maxLength: new Set(['string']),
};

/**
 * The manifest's constraints as v2 readers apply them to the published values. The gate checks
 * `pattern` and `maxLength` on the source text, which is the published text only for strings; v2
 * applies them to strings alone ("implementations SHOULD report an error" for an unsupported one),
 * so they are left out for other types. Date and time bounds and enums are written in the field's
 * written form (readers cast them with its `format`); one that form cannot state is left out.
 */
function publishedConstraints(
  type: FieldType,
  format: string | undefined,
  c: FieldConstraints,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c) as [keyof FieldConstraints, unknown][]) {
    if (value === undefined || CONSTRAINT_TYPES[key]?.has(type) === false) continue;
    if (key === 'minimum' || key === 'maximum') {
      const text = constraintText(type, format, value as string | number);
      if (text !== undefined) out[key] = text;
    } else if (key === 'enum') {
      const values = (value as (string | number)[]).map((v) => constraintText(type, format, v));
      // Two spellings of one instant (`T` or a space) become one value: v2 wants the items unique.
      if (values.every((v) => v !== undefined)) out[key] = [...new Set(values)];
    } else {
      out[key] = value;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
