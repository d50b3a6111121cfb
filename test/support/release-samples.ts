import type { Release } from '../../functions/core/release/release.ts';

/**
 * A release record as the store keeps it: created and submitted by carol, with a manifest and data
 * hashes that stand for any, no files and no history; a draft unless `patch` says otherwise.
 */
export function sampleRelease(
  patch: Partial<Release> & Pick<Release, 'id' | 'datasetId' | 'department' | 'createdAt'>,
): Release {
  return {
    state: 'draft',
    createdBy: 'carol',
    submittedBy: 'carol',
    manifest: {},
    manifestSha256: 'm',
    dataSha256: 'd',
    files: [],
    breaking: false,
    history: [],
    ...patch,
  };
}
