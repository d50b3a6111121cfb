import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { VERSION_WITHDRAWN_EVENT } from '../../infra/runtime-env.ts';
import { logger, metrics } from '../http/observability.ts';
import { exportAndCheckLedger, refreshAfterWithdrawal, runHourlyMaintenance } from '../usecases/maintenance.ts';
import { LEDGER_CHECK_METRICS, type LedgerCheck } from '../usecases/release/audit-ledger.ts';
import { reconcileEdgeFiles } from '../usecases/release/reconcile-edge-files.ts';
import { getMaintenanceDeps } from '../wiring/maintenance-deps.ts';

/** The EventBridge event a withdrawal puts on the bus in AWS (infra/runtime-env.ts VERSION_WITHDRAWN_EVENT). */
const VersionWithdrawn = z.object({
  source: z.literal(VERSION_WITHDRAWN_EVENT.source),
  'detail-type': z.literal(VERSION_WITHDRAWN_EVENT.detailType),
  detail: z.object({ datasetId: z.string().min(1), version: z.number().int().positive() }),
});

/** The daily verdict as EMF metrics (LEDGER_CHECK_METRICS), published at once: the run may fail right after. */
function reportLedger(check: LedgerCheck): void {
  metrics.addMetric(LEDGER_CHECK_METRICS.valid, MetricUnit.Count, check.valid ? 1 : 0);
  metrics.addMetric(LEDGER_CHECK_METRICS.exportLag, MetricUnit.Count, Math.max(0, check.stored - check.seq));
  metrics.publishStoredMetrics();
  if (check.valid) logger.info('audit ledger export', { ...check });
  else logger.error('audit ledger does not verify', { ...check });
}

/** The tasks its schedules (infra/handler-table.ts DEFAULT_SCHEDULES) and the deployment send. */
export const MAINTENANCE_TASKS = ['catalog-snapshot-refresh', 'files-gate-sync', 'audit-ledger-export'] as const;

/**
 * The platform's housekeeping, with a 15-minute time limit (no routes, no DuckDB):
 * - `{ task: 'catalog-snapshot-refresh' }` (hourly): the files gate brought in line with the catalogue
 *   first, then the snapshot rewritten if it changed (and so the site rebuilt), then stalled
 *   publications queued again (usecases/maintenance.ts);
 * - `{ task: 'files-gate-sync' }`: only the gate (queued by the deployment when the store is new,
 *   infra/constructs/files-gate-fill.ts, or run by an operator);
 * - `{ task: 'audit-ledger-export' }` (daily): the write-once ledger and head files, and the verdict on
 *   the stored ledger (metrics LEDGER_CHECK_METRICS); a ledger that does not verify fails the run;
 * - `VersionWithdrawn` events: the ledger export and snapshot refresh after a withdrawal.
 * Every run is idempotent; a failed one raises the function's error alarm and is repeated by the next.
 */
export const handler = async (event: unknown) => {
  const withdrawn = VersionWithdrawn.safeParse(event);
  if (withdrawn.success) {
    const r = await refreshAfterWithdrawal(getMaintenanceDeps());
    logger.info('refreshed after a withdrawal', { ...withdrawn.data.detail, ...r });
    return r;
  }
  const task = (event as { task?: unknown } | null)?.task;
  if (!(MAINTENANCE_TASKS as readonly unknown[]).includes(task)) {
    throw new Error(
      `unknown scheduled task ${JSON.stringify(task)}: expected one of ${MAINTENANCE_TASKS.join(', ')} or a VersionWithdrawn event`,
    );
  }
  const deps = getMaintenanceDeps();
  switch (task) {
    case 'catalog-snapshot-refresh': {
      const r = await runHourlyMaintenance(deps);
      logger.info('hourly maintenance', r);
      return r;
    }
    case 'files-gate-sync': {
      const gate = await reconcileEdgeFiles(deps);
      logger.info('files gate synchronised', gate);
      return gate;
    }
    // 'audit-ledger-export'
    default:
      return exportAndCheckLedger(deps, reportLedger);
  }
};
