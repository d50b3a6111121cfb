import { versionPrefix } from '../../core/catalog/artifact-keys.ts';
import type { PublishedFileAccess } from '../../ports/published-file-access.ts';

/** Records the folder of each withdrawn version, in call order (unit tests of the use cases). */
export class MemoryPublishedFileAccess implements PublishedFileAccess {
  readonly withdrawn: string[] = [];

  async withdraw(datasetId: string, version: number): Promise<void> {
    this.withdrawn.push(versionPrefix(datasetId, version));
  }
}
