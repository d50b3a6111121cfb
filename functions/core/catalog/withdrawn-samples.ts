import type { VersionRecord } from './schema.ts';

const NONE = { added: [], removed: [], changed: [] };

/**
 * What the catalogue shows of a withdrawn version: withdrawal stops publishing what the version said,
 * and its metadata is as likely a reason to withdraw it as its data (personal data in a column name,
 * a field description, an enum, the label or the breaking-change note). So wherever version records
 * are shown (API, catalogue snapshot, site, feeds), a withdrawn version keeps only what makes the
 * withdrawal transparent: that it existed, when it was published, how many rows it had, its files'
 * names, sizes and sha256 (so holders of a copy can tell what they hold), its manifest and data hashes,
 * whether it was breaking, its diff's counts, and when, by whom and why it was withdrawn. Its label,
 * fields, primary key, de-identification report, value profile (values of its data) and the field
 * names and note of its diff are not shown; the release document and the audit ledger keep them for
 * the department and the auditors (the profile stays in the stored record).
 *
 * A version's diff also names sample key values (`sampleKeys`) of its data and of the version before
 * it, so a diff from a withdrawn version keeps only the keys and fields the newer version still holds
 * (added, changed, retyped), not the removed ones (only the withdrawn version had them).
 * `withdrawn` holds the dataset's withdrawn version numbers.
 */
export function withoutWithdrawnSamples(record: VersionRecord, withdrawn: ReadonlySet<number>): VersionRecord {
  if (record.state === 'withdrawn') return withdrawnRecord(record);
  const diff = record.diff;
  if (diff && withdrawn.has(diff.fromVersion))
    return {
      ...record,
      diff: { ...diff, fieldsRemoved: [], sampleKeys: { ...diff.sampleKeys, removed: [] } },
    };
  return record;
}

/** The same for every version of one dataset. */
export function withoutWithdrawnSamplesAll(records: readonly VersionRecord[]): VersionRecord[] {
  const withdrawn = new Set(records.filter((r) => r.state === 'withdrawn').map((r) => r.version));
  return records.map((r) => withoutWithdrawnSamples(r, withdrawn));
}

function withdrawnRecord(record: VersionRecord): VersionRecord {
  const { label: _label, valueProfile: _values, diff, ...rest } = record;
  return {
    ...rest,
    fields: [],
    primaryKey: [],
    deidentification: [],
    ...(diff
      ? {
          diff: {
            fromVersion: diff.fromVersion,
            fieldsAdded: [],
            fieldsRemoved: [],
            fieldsRetyped: [],
            primaryKeyChanged: diff.primaryKeyChanged,
            rowsAdded: diff.rowsAdded,
            rowsRemoved: diff.rowsRemoved,
            rowsChanged: diff.rowsChanged,
            sampleKeys: NONE,
            breaking: diff.breaking,
          },
        }
      : {}),
  };
}
