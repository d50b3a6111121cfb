/**
 * Where an approved release waits for its publication. In AWS the approval request only records the
 * approval and enqueues (a `ReleaseApproved` event on the platform bus), and the ingest function
 * publishes with a time limit that fits large releases; the local platform has no queue and publishes
 * within the approval request.
 */
export interface PublicationQueue {
  enqueue(releaseId: string): Promise<void>;
}
