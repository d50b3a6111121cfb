/**
 * Who can still fetch a version's published files. The API answers 410 for a withdrawn version, but
 * in AWS the files themselves are served from the published bucket (CloudFront `/files/...`, presigned
 * URLs) without asking the API: withdrawal must close that path too — without deleting or changing a
 * byte, because published keys are immutable.
 */
export interface PublishedFileAccess {
  /**
   * Stops serving every file of one version (its folder, artifact-keys.ts versionPrefix), including
   * copies cached at the edge. Idempotent: a retry marks and purges again.
   */
  withdraw(datasetId: string, version: number): Promise<void>;
}
