import type { VersionRecord } from './schema.ts';

const NONE = { added: [], removed: [], changed: [] };

/**
 * What the catalogue shows of a withdrawn version: withdrawal stops publishing what the version said,
 * and its metadata is as likely a reason to withdraw it as its data (personal data in a column name,
 * a field description, an enum, the label or the breaking-change note). So wherever version records
 * are shown (API, catalogue snapshot, site, feeds), a withdrawn version keeps only what makes the
 * withdrawal transparent: that it existed, when it was published, how many rows it had, its files'
 * names, sizes and sha256 (so holders of a copy can tell what they hold), its manifest and data hashes,
 * whether it was breaking, its diff's counts, and when, by which party and why it was withdrawn. Its label,
 * fields, primary key, de-identification report, value profile (values of its data) and the field
 * names and note of its diff are not shown; the release document and the audit ledger keep them for
 * the department and the auditors (the profile stays in the stored record).
 *
 * A version's diff also names sample key values (`sampleKeys`) of its data and of the version before
 * it, so a diff from a withdrawn version keeps only the keys and fields the newer version still holds
 * (added, changed, retyped), not the removed ones (only the withdrawn version had them).
 * `withdrawn` holds the dataset's withdrawn version numbers.
 *
 * Who withdrew a version is shown as the party that acted: the dataset's publishing department
 * (`publisher`, its id) or `platform` (an admin), never a member of staff (the audit ledger keeps who,
 * undisclosed in its public export). Records written before withdrawals were stored that way name a
 * person in `withdrawn.by`: they show no `by`.
 */
export function withoutWithdrawnSamples(
  record: VersionRecord,
  withdrawn: ReadonlySet<number>,
  publisher?: string,
): VersionRecord {
  if (record.state === 'withdrawn') return withdrawnRecord(record, publisher);
  const diff = record.diff;
  if (diff && withdrawn.has(diff.fromVersion))
    return {
      ...record,
      diff: { ...diff, fieldsRemoved: [], sampleKeys: { ...diff.sampleKeys, removed: [] } },
    };
  return record;
}

/** The same for every version of one dataset (`publisher`: its publishing department's id). */
export function withoutWithdrawnSamplesAll(records: readonly VersionRecord[], publisher?: string): VersionRecord[] {
  const withdrawn = new Set(records.filter((r) => r.state === 'withdrawn').map((r) => r.version));
  return records.map((r) => withoutWithdrawnSamples(r, withdrawn, publisher));
}

/** The actors a withdrawal may name publicly: the platform, or the dataset's own department. */
export const WITHDRAWN_BY_PLATFORM = 'platform';

/**
 * A withdrawal as it may be shown publicly: its reason and time, and who withdrew it only when that is
 * the platform or the dataset's own department (records stored before named the person).
 */
export function publicWithdrawal(
  withdrawn: { reason: string; at: string; by?: string | undefined },
  publisher: string | undefined,
): { reason: string; at: string; by?: string } {
  const { reason, at, by } = withdrawn;
  const party = by === WITHDRAWN_BY_PLATFORM || (by !== undefined && by === publisher) ? by : undefined;
  return { reason, at, ...(party ? { by: party } : {}) };
}

function withdrawnRecord(record: VersionRecord, publisher: string | undefined): VersionRecord {
  const { label: _label, valueProfile: _values, diff, withdrawn, ...rest } = record;
  return {
    ...rest,
    ...(withdrawn ? { withdrawn: publicWithdrawal(withdrawn, publisher) } : {}),
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
