import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parsePublishersYaml } from '../core/manifest/parse.ts';
import { Publisher } from '../core/manifest/registry.ts';
import type { DepartmentIds } from '../usecases/data-requests.ts';

/** The bundled registry file (the same one the releases function reads; infra/release-config.ts). */
const RegistryFile = z.object({ publishers: z.array(Publisher) });

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
  const file = env.REGISTRY_FILE;
  if (file) {
    const path = isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), file);
    const r = RegistryFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!r.success) throw new Error(`invalid publisher registry ${path}\nhint: redeploy with datasets/publishers.yaml`);
    return r.data.publishers.map((p) => p.id);
  }
  const local = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets', 'publishers.yaml');
  if (!existsSync(local)) {
    throw new Error(
      'no publisher registry: set REGISTRY_FILE\nhint: the stack bundles registry.json with the functions that check departments',
    );
  }
  return parsePublishersYaml(readFileSync(local, 'utf8'), local).map((p) => p.id);
}
