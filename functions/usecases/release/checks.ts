import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { latestPublished } from '../../core/catalog/build-entry.ts';
import type { DiffSummary } from '../../core/catalog/schema.ts';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import type { CheckReport, Release } from '../../core/release/release.ts';
import { describeBreaking, schemaDiff } from '../../core/release/schema-diff.ts';
import { issuesToStore } from '../../core/release/stored-issues.ts';
import { type ValidationIssue, withIssue } from '../../core/validation/report.ts';
import type { ProcessedRelease } from '../../ports/release-processor.ts';
import type { ReleaseDeps } from './deps.ts';
import { downloadSources } from './raw-sources.ts';

type Output = NonNullable<ProcessedRelease['output']>;

/**
 * The checks run on submission: the release processor (validation + protection gate), then the diff
 * against the newest published version, refusing an undeclared breaking change.
 */
export async function runChecks(
  deps: ReleaseDeps,
  release: Release,
  manifest: DatasetManifest,
): Promise<{ report: CheckReport; diff?: DiffSummary; breaking: boolean }> {
  const workDir = await mkdtemp(join(deps.workRoot, `checks-${release.id}-`));
  try {
    const sources = await downloadSources(deps, release, workDir);
    const processed = await deps.processor.process({
      manifest,
      sources,
      workDir,
      pseudonymKey: await deps.secrets.pseudonymKey(),
    });
    let checked = processed.report;
    let diff: DiffSummary | undefined;
    if (processed.output) {
      diff = await diffAgainstLatest(deps, manifest, processed.output, workDir);
      const breaking = undeclaredBreaking(manifest, diff);
      if (breaking) checked = withIssue(checked, breaking);
    }
    const report: CheckReport = {
      valid: checked.valid,
      rowsRead: checked.rowsRead,
      total: checked.total,
      counts: checked.counts,
      issues: issuesToStore(checked.issues),
      checkedAt: deps.clock.now().toISOString(),
      ...(processed.report.warnings ? { warnings: processed.report.warnings } : {}),
      // What the exceptions excepted: identity numbers among them need a platform sign-off.
      ...(processed.piiExceptions ? { piiExceptions: [...processed.piiExceptions] } : {}),
    };
    return { report, ...(diff ? { diff } : {}), breaking: diff?.breaking ?? false };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Diff of a processed release against the newest published version (undefined for a first version). */
/** The refusal of a breaking change against the newest version that the manifest does not declare. */
export function undeclaredBreaking(
  manifest: DatasetManifest,
  diff: DiffSummary | undefined,
): ValidationIssue | undefined {
  if (!diff?.breaking || manifest.breaking) return undefined;
  return {
    type: 'schema/breaking-change',
    message: `breaking change against version ${diff.fromVersion}: ${describeBreaking(diff)}`,
    hint: 'keep the published fields and primary key, or declare `breaking: {note: "why and what users should do"}` in the manifest',
  };
}

export async function diffAgainstLatest(
  deps: ReleaseDeps,
  manifest: DatasetManifest,
  out: Output,
  workDir: string,
): Promise<DiffSummary | undefined> {
  const previous = latestPublished(await deps.catalog.listVersions(manifest.id));
  if (!previous) return undefined;
  const to = { version: previous.version + 1, fields: out.fields, primaryKey: manifest.primaryKey };
  const note = manifest.breaking?.note;
  const schemaOnly = schemaDiff(previous, to, undefined, note);
  const pk = manifest.primaryKey;
  const prevParquet = previous.artifacts.find((a) => a.name === 'data.parquet');
  const nextParquet = out.files.find((f) => f.name === 'data.parquet');
  if (!pk.length || schemaOnly.primaryKeyChanged || !prevParquet || !nextParquet) return schemaOnly;
  const prevTypes = new Map(previous.fields.map((f) => [f.name, f.type]));
  if (pk.some((k) => prevTypes.get(k) !== out.fields.find((f) => f.name === k)?.type)) return schemaOnly;
  const local = join(workDir, `previous-v${previous.version}.parquet`);
  await deps.blobs.download(prevParquet.key, local);
  const rows = await deps.diffEngine.diffRows({
    fromParquet: local,
    toParquet: nextParquet.path,
    primaryKey: pk,
    compareColumns: out.fields
      .filter((f) => !pk.includes(f.name) && prevTypes.get(f.name) === f.type)
      .map((f) => f.name),
    sampleSize: 5,
  });
  return schemaDiff(previous, to, rows, note);
}
