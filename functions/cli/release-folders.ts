import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The release folders of a dataset that publishes several versions from files kept side by side
 * (`<dataset>/releases/<name>/dataset.yaml`, e.g. datasets/mauna-loa-co2), in release order (the names
 * sort lexically); none for an ordinary dataset folder, which holds dataset.yaml itself.
 */
export function releaseFolders(dir: string): string[] {
  if (existsSync(join(dir, 'dataset.yaml'))) return [];
  const releases = join(dir, 'releases');
  if (!isFolder(releases)) return [];
  return readdirSync(releases, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(releases, e.name, 'dataset.yaml')))
    .map((e) => join(releases, e.name))
    .sort();
}

export const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
