import { manifestSha256 } from '../../core/canonical-json.ts';
import { latestPublished } from '../../core/catalog/build-entry.ts';
import { noVersion } from '../../core/catalog/catalog-problems.ts';
import type { DatasetEntry, VersionRecord } from '../../core/catalog/schema.ts';
import { badRequest } from '../../core/errors.ts';
import { findLicense, type Registry } from '../../core/manifest/parse.ts';
import { DatasetManifest } from '../../core/manifest/schema.ts';
import type { Principal } from '../../core/release/principal.ts';
import { withdrawingParty, withdrawVersion as withdrawTransition } from '../../core/release/transitions.ts';
import { ConditionFailedError } from '../../ports/catalog-store.ts';
import { refreshEntry } from '../publish-release.ts';
import { afterWithdrawal } from './after-withdrawal.ts';
import { appendAudit } from './audit-ledger.ts';
import type { ReleaseDeps } from './deps.ts';
import { findRelease } from './release-store.ts';

/**
 * published → withdrawn. The audit and the version's record stay (shown without its descriptive
 * metadata: withdrawn-samples.ts); downloads and queries of the version answer 410 with the reason
 * (read-catalog.ts); `latest` moves to the newest version still published, and the catalogue entry is
 * rebuilt from that version's manifest (refreshLatest → publish-release.ts refreshEntry), so search, the snapshot and the site lose
 * whatever only the withdrawn version said; the
 * version's files stop being served at the edge too (deps.publishedFiles: in AWS, the files gate answers
 * 410 with the reason, S3 tags the bucket policy denies, a CloudFront invalidation), without a byte
 * changing. Once every version of a dataset is withdrawn, the dataset itself answers 410 and leaves
 * the list, the facets and the site (read-catalog.ts getDataset, `latestVersion: null`).
 *
 * A retry after a failure — by the same party (the department's approvers, or the platform's admins)
 * calling withdraw again — resumes: the catalogue already says withdrawn, so the transition is skipped
 * and every later step (file access, `latest`, audit, exports) runs again; each is idempotent. Anyone
 * else gets the transition's 409.
 */
export async function withdrawVersion(
  deps: ReleaseDeps,
  p: Principal,
  datasetId: string,
  versionText: string,
  reason: string | undefined,
): Promise<VersionRecord> {
  if (!/^[1-9][0-9]{0,9}$/.test(versionText)) {
    throw badRequest({
      detail: `"${versionText}" is not a version number`,
      hint: 'withdraw a numbered version, e.g. 2',
      zh: { detail: `“${versionText}”不是版本号`, hint: '请撤回一个编号的版本，例如 2' },
    });
  }
  const version = Number(versionText);
  const entry = await deps.catalog.getDataset(datasetId);
  let cur = await deps.catalog.getVersion(datasetId, version);
  if (!entry || !cur || cur.value.state === 'pending') {
    throw noVersion(datasetId, versionText);
  }
  // The record names the party (the department or the platform), not the person: a retry by the same
  // party resumes (every later step is idempotent, and the audit entry is written once).
  const party = withdrawingParty(p, entry.value.publisher.id);
  const resuming = (v: VersionRecord) => v.state === 'withdrawn' && v.withdrawn?.by === party;
  let record = cur.value;
  // Conditional write; a concurrent change re-reads and re-decides (the transition throws the refusal,
  // e.g. 409 when someone else withdrew it meanwhile).
  for (let attempt = 1; !resuming(record); attempt++) {
    const next = withdrawTransition(record, entry.value.publisher.id, p, reason, deps.clock.now().toISOString());
    try {
      await deps.catalog.updateVersion(next, cur.revision);
      record = next;
    } catch (e) {
      if (!(e instanceof ConditionFailedError) || attempt >= 5) throw e;
      const again = await deps.catalog.getVersion(datasetId, version);
      if (!again) throw e;
      cur = again;
      record = again.value;
    }
  }
  // First after the commit: this is what stops the bytes reaching people (e.g. after a privacy incident).
  await deps.publishedFiles.withdraw(datasetId, version, record.withdrawn?.reason ?? 'withdrawn');
  await refreshLatest(deps, datasetId);
  await appendAudit(deps, {
    actor: p.id,
    action: 'version.withdrawn',
    subject: `dataset/${datasetId}/v${record.version}`,
    details: { reason: record.withdrawn?.reason, release: record.releaseId },
    dedupeKey: `dataset/${datasetId}/v${record.version}/withdrawn`,
  });
  // What is derived from the whole catalogue (the snapshot the site is built from, the public ledger
  // export) outlasts an API request at a thousand datasets: queued in AWS, inline locally.
  await afterWithdrawal(deps, datasetId, record.version);
  return record;
}

/**
 * Points the catalogue entry at the newest version still published, rebuilt from that version's own
 * manifest as its publication built it (publish-release.ts refreshEntry), so nothing the withdrawn
 * version alone said stays in the entry, the search, the snapshot and the site built from it.
 */
async function refreshLatest(deps: ReleaseDeps, datasetId: string): Promise<void> {
  const latest = latestPublished(await deps.catalog.listVersions(datasetId));
  // A release document that no longer parses is treated as none: the withdrawal has to complete.
  const manifest = latest ? await manifestOf(deps, latest).catch(() => undefined) : undefined;
  const registry = manifest ? await deps.registry() : undefined;
  // A publisher or licence no longer registered (buildEntry would refuse it): keep what the entry says.
  if (manifest && registry && registered(manifest, registry)) {
    await refreshEntry(deps, manifest, registry);
    return;
  }
  await keepEntryWords(deps, datasetId);
}

function registered(manifest: DatasetManifest, registry: Registry): boolean {
  return registry.publishers.some((p) => p.id === manifest.publisher) && !!findLicense(registry, manifest.license);
}

/**
 * The cases refreshEntry does not cover: no version left published (the dataset answers 410), or a
 * version now latest with no verified manifest behind it — the platform's own scorecards, whose
 * metadata the platform writes, or one whose registry entries are gone: its numbers, the entry's words.
 */
async function keepEntryWords(deps: ReleaseDeps, datasetId: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const entry = await deps.catalog.getDataset(datasetId);
    if (!entry) return;
    const versions = await deps.catalog.listVersions(datasetId);
    const latest = latestPublished(versions);
    const now = deps.clock.now().toISOString();
    if (latest) {
      console.warn(
        JSON.stringify({
          level: 'WARN',
          message: 'withdrawal: no manifest for the version now latest; the entry keeps its metadata',
          dataset: latest.datasetId,
          version: latest.version,
        }),
      );
    }
    // The value profile is the data's, so it is the latest version's or none: never the withdrawn one's.
    const { valueProfile: _withdrawn, ...words } = entry.value;
    const next: DatasetEntry = latest
      ? {
          ...words,
          latestVersion: latest.version,
          versionCount: Math.max(entry.value.versionCount, ...versions.map((v) => v.version)),
          rowCount: latest.rowCount,
          fields: latest.fields,
          primaryKey: latest.primaryKey,
          ...(latest.valueProfile?.length ? { valueProfile: latest.valueProfile } : {}),
          updatedAt: now,
        }
      : { ...words, latestVersion: null, updatedAt: now };
    try {
      await deps.catalog.putDataset(next, entry.revision);
      return;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
  throw new Error(`could not update the catalogue entry of ${datasetId}: too much contention`);
}

/** The manifest a version was published from: its release's, when the hash says it is the same one. */
async function manifestOf(deps: ReleaseDeps, record: VersionRecord): Promise<DatasetManifest | undefined> {
  const release = await findRelease(deps, record.releaseId);
  if (!release || release.value.datasetId !== record.datasetId) return undefined;
  const parsed = DatasetManifest.safeParse(release.value.manifest);
  if (!parsed.success) return undefined;
  return manifestSha256(parsed.data) === record.manifestSha256 ? parsed.data : undefined;
}
