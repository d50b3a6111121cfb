/**
 * Who can fetch a version's published files. The API answers 410 for a withdrawn version, but in AWS
 * the files themselves are served from the published bucket (CloudFront `/files/...`) without asking
 * the API: the edge keeps its own list of the versions it may serve (the files gate), opened when the
 * catalogue commits a version and closed when it is withdrawn — without deleting or changing a byte,
 * because published keys are immutable. Files of a version the gate does not list (a publication in
 * progress, or one that failed) are not served.
 */
export interface PublishedFileAccess {
  /**
   * Opens the files of a version the catalogue has just committed as published. Never reopens a
   * withdrawn version (a withdrawal racing a publication's retry wins). Idempotent.
   */
  publish(datasetId: string, version: number): Promise<void>;
  /**
   * Stops serving every file of one version (its folder, artifact-keys.ts versionPrefix), including
   * copies cached at the edge; the edge answers 410 with `reason`. Idempotent: a retry marks and purges again.
   */
  withdraw(datasetId: string, version: number, reason: string): Promise<void>;
  /**
   * Brings the gate in line with the catalogue (after the gate was recreated, or a step that failed
   * for good): opens published versions it lacks, closes withdrawn ones it still serves. Never reopens
   * a withdrawn version, never purges caches (withdrawal did).
   */
  reconcile(versions: readonly CommittedVersion[]): Promise<{ opened: number; closed: number }>;
}

/** A version the catalogue has committed, as the files gate needs it. */
export type CommittedVersion =
  | { readonly datasetId: string; readonly version: number; readonly state: 'published' }
  | { readonly datasetId: string; readonly version: number; readonly state: 'withdrawn'; readonly reason: string };
