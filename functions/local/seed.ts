import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { datasetDirs, loadRegistry, readReleaseFolder, releaseDirs } from '../adapters/local/dataset-folder.ts';
import { sha256File } from '../adapters/local/fs-blob-store.ts';
import { isAppError } from '../core/errors.ts';
import type { ReleaseDeps } from '../usecases/release/deps.ts';
import { demoPrincipals, seedRelease } from './seed-release.ts';

export interface SeedResult {
  readonly dataset: string;
  readonly release: string;
  readonly status: 'published' | 'unchanged' | 'refused' | 'invalid';
  readonly version?: number;
  readonly problems?: string[];
}

/**
 * Runs every dataset folder through the release lifecycle (submit → checks → approve by a second
 * demo principal → publish). Idempotent: the release id is derived from the manifest and data, so a
 * second start publishes nothing new unless something changed.
 */
export async function seedDatasets(
  deps: ReleaseDeps,
  datasetsDir: string,
  log: (line: string) => void,
  only?: readonly string[],
): Promise<SeedResult[]> {
  const registry = await loadRegistry(datasetsDir);
  const results: SeedResult[] = [];
  for (const dsDir of await datasetDirs(datasetsDir)) {
    if (only && !only.some((id) => dsDir.endsWith(`/${id}`))) continue;
    for (const dir of await releaseDirs(dsDir)) {
      const shown = relative(process.cwd(), dir) || dir;
      try {
        const folder = await readReleaseFolder(dir, registry);
        // Each source file is read once for its hash: it keys the release id and travels with the upload.
        const shas = await Promise.all(folder.sources.map((s) => sha256File(s.path)));
        const h = createHash('sha256').update(await readFile(folder.manifestFile));
        for (const sha of shas) h.update(sha);
        const releaseId = `seed-${folder.manifest.id}-${h.digest('hex').slice(0, 16)}`;
        const out = await seedRelease(
          deps,
          folder,
          shas,
          releaseId,
          await demoPrincipals(datasetsDir, folder.manifest.publisher),
        );
        if (out.status === 'refused') {
          const problems = out.problems;
          log(`  ✗ ${shown}: refused by the checks\n${problems.map((p) => `      ${p}`).join('\n')}`);
          results.push({ dataset: folder.manifest.id, release: releaseId, status: 'refused', problems });
        } else {
          log(`  ${out.status === 'published' ? '✓ published' : '= unchanged'} ${folder.manifest.id} v${out.version}`);
          results.push({ dataset: folder.manifest.id, release: releaseId, status: out.status, version: out.version });
        }
      } catch (e) {
        if (!isAppError(e)) {
          // A broken dataset must not stop the platform: report it and go on with the others.
          log(`  ✗ ${shown}: failed: ${e instanceof Error ? e.message : String(e)}`);
          results.push({ dataset: shown, release: '', status: 'invalid', problems: [String(e)] });
          continue;
        }
        const problems = [e.detail, ...e.errors.map((x) => `${x.where}: ${x.message}${x.hint ? ` (${x.hint})` : ''}`)];
        log(`  ✗ ${shown}: ${problems.join('\n      ')}`);
        results.push({ dataset: shown, release: '', status: 'invalid', problems });
      }
    }
  }
  return results;
}
