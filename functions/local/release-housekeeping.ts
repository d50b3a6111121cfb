import { exportLedger } from '../usecases/release/audit-ledger.ts';
import type { ReleaseDeps } from '../usecases/release/deps.ts';
import { recordRoleChanges } from '../usecases/release/record-role-changes.ts';
import { sweepRawUploads } from '../usecases/release/sweep-raw-uploads.ts';

/**
 * What AWS does on a schedule, done locally at start: delete raw uploads past their retention (the
 * raw bucket's lifecycle rule in AWS) and export the audit ledger (the daily export).
 */
export async function releaseHousekeeping(deps: ReleaseDeps, log: (line: string) => void): Promise<void> {
  const { deleted } = await sweepRawUploads(deps);
  if (deleted) log(`Deleted ${deleted} raw upload file(s) older than ${deps.rawRetentionDays} days`);
  if (deps.principals && (await recordRoleChanges(deps, deps.principals)).changed) {
    log('Role changes recorded in the audit ledger');
  }
  await exportLedger(deps);
}
