import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type AppError, conflict, isAppError, releaseRefused } from '../../core/errors.ts';
import { DatasetManifest } from '../../core/manifest/schema.ts';
import { type Principal, SYSTEM_PRINCIPAL } from '../../core/release/principal.ts';
import type { Release, ReleaseView } from '../../core/release/release.ts';
import { approvalIsSignOff, signOffReasons } from '../../core/release/sign-off.ts';
import { STATE_ZH } from '../../core/release/state-words.ts';
import { FAILURE_ISSUES_MAX_BYTES, issuesToStore, STORED_ISSUES_MAX } from '../../core/release/stored-issues.ts';
import { approve, markPublicationFailed, markPublished, signOff } from '../../core/release/transitions.ts';
import { ValidationIssue } from '../../core/validation/report.ts';
import { ConditionFailedError, type Revisioned } from '../../ports/catalog-store.ts';
import { refreshSnapshotAfterChange } from '../build-snapshot.ts';
import { publishRelease } from '../publish-release.ts';
import { appendAudit, exportLedgerAfterChange } from './audit-ledger.ts';
import { diffAgainstLatest, undeclaredBreaking } from './checks.ts';
import type { ReleaseDeps, StepHook } from './deps.ts';
import { announceRelease } from './notices.ts';
import { downloadSources } from './raw-sources.ts';
import { loadRelease, saveRelease } from './release-store.ts';
import { releaseView } from './release-views.ts';

/**
 * checks passed → approved → published. Approval is a conditional write (four eyes enforced by the
 * state machine); publication is publishRelease keyed by the release id, so a retry after a crash —
 * by the same approver calling approve again — resumes and completes exactly one version. With a
 * publication queue (AWS) the release is returned `approved` and published by the queue's consumer
 * (publishApprovedRelease); without one (local) it is published here.
 *
 * A platform admin's approval of a release that publishes identity numbers under an exception is the
 * platform sign-off (`signOffRelease`): recorded and audited, the release stays `checks-passed` until
 * a department approver approves it.
 *
 * The answer is the release's view: approving again a release published as a version that was
 * withdrawn since says so (`versionWithdrawn`), as GET /v1/releases/{id} does.
 */
export async function approveRelease(
  deps: ReleaseDeps,
  p: Principal,
  id: string,
  options: { onStep?: StepHook } = {},
): Promise<ReleaseView> {
  const step = options.onStep ?? (() => {});
  let cur = await loadRelease(deps, id);
  if (approvalIsSignOff(cur.value, p)) return signOffRelease(deps, p, cur);
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
    details: {
      dataset: cur.value.datasetId,
      submittedBy: cur.value.submittedBy,
      ...(cur.value.platformSignOff?.by ? { signedOffBy: cur.value.platformSignOff.by } : {}),
    },
    dedupeKey: `release/${id}/approved`,
  });
  await step('approval-audited');
  if (deps.publication && cur.value.state === 'approved') {
    await deps.publication.enqueue(id);
    return cur.value;
  }
  // Only a release that was already published (the approver calling again) can have had its version
  // withdrawn since: a version published just now cannot be, so it costs no version read.
  const republished = cur.value.state === 'published';
  const published = await publishApprovedRelease(deps, id, { onStep: step, loaded: cur });
  return republished ? releaseView(deps, published) : published;
}

/**
 * The platform sign-off (a conditional write; signing again as the same admin changes nothing), then
 * its audit entry: who, and which identity exceptions they accepted.
 */
async function signOffRelease(deps: ReleaseDeps, p: Principal, loaded: Revisioned<Release>): Promise<Release> {
  let cur = loaded;
  // A concurrent change re-reads and re-decides (signOff throws the refusal, e.g. 409 when another
  // admin signed off meanwhile).
  for (let attempt = 1; ; attempt++) {
    const next = signOff(cur.value, p, deps.clock.now().toISOString());
    if (next === cur.value) break;
    try {
      cur = { value: next, revision: await saveRelease(deps, next, cur.revision) };
      break;
    } catch (e) {
      if (!(e instanceof ConditionFailedError) || attempt >= 5) throw e;
      cur = await loadRelease(deps, cur.value.id);
    }
  }
  const r = cur.value;
  await appendAudit(deps, {
    actor: p.id,
    action: 'release.signed-off',
    subject: `release/${r.id}`,
    details: { dataset: r.datasetId, submittedBy: r.submittedBy, exceptions: signOffReasons(r) },
    dedupeKey: `release/${r.id}/signed-off`,
  });
  return r;
}

/**
 * approved → published, then the audit entry, the ledger export and the catalogue snapshot. Safe to
 * run again at any point (a redelivered event, a resumed approval): a published release only has its
 * remaining steps completed; a release that is not approved is refused (409). A refusal of the
 * publication itself (4xx: the data no longer passes its checks, a raw file is gone…) is final: the
 * release moves to `publication-failed` with the reason, audited, and the error is rethrown; any
 * other error leaves it `approved` for a retry.
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
      zh: {
        detail: `发布申请 ${id} 的状态是“${STATE_ZH[cur.value.state]}”（${cur.value.state}）：只有已批准的发布申请才会发布`,
        hint: `请查看 opendata status ${id}（GET /v1/releases/${id}）`,
      },
      extensions: { state: cur.value.state },
    });
  }
  if (cur.value.state === 'approved') {
    try {
      cur = await publishApproved(deps, cur, step);
    } catch (e) {
      if (isAppError(e) && e.status < 500) await recordPublicationFailure(deps, cur, e);
      throw e;
    }
  }
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
      // Against the newest version NOW: another release of the dataset may have been published since
      // this one was checked, and the breaking-change rule holds against that one too.
      diff: async (output) => {
        const diff = await diffAgainstLatest(deps, manifest, output, workDir);
        const breaking = undeclaredBreaking(manifest, diff);
        if (breaking) {
          throw releaseRefused({
            detail: `release ${cur.value.id} was checked against an older version; ${breaking.message}`,
            hint: 'submit a new release built on the newest version, or declare `breaking: {note: …}` in its manifest',
            zh: {
              detail: `发布申请 ${cur.value.id} 是对照较早的版本检查的；${breaking.zh?.message ?? breaking.message}`,
              hint: '请基于最新版本提交新的发布申请，或在其清单中声明 `breaking: {note: …}`',
            },
            extensions: { issues: [breaking] },
          });
        }
        return diff;
      },
      onStep: step,
    });
    if (out.status === 'refused') {
      throw releaseRefused({
        detail: `release ${cur.value.id} no longer passes its checks`,
        hint: 'fix what the issues name (or the registry or secret it depends on) and submit a new release',
        zh: {
          detail: `发布申请 ${cur.value.id} 已不再通过检查`,
          hint: '请修正 issues 中指出的问题（或它依赖的登记表、密钥），然后提交新的发布申请',
        },
        extensions: { issues: issuesToStore(out.report.issues) },
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

const Issues = z.array(ValidationIssue);

/** approved → publication-failed with the refusal, then its audit entry (a lost race to another writer is left alone). */
async function recordPublicationFailure(deps: ReleaseDeps, cur: Revisioned<Release>, e: AppError): Promise<void> {
  const issues = Issues.safeParse(e.extensions.issues);
  const failure = {
    status: e.status,
    type: e.slug,
    detail: e.detail,
    ...(e.hint ? { hint: e.hint } : {}),
    ...(issues.success && issues.data.length
      ? { issues: issuesToStore(issues.data, STORED_ISSUES_MAX, FAILURE_ISSUES_MAX_BYTES) }
      : {}),
    at: deps.clock.now().toISOString(),
  };
  let recorded: Release | undefined;
  for (;;) {
    if (cur.value.state === 'publication-failed') break; // a concurrent delivery recorded it: audit once
    if (cur.value.state !== 'approved') return;
    try {
      recorded = markPublicationFailed(cur.value, SYSTEM_PRINCIPAL, failure);
      await saveRelease(deps, recorded, cur.revision);
      break;
    } catch (err) {
      recorded = undefined;
      if (!(err instanceof ConditionFailedError)) throw err;
      cur = await loadRelease(deps, cur.value.id);
    }
  }
  await appendAudit(deps, {
    actor: SYSTEM_PRINCIPAL.id,
    action: 'release.publication-failed',
    subject: `release/${cur.value.id}`,
    details: { dataset: cur.value.datasetId, status: failure.status, reason: failure.detail },
    dedupeKey: `release/${cur.value.id}/publication-failed`,
  });
  await exportLedgerAfterChange(deps);
  if (recorded) await announceRelease(deps, recorded);
}
