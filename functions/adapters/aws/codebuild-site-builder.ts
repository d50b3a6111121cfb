import { type CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import type { SiteBuilder } from '../../ports/site-builder.ts';

/**
 * The site rebuild's CodeBuild project (infra/constructs/site-rebuild.ts). Its concurrent-build limit
 * is 1: CodeBuild refuses a start while a build runs, with AccountLimitExceededException ("Cannot have
 * more than 1 builds in queue"), which is reported as `running`, not as a failure.
 */
export class CodeBuildSiteBuilder implements SiteBuilder {
  readonly client: CodeBuildClient;
  readonly projectName: string;
  constructor(client: CodeBuildClient, projectName: string) {
    this.client = client;
    this.projectName = projectName;
  }
  async start(): Promise<'started' | 'running'> {
    try {
      await this.client.send(new StartBuildCommand({ projectName: this.projectName }));
      return 'started';
    } catch (e) {
      // By name, not instanceof: the same check whichever copy of the SDK threw it.
      if (e instanceof Error && e.name === 'AccountLimitExceededException') return 'running';
      throw e;
    }
  }
}
