import { SEARCH_VALUES_HINT } from './search-values.ts';
import { FIELD_TYPES, FREQUENCIES, GRADES, SOURCE_FORMATS } from './vocabulary.ts';

const TEXT = 'a text, or {zh-CN: …, en: …}';

/**
 * What the common manifest keys hold, in a publisher's words (shortened from the JSDoc in schema.ts),
 * by path with `[]` for list indexes. Shown when a key is missing or has the wrong type.
 */
const KEYS: Record<string, string> = {
  id: 'the dataset id, a lower-case slug equal to the folder name (e.g. air-quality-daily)',
  title: `the dataset title, ${TEXT}`,
  description: `what the dataset holds, its units and how it was collected (Markdown), ${TEXT}`,
  publisher: 'your department id, as registered in datasets/publishers.yaml',
  contact: 'who answers questions about the data: {name: <office or role>, email: <office e-mail>}',
  'contact.name': 'a role or office name, not a person’s private name',
  'contact.email': 'the office e-mail address',
  keywords: 'search keywords, a list such as [air, pm25]',
  themes: 'a list of themes from the controlled vocabulary, e.g. [environment]',
  license: 'an SPDX licence id (e.g. CC-BY-4.0) or a custom licence registered in datasets/licenses.yaml',
  updateFrequency: `how often the data is updated: ${FREQUENCIES.join(', ')}`,
  temporal:
    "the period covered: {start: YYYY-MM-DD, end: YYYY-MM-DD}, or to the month (YYYY-MM) or year (quoted: '2024')",
  'temporal.start':
    "the first date covered: YYYY-MM-DD, YYYY-MM or a quoted year ('2024': YAML reads 2024 as a number)",
  'temporal.end': "the last date covered: YYYY-MM-DD, YYYY-MM or a quoted year ('2024': YAML reads 2024 as a number)",
  spatial: 'the area covered: {description: <place names>, regionCode: <GB/T 2260 code>}',
  'spatial.description': `the place name(s), ${TEXT}`,
  source: 'where the data comes from: {files: [{path: data.csv}], format: csv}',
  'source.files':
    'the data file(s), a list whose entries are {path: data.csv} (a file next to dataset.yaml) or {package: name/path/in/package} (a file in an installed npm package)',
  'source.files[]':
    'an entry is {path: data.csv} (a file next to dataset.yaml) or {package: name/path/in/package} (a file in an installed npm package)',
  'source.format': `the file format: ${SOURCE_FORMATS.join(', ')}`,
  'source.origin.publisher': 'who published the original data',
  primaryKey: 'the fields that identify a row, a list such as [station, date]',
  fields: 'one entry per source column, a list of {name: <column>, type: <type>}',
  'fields[]': 'a column: {name: <column in the header>, type: <type>}',
  'fields[].name': 'the column name exactly as in the file header',
  'fields[].type': `the value type: ${FIELD_TYPES.join(', ')}`,
  'fields[].title': `the column title, ${TEXT}`,
  'fields[].description': `what the column means, its unit and how it was collected, ${TEXT}`,
  'fields[].grade': `the data grade: ${GRADES.join(', ')}`,
  'fields[].constraints': 'row checks: {required, unique, enum, minimum, maximum, pattern, maxLength}',
  'fields[].searchValues':
    'true to make every value of this public, untreated text column searchable (reference data such as place names), rare ones included',
  'fields[].treatment':
    'the de-identification applied before publication, a mapping with a kind, e.g. {kind: drop} or {kind: mask, keepFirst: 3, keepLast: 4}',
  'fields[].treatment.kind':
    'the treatment: drop, redact, mask, pseudonymize, generalize-number, generalize-date, round-coordinates, truncate-code or date-shift',
  'fields[].treatment.width': 'the bucket width, e.g. 10 for ages in decades',
  'fields[].treatment.to': 'the granularity kept: month or year',
  'fields[].treatment.decimals': 'the decimals kept (2 ≈ 1 km)',
  'fields[].treatment.keep': 'the characters of the code kept (2 = province, 4 = city, 6 = county)',
  'fields[].treatment.maxDays': 'the largest shift in days, either way',
  'fields[].treatment.keyField': 'the declared field whose value keys the shift (e.g. a pseudonymized person id)',
  kAnonymity: 'the k-anonymity check: {quasiIdentifiers: [<published fields>], k: 5}',
  'kAnonymity.quasiIdentifiers': 'the published columns that together could re-identify a person, e.g. [age_band, sex]',
  piiExceptions: 'accepted residual-PII hits, a list of {field, detector, justification}',
  'piiExceptions[].field': 'the column of the accepted hits',
  'piiExceptions[].detector': 'the detector id, e.g. email or mobile-cn',
  'piiExceptions[].justification': 'why publishing these matches is justified (20 characters or more)',
  'breaking.note': 'why this release removes or retypes a published field (10 characters or more)',
};

/** What the manifest key at `pattern` (`fields[].type`) holds, if it is a common one. */
export const describeManifestKey = (pattern: string): string | undefined => KEYS[pattern];

/** The hint when nothing more specific is known. */
export const GENERAL_HINT = 'see docs/manifest.md for the manifest format';

/** The general hint for a manifest problem at `path` when the problem itself brings none. */
export function manifestHint(path: string, message: string): string {
  if (path.startsWith('fields') && path.endsWith('.type')) return `use one of: ${FIELD_TYPES.join(', ')}`;
  if (path.endsWith('grade'))
    return 'use public, internal, sensitive or core (see docs/manifest.md, GB/T 43697 mapping)';
  if (path.startsWith('themes'))
    return 'use themes from the controlled vocabulary in functions/core/manifest/vocabulary.ts';
  if (path === 'updateFrequency') return `use ${FREQUENCIES.slice(0, -1).join(', ')} or irregular`;
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
  if (path.startsWith('piiExceptions') && /" is declared \d+ times$/.test(message))
    return 'keep one entry per field and detector: delete the copies (one justification covers every value of that detector in the column)';
  if (path.startsWith('fields') && path.endsWith('.searchValues')) return SEARCH_VALUES_HINT;
  if (path.startsWith('kAnonymity.quasiIdentifiers'))
    return 'list published fields only (e.g. the generalized column rather than a dropped or internal one), or remove this entry';
  return GENERAL_HINT;
}
