import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { Registry } from '../core/manifest/parse.ts';
import { License, Publisher } from '../core/manifest/registry.ts';

/** The registry file the stack bundles into a function's asset (infra/release-config.ts). */
const RegistryFile = z.strictObject({ publishers: z.array(Publisher), licenses: z.array(License).default([]) });

/** A file bundled with the function: relative paths are resolved against the task root (/var/task). */
export function bundledPath(file: string, env: NodeJS.ProcessEnv): string {
  return isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), file);
}

/**
 * Reads and validates the bundled registry; a broken file names itself and the fix. In a module of its
 * own so that a small function (data requests) reads it without bundling the release pipeline.
 */
export function readRegistryFile(path: string): Registry {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(
      `cannot read the publisher registry ${path}: ${(e as Error).message}\nhint: the stack bundles it from datasets/publishers.yaml and licenses.yaml; redeploy`,
    );
  }
  const r = RegistryFile.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(
      `invalid publisher registry ${path}:\n${lines}\nhint: fix datasets/publishers.yaml or licenses.yaml and redeploy`,
    );
  }
  return r.data;
}
