import { logger } from '../../http/observability.ts';
import { refreshAfterWithdrawal } from '../maintenance.ts';
import type { ReleaseDeps } from './deps.ts';

/**
 * The last step of a withdrawal, after the version is closed everywhere a reader could reach it. With
 * a maintenance queue (AWS) the snapshot refresh and ledger export are queued (`VersionWithdrawn`), so
 * the request answers within its time limit; without one (local platform) they run here. Best effort
 * either way, as they always were: the withdrawal is committed, and the hourly snapshot refresh and the
 * daily ledger export repair a lost event or a failed run.
 */
export async function afterWithdrawal(deps: ReleaseDeps, datasetId: string, version: number): Promise<void> {
  try {
    // The same work either way (maintenance.ts refreshAfterWithdrawal): queued, or here.
    await (deps.maintenance ? deps.maintenance.afterWithdrawal(datasetId, version) : refreshAfterWithdrawal(deps));
  } catch (e) {
    logger.warn('withdrawal: the snapshot refresh and ledger export did not complete; the hourly run repairs it', {
      dataset: datasetId,
      version,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}
