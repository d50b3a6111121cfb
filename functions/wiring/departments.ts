import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { parsePublishersYaml } from '../core/manifest/parse.ts';
import type { DepartmentIds } from '../usecases/data-requests.ts';
import { bundledPath, readRegistryFile } from './registry-file.ts';

/**
 * The registered departments (publishers registry) for routes outside the release lifecycle, such as
 * data requests. Read once per process from the registry file bundled with the function
 * (REGISTRY_FILE, AWS), else from the repository's datasets/publishers.yaml (the local platform).
 * Kept apart from release-deps.ts so a small function does not bundle the release pipeline.
 */
export function registeredDepartments(env: NodeJS.ProcessEnv = process.env): DepartmentIds {
  let ids: readonly string[] | undefined;
  return async () => {
    ids ??= readIds(env);
    return ids;
  };
}

function readIds(env: NodeJS.ProcessEnv): string[] {
  const file = env[RUNTIME_ENV.registryFile];
  if (file) return readRegistryFile(bundledPath(file, env)).publishers.map((p) => p.id);
  const local = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets', 'publishers.yaml');
  if (!existsSync(local)) {
    throw new Error(
      'no publisher registry: set REGISTRY_FILE\nhint: the stack bundles registry.json with the functions that check departments',
    );
  }
  return parsePublishersYaml(readFileSync(local, 'utf8'), local).map((p) => p.id);
}
