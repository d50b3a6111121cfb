import type { DatasetManifest } from '../manifest/schema.ts';
import type { ValidationIssue } from '../validation/report.ts';
import { DETECTORS, maskExample, scanText } from './detectors/index.ts';
import { temporalPrecisionIssues } from './metadata-temporal.ts';

/**
 * Personal data in a manifest's free text: the catalogue, the site, search and `datapackage.json`
 * publish titles, descriptions, keywords, the contact's name and the notes as written, so a mobile
 * number or an ID there ("联系人 王小明 13812345678") would be published with no treatment possible.
 * E-mail addresses are left out: an office address belongs in a description as in `contact.email`.
 */
const METADATA_DETECTORS = DETECTORS.filter((d) => d.blocking && d.id !== 'email');

/** Manifest paths holding identifiers and vocabulary rather than free text. */
const NOT_FREE_TEXT =
  /^(id|publisher|license|themes|updateFrequency|primaryKey|pseudonymLinkage|contact\.email|temporal|kAnonymity)(\.|$)|^source\.(?!origin\.)|^spatial\.(regionCode|bbox)|^fields\.\d+\.(name|type|grade|format|treatment|constraints)(\.|$)|^piiExceptions\.\d+\.(field|detector)$/;

/** Every string of the manifest with its path (`description.zh-CN`, `keywords.2`, `fields.3.title.en`). */
function strings(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) strings(v, `${path}.${i}`, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * One `pii/metadata` issue per free-text place of the manifest holding personal data, with masked
 * examples, and per temporal bound more precise than the dates the dataset publishes
 * (metadata-temporal.ts).
 */
export function metadataPiiIssues(manifest: DatasetManifest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [path, text] of strings(manifest, '', [])) {
    if (NOT_FREE_TEXT.test(path)) continue;
    const hits = scanText(text, METADATA_DETECTORS);
    if (hits.length === 0) continue;
    const labels = [...new Set(hits.map((h) => METADATA_DETECTORS.find((d) => d.id === h.detector)?.label.en))];
    const examples = hits.slice(0, 3).map(maskExample).join(', ');
    issues.push({
      type: 'pii/metadata',
      field: path,
      value: examples,
      message: `the manifest's ${path} holds what looks like ${labels.join(' and ')} (${examples}): metadata is published as written`,
      hint: 'remove it: name a role or office and its office e-mail in contact, never a person or a personal number',
    });
  }
  return [...issues, ...temporalPrecisionIssues(manifest)];
}
