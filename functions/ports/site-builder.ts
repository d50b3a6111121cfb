/**
 * Starts a build of the static site from the stored catalogue snapshot (AWS: the CodeBuild project).
 * Locally there is none: the platform rebuilds the site itself after each snapshot (local/platform.ts),
 * so the maintenance deps carry no site builder there.
 */
export interface SiteBuilder {
  /**
   * `started`, or `running` when a build is already under way (the project runs one at a time and
   * refuses a second start; the running build builds again if the snapshot changed meanwhile).
   */
  start(): Promise<'started' | 'running'>;
}
