import { latestPublished } from '../../core/catalog/build-entry.ts';
import type { VersionRecord } from '../../core/catalog/schema.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import type { Principal } from '../../core/release/principal.ts';
import { withdrawVersion as withdrawTransition } from '../../core/release/transitions.ts';
import { ConditionFailedError } from '../../ports/catalog-store.ts';
import { refreshSnapshotAfterChange } from '../build-snapshot.ts';
import { appendAudit, exportLedgerAfterChange } from './audit-ledger.ts';
import type { ReleaseDeps } from './deps.ts';

/**
 * published → withdrawn. Metadata and the audit stay; downloads and queries of the version answer
 * 410 with the reason (read-catalog.ts); `latest` moves to the newest version still published.
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
    });
  }
  const entry = await deps.catalog.getDataset(datasetId);
  const cur = await deps.catalog.getVersion(datasetId, Number(versionText));
  if (!entry || !cur || cur.value.state === 'pending') {
    throw notFound({
      detail: `dataset "${datasetId}" has no version ${versionText}`,
      hint: `see GET /v1/datasets/${datasetId}/versions`,
    });
  }
  const next = withdrawTransition(cur.value, entry.value.publisher.id, p, reason, deps.clock.now().toISOString());
  await deps.catalog.updateVersion(next, cur.revision);
  await refreshLatest(deps, datasetId);
  await appendAudit(deps, {
    actor: p.id,
    action: 'version.withdrawn',
    subject: `dataset/${datasetId}/v${next.version}`,
    details: { reason: next.withdrawn?.reason, release: next.releaseId },
    dedupeKey: `dataset/${datasetId}/v${next.version}/withdrawn`,
  });
  await exportLedgerAfterChange(deps);
  await refreshSnapshotAfterChange(deps);
  return next;
}

/** Points the catalogue entry at the newest version still published (optimistic retry). */
async function refreshLatest(deps: ReleaseDeps, datasetId: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const entry = await deps.catalog.getDataset(datasetId);
    if (!entry) return;
    const latest = latestPublished(await deps.catalog.listVersions(datasetId));
    const next = {
      ...entry.value,
      latestVersion: latest?.version ?? null,
      ...(latest ? { rowCount: latest.rowCount, fields: latest.fields, primaryKey: latest.primaryKey } : {}),
      updatedAt: deps.clock.now().toISOString(),
    };
    try {
      await deps.catalog.putDataset(next, entry.revision);
      return;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
}
