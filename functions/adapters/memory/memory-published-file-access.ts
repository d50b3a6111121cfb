import { isVersionPrefix } from '../../core/catalog/artifact-keys.ts';
import type { PublishedFileAccess } from '../../ports/published-file-access.ts';

/** Records each withdrawn prefix, in call order (unit tests of the use cases). */
export class MemoryPublishedFileAccess implements PublishedFileAccess {
  readonly withdrawn: string[] = [];

  async withdraw(prefix: string): Promise<void> {
    if (!isVersionPrefix(prefix)) throw new Error(`refusing to withdraw "${prefix}": not one version's folder`);
    this.withdrawn.push(prefix);
  }
}
