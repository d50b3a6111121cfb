import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, releaseRefused } from '../../core/errors.ts';
import { DatasetManifest } from '../../core/manifest/schema.ts';
import { type Principal, SYSTEM_PRINCIPAL } from '../../core/release/principal.ts';
import type { Release } from '../../core/release/release.ts';
import { approve, markPublished } from '../../core/release/transitions.ts';
import { ConditionFailedError, type Revisioned } from '../../ports/catalog-store.ts';
import { refreshSnapshotAfterChange } from '../build-snapshot.ts';
import { publishRelease } from '../publish-release.ts';
import { appendAudit, exportLedgerAfterChange } from './audit-ledger.ts';
import { diffAgainstLatest } from './checks.ts';
import type { ReleaseDeps, StepHook } from './deps.ts';
import { downloadSources } from './raw-sources.ts';
import { loadRelease, saveRelease } from './release-store.ts';

/**
 * checks passed → approved → published. Approval is a conditional write (four eyes enforced by the
 * state machine); publication is publishRelease keyed by the release id, so a retry after a crash —
 * by the same approver calling approve again — resumes and completes exactly one version. With a
 * publication queue (AWS) the release is returned `approved` and published by the queue's consumer
 * (publishApprovedRelease); without one (local) it is published here.
 */
export async function approveRelease(
  deps: ReleaseDeps,
  p: Principal,
  id: string,
  options: { onStep?: StepHook } = {},
): Promise<Release> {
  const step = options.onStep ?? (() => {});
  let cur = await loadRelease(deps, id);
  const resuming = (r: Release) => (r.state === 'approved' || r.state === 'published') && r.approvedBy === p.id;
  if (!resuming(cur.value)) {
    const next = approve(cur.value, p, deps.clock.now().toISOString());
    try {
      cur = { value: next, revision: await saveRelease(deps, next, cur.revision) };
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
      cur = await loadRelease(deps, id);
      if (!resuming(cur.value)) approve(cur.value, p, deps.clock.now().toISOString()); // throws the right refusal
    }
  }
  await step('release-approved');
  await appendAudit(deps, {
    actor: cur.value.approvedBy ?? p.id,
    action: 'release.approved',
    subject: `release/${id}`,
    details: { dataset: cur.value.datasetId, submittedBy: cur.value.submittedBy },
    dedupeKey: `release/${id}/approved`,
  });
  await step('approval-audited');
  if (deps.publication && cur.value.state === 'approved') {
    await deps.publication.enqueue(id);
    return cur.value;
  }
  return publishApprovedRelease(deps, id, { onStep: step, loaded: cur });
}

/**
 * approved → published, then the audit entry, the ledger export and the catalogue snapshot. Safe to
 * run again at any point (a redelivered event, a resumed approval): a published release only has its
 * remaining steps completed; a release that is not approved is refused (409).
 */
export async function publishApprovedRelease(
  deps: ReleaseDeps,
  id: string,
  options: { onStep?: StepHook; loaded?: Revisioned<Release> } = {},
): Promise<Release> {
  const step = options.onStep ?? (() => {});
  let cur = options.loaded ?? (await loadRelease(deps, id));
  if (cur.value.state !== 'approved' && cur.value.state !== 'published') {
    throw conflict({
      detail: `release ${id} is ${cur.value.state}: only an approved release is published`,
      hint: `see GET /v1/releases/${id}`,
      extensions: { state: cur.value.state },
    });
  }
  if (cur.value.state === 'approved') cur = await publishApproved(deps, cur, step);
  await appendAudit(deps, {
    actor: SYSTEM_PRINCIPAL.id,
    action: 'release.published',
    subject: `dataset/${cur.value.datasetId}/v${cur.value.version}`,
    details: {
      release: id,
      dataset: cur.value.datasetId,
      version: cur.value.version,
      approvedBy: cur.value.approvedBy,
      submittedBy: cur.value.submittedBy,
      breaking: cur.value.breaking,
    },
    dedupeKey: `release/${id}/published`,
  });
  await step('publication-audited');
  await exportLedgerAfterChange(deps);
  await step('ledger-exported');
  await refreshSnapshotAfterChange(deps);
  return cur.value;
}

async function publishApproved(
  deps: ReleaseDeps,
  cur: Revisioned<Release>,
  step: StepHook,
): Promise<Revisioned<Release>> {
  const manifest = DatasetManifest.parse(cur.value.manifest);
  const workDir = await mkdtemp(join(deps.workRoot, `publish-${cur.value.id}-`));
  let version: number;
  try {
    const sources = await downloadSources(deps, cur.value, workDir);
    const out = await publishRelease(deps, {
      releaseId: cur.value.id,
      manifest,
      sources,
      registry: await deps.registry(),
      diff: (output) => diffAgainstLatest(deps, manifest, output, workDir),
      onStep: step,
    });
    if (out.status === 'refused') {
      throw releaseRefused({
        detail: `release ${cur.value.id} no longer passes its checks`,
        hint: 'submit a new release',
      });
    }
    version = out.version;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  for (;;) {
    if (cur.value.state === 'published') return cur;
    const next = markPublished(cur.value, SYSTEM_PRINCIPAL, version, deps.clock.now().toISOString());
    try {
      const revision = await saveRelease(deps, next, cur.revision);
      await step('release-published');
      return { value: next, revision };
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
      cur = await loadRelease(deps, cur.value.id);
    }
  }
}
