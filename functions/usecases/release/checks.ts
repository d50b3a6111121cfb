import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildEntry, latestPublished } from '../../core/catalog/build-entry.ts';
import type { DiffSummary, VersionRecord } from '../../core/catalog/schema.ts';
import { findLicense } from '../../core/manifest/parse.ts';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import {
  jsonBytes,
  largestParts,
  RECORD_BUDGET_BYTES,
  recordTooLarge,
  versionRecordBytes,
} from '../../core/release/record-size.ts';
import type { CheckReport, Release } from '../../core/release/release.ts';
import { describeBreaking, describeBreakingZh, schemaDiff } from '../../core/release/schema-diff.ts';
import { issuesToStore, STORED_ISSUES_MAX, warningsToStore } from '../../core/release/stored-issues.ts';
import { type ValidationIssue, withIssue } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';
import type { ProcessedRelease } from '../../ports/release-processor.ts';
import { pendingVersion } from '../publish-release.ts';
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
      // Listed once: the diff and the record-size check both need the dataset's versions.
      const versions = await deps.catalog.listVersions(manifest.id);
      diff = await diffAgainstLatest(deps, manifest, processed.output, workDir, versions);
      const breaking = undeclaredBreaking(manifest, diff);
      if (breaking) checked = withIssue(checked, breaking);
      for (const issue of await oversizedPublication(deps, release, manifest, processed.output, diff, versions)) {
        checked = withIssue(checked, issue);
      }
    }
    const warnings = processed.report.warnings ?? [];
    const report: CheckReport = {
      valid: checked.valid,
      rowsRead: checked.rowsRead,
      total: checked.total,
      counts: checked.counts,
      issues: issuesToStore(checked.issues),
      checkedAt: deps.clock.now().toISOString(),
      ...(warnings.length ? { warnings: warningsToStore(warnings), warningsTotal: warnings.length } : {}),
      // What the exceptions excepted: identity numbers among them need a platform sign-off.
      ...(processed.piiExceptions ? { piiExceptions: [...processed.piiExceptions] } : {}),
      // Valid rows k-anonymity suppression takes out: the approver decides knowing them.
      ...(processed.report.suppressed ? { suppressed: processed.report.suppressed } : {}),
    };
    return fitReleaseRecord(release, { report, ...(diff ? { diff } : {}), breaking: diff?.breaking ?? false });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

type Checked = { report: CheckReport; diff?: DiffSummary; breaking: boolean };

/**
 * The refusals of a release whose publication would write a record larger than a record may be
 * (record-size.ts): the version record (fields, de-identification, diff, value profile, files) and the
 * catalogue entry (the manifest's words and the fields), as publishRelease would write them. Refused
 * here, it is a finding the department can act on; at publication it was a write failing for ever.
 */
async function oversizedPublication(
  deps: ReleaseDeps,
  release: Release,
  manifest: DatasetManifest,
  out: Output,
  diff: DiffSummary | undefined,
  versions: readonly VersionRecord[],
): Promise<ValidationIssue[]> {
  const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
  const pending = pendingVersion(
    manifest,
    { releaseId: release.id, manifestSha256: release.manifestSha256, dataSha256: release.dataSha256 },
    out,
    diff,
    version,
  );
  const issues: ValidationIssue[] = [];
  const versionBytes = versionRecordBytes(pending, out.files.length);
  if (versionBytes > RECORD_BUDGET_BYTES) {
    issues.push(recordTooLarge('version record', versionBytes, largestParts(pending)));
  }
  const registry = await deps.registry();
  // An unregistered publisher or licence was refused when the release was opened.
  if (registry.publishers.some((p) => p.id === manifest.publisher) && findLicense(registry, manifest.license)) {
    const now = deps.clock.now().toISOString();
    const entry = buildEntry(manifest, registry, { ...pending, publishedAt: now }, undefined, now);
    const entryBytes = jsonBytes(entry);
    if (entryBytes > RECORD_BUDGET_BYTES) {
      issues.push(recordTooLarge('catalogue entry', entryBytes, largestParts(entry)));
    }
  }
  return issues;
}

/**
 * The check results as the release record can hold them. A release record is the manifest (at most
 * MANIFEST_MAX_BYTES) with the report and the diff; when they would make it larger than a record may be,
 * the release is refused (`release/too-large`, first), and the report keeps what fits: its counts, the
 * first issues, no warnings, exceptions or diff (a refused release is not approved, so nothing needs them).
 */
function fitReleaseRecord(release: Release, checked: Checked): Checked {
  const recorded = { ...release, checks: checked.report, ...(checked.diff ? { diff: checked.diff } : {}) };
  // The transition adds a history item and the state: 200 bytes is plenty.
  const bytes = jsonBytes(recorded) + 200;
  if (bytes <= RECORD_BUDGET_BYTES) return checked;
  const issue = recordTooLarge('release record', bytes, largestParts(recorded));
  const { warnings: _w, piiExceptions: _p, issues, ...counts } = checked.report;
  const slim: CheckReport = {
    ...counts,
    valid: false,
    total: counts.total + 1,
    counts: { ...counts.counts, [issue.type]: (counts.counts[issue.type] ?? 0) + 1 },
    issues: [issue],
  };
  const room = RECORD_BUDGET_BYTES - jsonBytes({ ...release, checks: slim }) - 200;
  return {
    report: { ...slim, issues: [issue, ...issuesToStore(issues, STORED_ISSUES_MAX - 1, Math.max(0, room))] },
    breaking: checked.breaking,
  };
}

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
    zh: zh(
      `与第 ${diff.fromVersion} 版相比有破坏性变更：${describeBreakingZh(diff)}`,
      '请保留已发布的字段和主键；如果确需变更，请在 dataset.yaml 中声明 `breaking: {note: "why and what users should do"}`',
    ),
  };
}

/** Diff of a processed release against the newest published version (undefined for a first version). */
export async function diffAgainstLatest(
  deps: ReleaseDeps,
  manifest: DatasetManifest,
  out: Output,
  workDir: string,
  versions?: readonly VersionRecord[],
): Promise<DiffSummary | undefined> {
  const previous = latestPublished(versions ?? (await deps.catalog.listVersions(manifest.id)));
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
    // A retyped column (integer → string) is compared as text, so that "~N rows changed" counts its values.
    compareAsText: schemaOnly.fieldsRetyped.map((f) => f.name).filter((n) => !pk.includes(n)),
    sampleSize: 5,
  });
  return schemaDiff(previous, to, rows, note);
}
