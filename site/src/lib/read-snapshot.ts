import { readFileSync } from 'node:fs';
import { CatalogSnapshot } from '../../../functions/core/catalog/schema.ts';

/** The env var naming the catalogue snapshot JSON the site is built from. */
export const SNAPSHOT_ENV = 'OPENDATA_CATALOG';

/** A snapshot that cannot be read or does not match the shared `CatalogSnapshot` schema. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  readonly path: string;
  readonly hint: string;
  readonly issues: readonly string[];
  constructor(path: string, message: string, hint: string, issues: readonly string[] = []) {
    super(`${message}\n${issues.map((i) => `  - ${i}`).join('\n')}${issues.length ? '\n' : ''}Hint: ${hint}`);
    this.path = path;
    this.hint = hint;
    this.issues = issues;
  }
  toJSON() {
    return { name: this.name, path: this.path, message: this.message, hint: this.hint, issues: this.issues };
  }
}

/** Resolves the snapshot path from the environment, failing with a hint when it is missing. */
export function snapshotPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const p = env[SNAPSHOT_ENV];
  if (!p) {
    throw new SnapshotError(
      '(unset)',
      `${SNAPSHOT_ENV} is not set: the site does not know which catalogue snapshot to build from.`,
      `call buildSite({ snapshotPath, outDir }) from site/build.ts, or set ${SNAPSHOT_ENV}=/path/to/catalog-snapshot.json`,
    );
  }
  return p;
}

/** Reads and validates the snapshot with the shared schema. Every failure names the file. */
export function readSnapshot(path: string): CatalogSnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SnapshotError(
      path,
      `Cannot read the catalogue snapshot ${path}: ${(e as Error).message}`,
      'check the path; the pipeline writes the snapshot after every publish',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SnapshotError(
      path,
      `The catalogue snapshot ${path} is not JSON: ${(e as Error).message}`,
      'the file may be truncated; regenerate it',
    );
  }
  const parsed = CatalogSnapshot.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SnapshotError(
      path,
      `The catalogue snapshot ${path} does not match the CatalogSnapshot schema (functions/core/catalog/schema.ts):`,
      'regenerate the snapshot with the same version of the pipeline as the site',
      issues,
    );
  }
  const ids = new Set<string>();
  for (const d of parsed.data.datasets) {
    if (ids.has(d.entry.id)) {
      throw new SnapshotError(
        path,
        `The catalogue snapshot ${path} lists dataset "${d.entry.id}" twice.`,
        'each dataset id must appear once',
        [`datasets: duplicate id ${d.entry.id}`],
      );
    }
    ids.add(d.entry.id);
  }
  return parsed.data;
}
