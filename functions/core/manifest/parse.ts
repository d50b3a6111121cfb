import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { invalidManifest, type ProblemDetail } from '../errors.ts';
import { type License, LicensesFile, type Publisher, PublishersFile } from './registry.ts';
import { DatasetManifest } from './schema.ts';
import { SPDX_LICENSES } from './spdx-licenses.ts';

/**
 * Turns manifest text into a validated DatasetManifest, or throws ONE invalidManifest error listing
 * every problem with the file, the path inside it, what is wrong and a hint.
 */
export function parseManifestYaml(text: string, file: string): DatasetManifest {
  return parseYamlWith(DatasetManifest, text, file, manifestHint);
}

export function parsePublishersYaml(text: string, file: string): Publisher[] {
  return parseYamlWith(PublishersFile, text, file, () => 'each publisher needs id, name and email').publishers;
}

export function parseLicensesYaml(text: string, file: string): License[] {
  return parseYamlWith(LicensesFile, text, file, () => 'each licence needs id, title, url, open and terms').licenses;
}

function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  hint: (path: string, message: string) => string,
): z.output<S> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalidManifest({
      detail: `${file} is not valid YAML`,
      errors: doc.errors.map((e) => ({
        where: `${file}:${e.linePos?.[0]?.line ?? '?'}:${e.linePos?.[0]?.col ?? '?'}`,
        message: e.message.split('\n')[0] ?? e.message,
        hint: 'fix the YAML syntax (indentation, quotes, a colon after each key)',
      })),
    });
  }
  const raw: unknown = doc.toJS();
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw invalidManifest({
      detail: `${file} has ${r.error.issues.length} problem(s)`,
      errors: r.error.issues.map((i): ProblemDetail => {
        const path = formatPath(i.path);
        return { where: `${file}: ${path || '(top level)'}`, message: i.message, hint: hint(path, i.message) };
      }),
    });
  }
  return r.data;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function manifestHint(path: string, message: string): string {
  if (message.toLowerCase().includes('unrecognized key'))
    return 'remove the key or check its spelling against docs/manifest.md';
  if (path.startsWith('fields') && path.endsWith('.type'))
    return 'use one of: string, integer, number, boolean, date, datetime, time, year, yearmonth, geopoint';
  if (path.endsWith('grade'))
    return 'use public, internal, sensitive or core (see docs/manifest.md, GB/T 43697 mapping)';
  if (path.startsWith('themes'))
    return 'use themes from the controlled vocabulary in functions/core/manifest/vocabulary.ts';
  if (path === 'updateFrequency') return 'use daily, weekly, monthly, quarterly, semiannual, annual or irregular';
  if (path === 'id') return 'a lower-case slug such as "air-quality-daily"; it must equal the folder name';
  if (message.endsWith('" is not a declared field'))
    return 'use the name of a field declared under fields (check the spelling)';
  if (path.endsWith('treatment.kind') && message.includes('does not fit'))
    return 'choose a treatment that fits the type, or correct the field type (docs/manifest.md lists the types each treatment applies to)';
  if (path.endsWith('treatment.keyField'))
    return 'name another declared field that identifies the person or record, e.g. a pseudonymized person id';
  if (path.includes('treatment')) return 'see docs/manifest.md for the treatment kinds and their parameters';
  if (path.startsWith('primaryKey'))
    return 'a primary key must be published with distinct values: publish the field as is or pseudonymized (length 16 or more), or name another key (or no primaryKey)';
  if (path.startsWith('kAnonymity.quasiIdentifiers'))
    return 'list published fields only (e.g. the generalized column rather than a dropped or internal one), or remove this entry';
  return 'see docs/manifest.md for the manifest format';
}

/** Registered publishers and licences a manifest is checked against. */
export interface Registry {
  readonly publishers: readonly Publisher[];
  readonly licenses: readonly License[];
}

export function findLicense(registry: Registry, id: string): License | undefined {
  return registry.licenses.find((l) => l.id === id) ?? SPDX_LICENSES.find((l) => l.id === id);
}

/** Checks the manifest's references (publisher, licence, folder name); throws invalidManifest. */
export function checkReferences(m: DatasetManifest, registry: Registry, file: string, folderName?: string): void {
  const errors: ProblemDetail[] = [];
  if (folderName !== undefined && folderName !== m.id) {
    errors.push({
      where: `${file}: id`,
      message: `id "${m.id}" differs from the folder name "${folderName}"`,
      hint: 'rename the folder or the id: they must be equal, and the id never changes once published',
    });
  }
  if (!registry.publishers.some((p) => p.id === m.publisher)) {
    errors.push({
      where: `${file}: publisher`,
      message: `publisher "${m.publisher}" is not registered`,
      hint: `register it in datasets/publishers.yaml or use one of: ${registry.publishers.map((p) => p.id).join(', ')}`,
    });
  }
  if (!findLicense(registry, m.license)) {
    errors.push({
      where: `${file}: license`,
      message: `licence "${m.license}" is neither a built-in SPDX licence nor registered`,
      hint: `use one of ${SPDX_LICENSES.map((l) => l.id).join(', ')} or register a custom licence (LicenseRef-…) in datasets/licenses.yaml`,
    });
  }
  if (errors.length) throw invalidManifest({ detail: `${file} refers to unknown things`, errors });
}
