import { versionPrefix } from '../../core/catalog/artifact-keys.ts';
import type { CommittedVersion, PublishedFileAccess } from '../../ports/published-file-access.ts';

/** Records the folder of each opened and withdrawn version, in call order (unit tests of the use cases). */
export class MemoryPublishedFileAccess implements PublishedFileAccess {
  readonly published: string[] = [];
  readonly withdrawn: string[] = [];
  readonly reasons: string[] = [];

  async publish(datasetId: string, version: number): Promise<void> {
    this.published.push(versionPrefix(datasetId, version));
  }

  async withdraw(datasetId: string, version: number, reason: string): Promise<void> {
    this.withdrawn.push(versionPrefix(datasetId, version));
    this.reasons.push(reason);
  }

  async reconcile(versions: readonly CommittedVersion[]): Promise<{ opened: number; closed: number }> {
    return {
      opened: versions.filter((v) => v.state === 'published').length,
      closed: versions.filter((v) => v.state === 'withdrawn').length,
    };
  }
}
