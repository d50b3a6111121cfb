import { isAppError } from '../../core/errors.ts';
import { toPrincipal } from '../../core/release/principal.ts';
import type { ReleaseState } from '../../core/release/release.ts';
import type { ReleaseDeps } from './deps.ts';
import { findRelease } from './release-store.ts';
import { missingUploads, submitRelease } from './submit-release.ts';

/** What an announced upload led to (logged by the ingest function; no personal data). */
export type UploadOutcome =
  /** The release's last file arrived: it was submitted on its creator's behalf and checked. */
  | { readonly outcome: 'submitted'; readonly releaseId: string; readonly state: ReleaseState }
  /** Other files of the release are still to come (or differ from what was announced). */
  | { readonly outcome: 'waiting'; readonly releaseId: string; readonly missing: number }
  /** Already submitted (by the department's own call, or an earlier upload event). */
  | { readonly outcome: 'not-a-draft'; readonly releaseId: string; readonly state: ReleaseState }
  /** The creator may no longer submit (left the directory or lost the publisher role): a publisher must submit. */
  | { readonly outcome: 'creator-not-allowed'; readonly releaseId: string; readonly reason: string }
  /** Not one of a release's raw files (an orphan: the sweep and the bucket lifecycle remove it). */
  | { readonly outcome: 'not-a-release-file'; readonly key: string };

/**
 * An object arrived in the raw store (S3 ObjectCreated under `uploads/`, delivered through SQS in AWS).
 * When it completes its release — every announced file there, with its size and sha256 — the release
 * is submitted as its creator (whose rights are checked again now) and its checks run here, in a
 * function whose time limit fits large files, rather than in an API request. Idempotent: a repeated or
 * late event for a release past `draft` changes nothing, except that a release left `submitted` by an
 * interrupted check has its checks run again.
 */
export async function submitOnUpload(deps: ReleaseDeps, key: string): Promise<UploadOutcome> {
  // uploads/<department>/<release id>/<index>-<name> (raw-sources.ts rawKey)
  const [prefix, , releaseId] = key.split('/');
  const found = prefix === 'uploads' && releaseId ? await findRelease(deps, releaseId) : undefined;
  if (!found || !releaseId || !found.value.files.some((f) => f.key === key)) {
    return { outcome: 'not-a-release-file', key };
  }
  const release = found.value;
  if (release.state !== 'draft' && release.state !== 'submitted') {
    return { outcome: 'not-a-draft', releaseId, state: release.state };
  }
  if (release.state === 'draft') {
    const missing = await missingUploads(deps, release);
    if (missing.length > 0) return { outcome: 'waiting', releaseId, missing: missing.length };
  }
  const entry = deps.principals?.principals.find((e) => e.id === release.createdBy);
  if (!entry) {
    return {
      outcome: 'creator-not-allowed',
      releaseId,
      reason: `${release.createdBy} is not in the principal directory`,
    };
  }
  try {
    const after = await submitRelease(deps, toPrincipal(entry), releaseId, 'upload-complete');
    return { outcome: 'submitted', releaseId, state: after.state };
  } catch (e) {
    // Only a refusal of the creator's rights is final; anything else is retried by the queue.
    if (isAppError(e) && e.status === 403) return { outcome: 'creator-not-allowed', releaseId, reason: e.detail };
    throw e;
  }
}
