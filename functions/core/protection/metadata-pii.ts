import type { DatasetManifest, FieldSpec } from '../manifest/schema.ts';
import type { ValidationIssue } from '../validation/report.ts';
import { zh } from '../validation/zh.ts';
import { DETECTORS, maskExample, scanText } from './detectors/index.ts';
import { numberText } from './number-scan.ts';
import { rawValuesPublished } from './raw-values-published.ts';

/**
 * Personal data in what the platform publishes from a manifest: the catalogue, the site, search,
 * `datapackage.json`, the CSV header and the reports publish the dataset id, titles, descriptions,
 * keywords, the contact, field names, the constraints of public fields (enum values, patterns) and
 * the notes as written, so a mobile number or an ID there ("联系人 王小明 13812345678", an enum value,
 * a column named by an ID) would be published with no treatment possible. E-mail addresses are left
 * out: an office address belongs in a description as in `contact.email` (which is scanned for the
 * other identifiers: 13812345678@example.com is a phone number).
 */
const METADATA_DETECTORS = DETECTORS.filter((d) => d.blocking && d.id !== 'email');

/** Manifest paths holding registered identifiers and vocabulary, or references to field names (scanned at the name). */
const NOT_PUBLISHED_TEXT =
  /^(publisher|license|themes|updateFrequency|primaryKey|pseudonymLinkage|temporal|kAnonymity|blockingDetectors)(\.|$)|^source\.(?!origin\.)|^spatial\.bbox|^fields\.\d+\.(type|grade|format|treatment)(\.|$)|^piiExceptions\.\d+\.(field|detector)$/;

/**
 * Whether a field's `constraints` are published (datapackage.json, the catalogue's schema): they
 * describe the raw values, so only when those are published (rawValuesPublished).
 */
export function constraintsPublished(f: Pick<FieldSpec, 'grade' | 'treatment'>): boolean {
  return rawValuesPublished(f);
}

/**
 * Every string (and number, as the scan reads it) of the manifest with its path (`description.zh-CN`,
 * `keywords.2`, `fields.3.constraints.enum.1`).
 */
function strings(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'number') out.push([path, numberText(value)]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) strings(v, `${path}.${i}`, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * One `pii/metadata` issue per free-text place of the manifest holding personal data, with masked
 * examples. Dates that give back withheld values are checked against the data (metadata-dates.ts).
 */
export function metadataPiiIssues(manifest: DatasetManifest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [path, text] of publishedTexts(manifest)) {
    const found = readings(path, text).flatMap((t) => scanText(t, METADATA_DETECTORS));
    const hits = found.filter((h, i) => found.findIndex((o) => o.value === h.value) === i);
    if (hits.length === 0) continue;
    const detectors = [...new Set(hits.map((h) => METADATA_DETECTORS.find((d) => d.id === h.detector)))];
    const labels = detectors.map((d) => d?.label.en);
    const labelsZh = detectors.map((d) => d?.label['zh-CN']);
    const examples = hits.slice(0, 3).map(maskExample).join(', ');
    issues.push({
      type: 'pii/metadata',
      field: path,
      value: examples,
      message: `the manifest's ${path} holds what looks like ${labels.join(' and ')} (${examples}): metadata is published as written`,
      hint: hintFor(path).en,
      zh: zh(
        `dataset.yaml 中的 ${path} 含有疑似${labelsZh.join('和')}的内容（${examples}）：元数据会原样发布`,
        hintFor(path).zh,
      ),
    });
  }
  return issues;
}

/**
 * The manifest's text that is published as written, with its path: every string (and number, as the
 * scan reads it) but registered identifiers, vocabulary, field references and the temporal coverage
 * (dates: metadata-dates.ts), and the constraints of fields whose raw values are not published.
 */
export function publishedTexts(manifest: DatasetManifest): [string, string][] {
  const unpublished = new Set(
    manifest.fields.flatMap((f, i) => (f.constraints && !constraintsPublished(f) ? [`fields.${i}.constraints`] : [])),
  );
  return strings(manifest, '', []).filter(
    ([path]) => !NOT_PUBLISHED_TEXT.test(path) && !unpublished.has(path.split('.').slice(0, 3).join('.')),
  );
}

/** What to do about personal data at `path`, in English and Chinese. */
function hintFor(path: string): { en: string; zh: string } {
  if (/^fields\.\d+\.name$/.test(path)) {
    return {
      en: 'rename the column (in the export and here): a column name is published in every file',
      zh: '请重命名该列（导出文件和 dataset.yaml 中都要改）：列名会出现在每个发布文件中',
    };
  }
  if (/^fields\.\d+\.constraints\./.test(path)) {
    return {
      en: 'remove the value from the constraint (or the constraint): the constraints of a public field are published in datapackage.json and the catalogue',
      zh: '请从约束中删除这个值（或删除整个约束）：公开字段的约束会在 datapackage.json 和数据目录中发布',
    };
  }
  return {
    en: 'remove it: name a role or office and its office e-mail in contact, never a person or a personal number',
    zh: '请删除这段内容：contact 中只写职务或科室及其办公电子邮箱，不要写个人姓名或个人号码',
  };
}

/**
 * The texts a published string is read as: as written, and a pattern also without the regex syntax
 * that can split a number written in it ("(110101)(19900307)4514", "11010119900307451[4]").
 */
function readings(path: string, text: string): string[] {
  if (!/^fields\.\d+\.constraints\.pattern$/.test(path)) return [text];
  const bare = text.replace(/\(\?:|[()[\]^$\\]/g, '');
  return bare === text ? [text] : [text, bare];
}
