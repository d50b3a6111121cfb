import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReleaseFolder } from '../adapters/local/dataset-folder.ts';
import { manifestSha256 } from '../core/canonical-json.ts';
import { latestPublished } from '../core/catalog/build-entry.ts';
import { hasRole, type Principal, toPrincipal } from '../core/release/principal.ts';
import { approveRelease } from '../usecases/release/approve-release.ts';
import type { ReleaseDeps } from '../usecases/release/deps.ts';
import { sourceName } from '../usecases/release/raw-sources.ts';
import { findRelease } from '../usecases/release/release-store.ts';
import { createRelease } from '../usecases/release/submit-release.ts';
import { parsePrincipals } from '../wiring/release-deps.ts';

export type SeedOutcome =
  | { status: 'published' | 'unchanged'; version: number }
  | { status: 'refused'; problems: string[] };

/** The two demo principals that release a department's sample datasets: a publisher and a different approver. */
export async function demoPrincipals(
  datasetsDir: string,
  department: string,
): Promise<{ publisher: Principal; approver: Principal }> {
  const file = join(datasetsDir, 'principals.yaml');
  const all = parsePrincipals(await readFile(file, 'utf8'), file).principals.map(toPrincipal);
  const publisher = all.find((p) => hasRole(p, 'publisher', department));
  const approver = all.find((p) => p !== publisher && hasRole(p, 'approver', department));
  if (!publisher || !approver) {
    throw new Error(`${file}: department "${department}" needs a publisher and a different approver for the demo`);
  }
  return { publisher, approver };
}

/**
 * One sample release through the whole lifecycle, as a department would do it: create + submit
 * (checks run) by the publisher, approve (publish) by a second person. Idempotent by release id, and
 * a dataset already published with the same manifest and data is left alone.
 */
export async function seedRelease(
  deps: ReleaseDeps,
  folder: ReleaseFolder,
  /** sha256 of each source file, in order (the caller has read them already). */
  shas: readonly string[],
  releaseId: string,
  who: { publisher: Principal; approver: Principal },
): Promise<SeedOutcome> {
  const existing = await findRelease(deps, releaseId);
  if (existing?.value.state === 'published' && existing.value.version) {
    return { status: 'unchanged', version: existing.value.version };
  }
  if (!existing) {
    const latest = latestPublished(await deps.catalog.listVersions(folder.manifest.id));
    const manifestSha = manifestSha256(folder.manifest);
    const dataSha256 = sha256(shas.join('\n'));
    if (latest && latest.manifestSha256 === manifestSha && latest.dataSha256 === dataSha256) {
      return { status: 'unchanged', version: latest.version };
    }
  }
  const files = await Promise.all(
    folder.manifest.source.files.map(async (f, i) => {
      const path = folder.sources[i]?.path as string;
      return { name: sourceName(f), path, sha256: shas[i] as string, bytes: (await stat(path)).size };
    }),
  );
  const { release } = await createRelease(deps, who.publisher, {
    manifestYaml: await readFile(folder.manifestFile, 'utf8'),
    files,
    releaseId,
  });
  if (release.state === 'checks-failed' || release.state === 'rejected') {
    const issues = release.checks?.issues ?? [];
    return {
      status: 'refused',
      problems: issues
        .slice(0, 10)
        .map((i) => `${i.file ?? ''}${i.row ? `:${i.row}` : ''} ${i.field ?? ''} ${i.type}: ${i.message}`),
    };
  }
  const done = await approveRelease(deps, who.approver, releaseId);
  return { status: 'published', version: done.version as number };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
