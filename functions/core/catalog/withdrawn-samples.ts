import type { VersionRecord } from './schema.ts';

const NONE = { added: [], removed: [], changed: [] };

/**
 * A version's diff names sample key values (`sampleKeys`): values of its data and of the version
 * before it. A withdrawn version's values must go with its data, so wherever version records are
 * shown (API, catalogue snapshot, site) its own diff keeps only its counts, and a diff from it keeps
 * only the keys the newer version still holds (added, changed), not the removed ones (only the
 * withdrawn version had them). `withdrawn` holds the dataset's withdrawn version numbers.
 */
export function withoutWithdrawnSamples(record: VersionRecord, withdrawn: ReadonlySet<number>): VersionRecord {
  const diff = record.diff;
  if (!diff) return record;
  if (record.state === 'withdrawn') return { ...record, diff: { ...diff, sampleKeys: NONE } };
  if (withdrawn.has(diff.fromVersion))
    return { ...record, diff: { ...diff, sampleKeys: { ...diff.sampleKeys, removed: [] } } };
  return record;
}

/** The same for every version of one dataset. */
export function withoutWithdrawnSamplesAll(records: readonly VersionRecord[]): VersionRecord[] {
  const withdrawn = new Set(records.filter((r) => r.state === 'withdrawn').map((r) => r.version));
  return records.map((r) => withoutWithdrawnSamples(r, withdrawn));
}
