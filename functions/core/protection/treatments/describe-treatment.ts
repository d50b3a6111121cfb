import type { DeidentificationEntry } from '../../catalog/schema.ts';
import type { FieldSpec } from '../../manifest/schema.ts';
import type { Treatment } from '../../manifest/treatment.ts';
import { closedBuckets } from './generalize-number.ts';

/**
 * The de-identification record of a field for the version record and the release report: what was
 * done and why, in words a reader of the catalogue understands. Parameters are described, the key and
 * values never are.
 */
export function describeTreatment(
  field: Pick<FieldSpec, 'name' | 'type' | 'grade' | 'treatment'>,
): DeidentificationEntry {
  const entry = (action: string, reason: string): DeidentificationEntry => ({
    field: field.name,
    grade: field.grade,
    action,
    reason,
  });
  switch (field.grade) {
    case 'internal':
      return entry(
        'not published',
        'graded internal: general data kept inside the department; the column is left out of every artifact',
      );
    case 'core':
      return entry(
        'release refused',
        'graded core: important or core data (GB/T 43697) may not be published; the release is refused while the field is present',
      );
    case 'public':
      if (!field.treatment) return entry('published as is', 'graded public: general data open for publication');
      return entry(describeAction(field.treatment, field.type), 'graded public; the publisher chose to coarsen it');
    case 'sensitive':
      if (!field.treatment) {
        // The manifest schema rejects this; kept total so a report never claims a treatment that did not run.
        return entry(
          'release refused',
          'graded sensitive without a treatment: personal information cannot be published as is',
        );
      }
      return entry(
        describeAction(field.treatment, field.type),
        'graded sensitive: personal information, de-identified before publication (GB/T 37964) so that it no longer identifies a person',
      );
  }
}

/** The record for a source column the manifest does not declare. */
export function describeUndeclared(column: string): DeidentificationEntry {
  return {
    field: column,
    grade: 'internal',
    action: 'not published',
    reason: 'not declared in the manifest: undeclared columns are never published, whatever they contain',
  };
}

function describeAction(t: Treatment, fieldType: FieldSpec['type']): string {
  switch (t.kind) {
    case 'drop':
      return 'column removed from every artifact';
    case 'redact':
      return 'column kept, every value published as empty (null)';
    case 'mask':
      return `masked: first ${t.keepFirst} and last ${t.keepLast} characters kept, the others replaced by "${t.char}" (at least one character is always masked)`;
    case 'pseudonymize':
      return `pseudonymized: keyed HMAC-SHA256 with a platform secret, first ${t.length} hex characters; stable across versions, not reversible without the key, and not linkable to other datasets' pseudonyms (the key is this dataset's, or its declared linkage group's)`;
    case 'generalize-number':
      return closedBuckets(fieldType, t.width)
        ? `generalized into buckets of width ${t.width}, labelled "lo-hi" with both bounds included`
        : `generalized into buckets of width ${t.width}, labelled "lo-hi" for lo ≤ value < hi`;
    case 'generalize-date':
      return t.to === 'month' ? 'generalized to the month (YYYY-MM)' : 'generalized to the year (YYYY)';
    case 'round-coordinates':
      return `coordinates rounded to ${t.decimals} decimal${t.decimals === 1 ? '' : 's'}`;
    case 'truncate-code':
      return t.pad
        ? `code truncated to its first ${t.keep} characters, the rest replaced by zeros`
        : `code truncated to its first ${t.keep} characters`;
    case 'date-shift':
      return `dates shifted by a secret per-record offset of 1 to ${t.maxDays} days either way, keyed by "${t.keyField}" (intervals within a record are kept)`;
  }
}
