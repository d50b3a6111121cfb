/**
 * Work a transition leaves to the maintenance function. In AWS a withdrawal answers once the version
 * is closed (catalogue, files gate, S3 tags, invalidation, entry, audit entry) and queues what is
 * derived from the whole catalogue — the snapshot the site is built from and the public ledger export —
 * which at a thousand datasets outlasts an API request. The local platform has no queue and runs
 * them within the request.
 */
export interface MaintenanceQueue {
  afterWithdrawal(datasetId: string, version: number): Promise<void>;
}
