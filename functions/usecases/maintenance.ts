import { logger } from '../http/observability.ts';
import type { PublicationQueue } from '../ports/publication-queue.ts';
import type { PublishedFileAccess } from '../ports/published-file-access.ts';
import type { SiteBuilder } from '../ports/site-builder.ts';
import { refreshSnapshotIfChanged } from './build-snapshot.ts';
import type { Deps } from './deps.ts';
import { checkAndExportLedger, exportLedger, type LedgerCheck } from './release/audit-ledger.ts';
import { reconcileEdgeFiles } from './release/reconcile-edge-files.ts';
import { resumeStalledPublications } from './release/resume-publications.ts';
import { retrySiteBuildIfStale } from './retry-site-build.ts';

/** What the maintenance function's work needs (wiring/maintenance-deps.ts; locally the release deps). */
export interface MaintenanceDeps extends Deps {
  /** The files gate's reconciliation (AWS: the CloudFront KeyValueStore; locally the catalogue itself). */
  readonly publishedFiles: Pick<PublishedFileAccess, 'reconcile'>;
  /** AWS: approved releases waiting for the ingest function. Locally absent: nothing to resume. */
  readonly publication?: PublicationQueue;
  /** AWS: the site build, started again when the last one failed. Locally absent: the platform builds the site itself. */
  readonly siteBuild?: SiteBuilder;
}

/**
 * The hourly run, in order of what matters: the files gate first (a withdrawn version must stay closed
 * at the edge, whatever else fails), then the catalogue snapshot (ratings, comments, requests reach the
 * site), then the site build when the last one failed (AWS), then the publications whose events were
 * lost. A failing step does not skip the later ones; the run still fails at the end (an error alarm),
 * and the next run repeats the idempotent work.
 */
export async function runHourlyMaintenance(deps: MaintenanceDeps) {
  const failures: unknown[] = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (e) {
      logger.error(`maintenance step failed: ${name}`, {
        error: e instanceof Error ? { name: e.name, message: e.message } : String(e),
      });
      failures.push(e);
      return undefined;
    }
  };
  const gate = await step('files gate', () => reconcileEdgeFiles(deps));
  if (gate && gate.opened + gate.closed > 0) logger.warn('files gate repaired', gate);
  const refreshed = await step('catalogue snapshot', () => refreshSnapshotIfChanged(deps));
  const changed = refreshed?.changed;
  // A changed snapshot was just announced, and its event starts the build: no second start racing it.
  // Otherwise the refresh read the stored snapshot already: its sha256 is passed on, not read again.
  const { siteBuild } = deps;
  const site =
    siteBuild && changed !== true
      ? await step('site build', () => retrySiteBuildIfStale({ blobs: deps.blobs, siteBuild }, refreshed?.sha256))
      : undefined;
  if (site === 'started') logger.warn('site build started again: the last one did not finish', { site });
  const resumed = await step('stalled publications', () => resumeStalledPublications(deps));
  if (resumed?.length) logger.warn('stalled publications queued again', { releases: resumed });
  if (failures.length) throw new AggregateError(failures, `${failures.length} hourly maintenance step(s) failed`);
  return { gate, changed, site, resumed };
}

/**
 * What a withdrawal leaves to the maintenance function (a `VersionWithdrawn` event in AWS; inline on the
 * local platform, release/after-withdrawal.ts): the public ledger export with the withdrawal's audit
 * entry, and the catalogue snapshot without the version, so the site is rebuilt without it. Both are
 * attempted whatever the other does; a failure is thrown after both (the event is retried). Idempotent:
 * the export is write-once per ledger head, and an unchanged snapshot is not rewritten.
 */
export async function refreshAfterWithdrawal(deps: Deps): Promise<{ ledgerSeq: number; snapshotChanged: boolean }> {
  const [ledger, snapshot] = await Promise.allSettled([exportLedger(deps), refreshSnapshotIfChanged(deps)]);
  if (ledger.status === 'rejected' || snapshot.status === 'rejected') {
    const failed = [ledger, snapshot].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    throw new AggregateError(failed, 'after the withdrawal: the ledger export or the snapshot refresh failed');
  }
  return { ledgerSeq: ledger.value.seq, snapshotChanged: snapshot.value.changed };
}

/** The stored audit ledger does not verify: the daily export fails with this (the function's Errors alarm). */
export class AuditLedgerBroken extends Error {
  readonly firstBroken: LedgerCheck['firstBroken'];
  constructor(check: LedgerCheck) {
    const at = check.firstBroken;
    super(`the audit ledger does not verify${at ? `: entry ${at.seq}: ${at.reason}` : ''}`);
    this.name = 'AuditLedgerBroken';
    this.firstBroken = at;
  }
}

/**
 * The daily audit-ledger export, and its verdict on the stored ledger. `report` gets the verdict
 * first, whatever it is (the AuditLedgerValid metric, which has its own alarm); a ledger that does not
 * verify then fails the run. The export itself stops at the last verified entry (exportLedger), so a
 * failed run has published nothing after the break, and the next run checks again.
 */
export async function exportAndCheckLedger(deps: Deps, report: (check: LedgerCheck) => void): Promise<LedgerCheck> {
  const check = await checkAndExportLedger(deps);
  report(check);
  if (!check.valid) throw new AuditLedgerBroken(check);
  return check;
}
