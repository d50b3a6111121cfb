import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from '../adapters/local/fs-blob-store.ts';
import { manifestSha256 as manifestHash } from '../core/canonical-json.ts';
import { artifactKey, attachmentDisposition, versionPrefix } from '../core/catalog/artifact-keys.ts';
import { buildEntry, latestPublished } from '../core/catalog/build-entry.ts';
import { buildDataPackage } from '../core/catalog/datapackage.ts';
import type { Artifact, DiffSummary, VersionRecord } from '../core/catalog/schema.ts';
import { sameSearchTexts } from '../core/catalog/search/search-fields.ts';
import { releaseRefused } from '../core/errors.ts';
import type { Registry } from '../core/manifest/parse.ts';
import type { DatasetManifest } from '../core/manifest/schema.ts';
import { refuseForeignRelease } from '../core/release/ownership.ts';
import {
  jsonBytes,
  largestParts,
  RECORD_BUDGET_BYTES,
  type RecordKind,
  recordTooLarge,
  versionRecordBytes,
} from '../core/release/record-size.ts';
import type { ValidationReport } from '../core/validation/report.ts';
import { logger } from '../http/observability.ts';
import { BlobExistsError, type BlobInfo } from '../ports/blob-store.ts';
import { ConditionFailedError, RecordTooLargeError } from '../ports/catalog-store.ts';
import type { PublishedFileAccess } from '../ports/published-file-access.ts';
import type { ProcessedRelease, ProducedFile, SourceInput } from '../ports/release-processor.ts';
import type { VersionTable } from '../ports/table-catalog.ts';
import type { Deps } from './deps.ts';

export type PublishOutcome =
  | { status: 'published'; version: number; report: ValidationReport; resumed: boolean }
  | { status: 'unchanged'; version: number }
  | { status: 'refused'; report: ValidationReport };

/** Hook for fault-injection tests: called at every step boundary of a publication. */
export type StepHook = (step: string) => Promise<void> | void;

/**
 * What publishing touches: the platform's deps, and the files gate (AWS: CloudFront serves `/files/*`
 * only for versions the gate lists, so a committed version is opened there; locally the server asks
 * the catalogue for every `/files/` request, and opening a version records nothing more).
 */
export type PublishDeps = Deps & { readonly publishedFiles: Pick<PublishedFileAccess, 'publish'> };

/**
 * Publishes an approved release as the next immutable version:
 * process (validate + protect + write) → claim version number (conditional create, `pending`) →
 * upload artifacts (never overwrite) → verify sha256 → commit (conditional update to `published`)
 * → open the files at the edge → refresh the catalogue entry. A crash anywhere leaves no visible
 * version: until the commit, the catalogue does not list it and the edge serves none of its files
 * (they are under the version's prefix, which the files gate does not list); retrying the same release
 * id resumes and completes it (exactly once).
 *
 * The published store can hold files under a number the catalogue does not know: after the table was
 * restored to an earlier point (docs/deploy.md, *Restoring the catalogue table*), the versions
 * published since are gone from the catalogue but their write-once files are not. A claim skips such a
 * number unless the files are this publication's own (same data: the same release published before
 * the restore, or an earlier attempt of it), and a stored file is adopted only when its bytes are the
 * ones this publication produced; anything else refuses the publication (`versionTaken`) rather than
 * serve another release's bytes under this release's metadata.
 */
export async function publishRelease(
  deps: PublishDeps,
  input: {
    releaseId: string;
    manifest: DatasetManifest;
    sources: readonly SourceInput[];
    registry: Registry;
    /** Skip when the newest version has the same manifest and data (idempotent seeding). */
    skipIfUnchanged?: boolean;
    /** Diff against the previous version, stored with the version record (release lifecycle). */
    diff?: (output: NonNullable<ProcessedRelease['output']>) => Promise<DiffSummary | undefined>;
    onStep?: StepHook;
  },
): Promise<PublishOutcome> {
  const { manifest, releaseId } = input;
  const step = input.onStep ?? (() => {});
  const manifestSha256 = manifestHash(manifest);
  const dataSha256 = sha256((await Promise.all(input.sources.map((s) => sha256File(s.path)))).join('\n'));

  const versions = await deps.catalog.listVersions(manifest.id);
  const own = versions.find((v) => v.releaseId === releaseId);
  if (own?.state === 'published' || own?.state === 'withdrawn') {
    // A retry after a crash between commit and registration opens the files and registers the table
    // now (both idempotent). A withdrawn version stays closed.
    if (own.state === 'published') {
      await deps.publishedFiles.publish(own.datasetId, own.version);
      await registerTable(deps, own);
    }
    await refreshEntry(deps, manifest, input.registry);
    return { status: 'unchanged', version: own.version };
  }
  refuseForeignRelease(
    manifest.id,
    (await deps.catalog.getDataset(manifest.id))?.value.publisher.id,
    manifest.publisher,
  );
  const latest = latestPublished(versions);
  if (input.skipIfUnchanged && latest && latest.manifestSha256 === manifestSha256 && latest.dataSha256 === dataSha256) {
    return { status: 'unchanged', version: latest.version };
  }

  const workDir = await mkdtemp(join(deps.workRoot, `release-${manifest.id}-`));
  try {
    const key = await deps.secrets.pseudonymKey();
    const processed = await deps.processor.process({ manifest, sources: input.sources, workDir, pseudonymKey: key });
    await step('processed');
    if (!processed.output) return { status: 'refused', report: processed.report };
    const out = processed.output;
    const diff = own ? undefined : await input.diff?.(out);
    // The data files' hashes, known before any number is claimed: a number whose prefix already holds
    // other data is skipped, and a stored file is only adopted when it is byte for byte this one.
    const data: HashedFile[] = [];
    for (const f of out.files) data.push({ ...f, sha256: await sha256File(f.path) });

    // Claim the next number; a lost race moves on to the next one. Our own pending claim is resumed.
    let claimed: VersionRecord;
    let resumed = false;
    if (own) {
      claimed = own;
      resumed = true;
    } else {
      let n = Math.max(0, ...versions.map((v) => v.version)) + 1;
      const pending = pendingVersion(manifest, { releaseId, manifestSha256, dataSha256 }, out, diff, n);
      // The checks refused a release whose records would not fit; one that grew since (a diff against a
      // newer version, a longer publisher name) is refused here, before it claims a number.
      refuseOversized('version record', versionRecordBytes(pending, out.files.length), pending);
      const entry = buildEntry(manifest, input.registry, pending, undefined, deps.clock.now().toISOString());
      refuseOversized('catalogue entry', jsonBytes(entry), entry);
      for (;;) {
        const record: VersionRecord = { ...pending, version: n };
        if ((await storedUnder(deps, manifest.id, n, data)) === 'other') {
          // Expected only after a restore of the catalogue table (docs/deploy.md): the operator reconciles.
          logger.warn('version number skipped: the published store already holds other files under it', {
            dataset: manifest.id,
            version: n,
            hint: 'the catalogue was probably restored to an earlier point: reconcile it as docs/deploy.md says',
          });
          n++;
          continue;
        }
        try {
          await deps.catalog.createVersion(record);
          claimed = record;
          break;
        } catch (e) {
          if (e instanceof RecordTooLargeError) refuseOversized('version record', e.bytes, record, 0);
          if (!(e instanceof ConditionFailedError)) throw e;
          const taken = await deps.catalog.getVersion(manifest.id, n);
          if (taken?.value.releaseId === releaseId) {
            claimed = taken.value;
            resumed = true;
            break;
          }
          n++;
        }
      }
    }
    await step('claimed');

    // Artifacts: data files, then the metadata that describes them.
    const version = claimed.version;
    const artifacts: Artifact[] = [];
    for (const f of data) artifacts.push(await upload(deps, manifest.id, version, f));
    await step('data-uploaded');

    const now = deps.clock.now().toISOString();
    const previous = await deps.catalog.getDataset(manifest.id);
    const provisionalEntry = buildEntry(
      manifest,
      input.registry,
      { ...claimed, publishedAt: now },
      previous?.value,
      now,
    );
    const datapackage = buildDataPackage(
      provisionalEntry,
      { ...claimed, publishedAt: now },
      artifacts,
      deps.publicBaseUrl,
    );
    const metaFiles: Array<[string, string]> = [
      ['datapackage.json', JSON.stringify(datapackage, null, 2)],
      ['validation-report.json', JSON.stringify(processed.report, null, 2)],
      [
        'deidentification-report.json',
        JSON.stringify({ dataset: manifest.id, version, fields: out.deidentification }, null, 2),
      ],
      ['preview.json', JSON.stringify(out.preview)],
    ];
    for (const [name, body] of metaFiles) artifacts.push(await uploadBytes(deps, manifest.id, version, name, body));
    const sums = artifacts.map((a) => `${a.sha256}  ${a.name}\n`).join('');
    artifacts.push(await uploadBytes(deps, manifest.id, version, 'SHA256SUMS', sums));
    await step('meta-uploaded');
    // The table catalog's location file (Glue: a symlink manifest naming only data.parquet), written
    // once like everything under the version prefix, before the commit. Not an artifact: it is not
    // published data, and no download or checksum list should show it.
    const table = versionTable({ ...claimed, artifacts });
    const location = table ? deps.tableCatalog?.locationFile(table) : null;
    if (location) await putOnce(deps, location.key, location.body);

    // Verify what storage holds before anything becomes visible.
    for (const a of artifacts) {
      const head = await deps.blobs.head(a.key);
      if (!head || head.bytes !== a.bytes || (head.sha256 && head.sha256 !== a.sha256)) {
        throw new Error(`artifact ${a.key} failed verification after upload`);
      }
    }
    await step('verified');

    // Commit point: one conditional write.
    const current = await deps.catalog.getVersion(manifest.id, version);
    if (!current) throw new Error(`claimed version ${manifest.id}@${version} vanished`);
    let state = current.value.state;
    if (state === 'pending') {
      await deps.catalog.updateVersion(
        { ...current.value, state: 'published', publishedAt: now, artifacts },
        current.revision,
      );
      state = 'published';
    }
    await step('committed');
    // Only after the commit: a publication that fails before it leaves nothing readable at the edge.
    if (state === 'published') await deps.publishedFiles.publish(manifest.id, version);
    await registerTable(deps, { ...current.value, artifacts });
    await step('registered');
    await refreshEntry(deps, manifest, input.registry);
    await step('entry-updated');
    return { status: 'published', version, report: processed.report, resumed };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The version record a publication claims (`pending`; its artifacts come later): what the checks
 * measure (record-size.ts) and what publishRelease stores.
 */
export function pendingVersion(
  manifest: DatasetManifest,
  release: { releaseId: string; manifestSha256: string; dataSha256: string },
  out: Pick<NonNullable<ProcessedRelease['output']>, 'rowCount' | 'fields' | 'deidentification' | 'valueProfile'>,
  diff: DiffSummary | undefined,
  version: number,
): VersionRecord {
  return {
    datasetId: manifest.id,
    version,
    ...(manifest.label ? { label: manifest.label } : {}),
    state: 'pending',
    releaseId: release.releaseId,
    rowCount: out.rowCount,
    fields: [...out.fields],
    primaryKey: manifest.primaryKey,
    artifacts: [],
    manifestSha256: release.manifestSha256,
    dataSha256: release.dataSha256,
    deidentification: [...out.deidentification],
    breaking: manifest.breaking !== undefined || diff?.breaking === true,
    ...(diff ? { diff } : {}),
    // Searched and shown through the catalogue entry (buildEntry): value-profile.ts.
    ...(out.valueProfile.length ? { valueProfile: out.valueProfile } : {}),
  };
}

/**
 * A record that cannot be stored refuses the publication (422, final: the release becomes
 * `publication-failed` with the issue) instead of failing it again on every retry. `budget` 0: the
 * store itself refused it.
 */
function refuseOversized(kind: RecordKind, bytes: number, record: object, budget = RECORD_BUDGET_BYTES): void {
  if (budget && bytes <= budget) return;
  const issue = recordTooLarge(kind, bytes, largestParts(record));
  throw releaseRefused({
    detail: `the ${kind} of this release is too large to store`,
    hint: issue.hint,
    zh: { detail: issue.zh.message, hint: issue.zh.hint },
    extensions: { issues: [issue] },
  });
}

/** Rebuilds the catalogue entry from the stored versions (optimistic retry on races). */
export async function refreshEntry(deps: Deps, manifest: DatasetManifest, registry: Registry): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const versions = await deps.catalog.listVersions(manifest.id);
    const latest = latestPublished(versions);
    if (!latest) return;
    const cur = await deps.catalog.getDataset(manifest.id);
    const entry = buildEntry(manifest, registry, latest, cur?.value, deps.clock.now().toISOString());
    entry.versionCount = Math.max(...versions.map((v) => v.version));
    // The search index is kept while ids and update times stay (search-index-cache.ts): an edited
    // manifest or publisher name without a new version must still move `updatedAt`.
    if (cur && entry.updatedAt === cur.value.updatedAt && !sameSearchTexts(cur.value, entry)) {
      entry.updatedAt = deps.clock.now().toISOString();
    }
    try {
      await deps.catalog.putDataset(entry, cur?.revision ?? 0);
      return;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
  throw new Error(`could not update the catalogue entry of ${manifest.id}: too much contention`);
}

function versionTable(
  record: Pick<VersionRecord, 'datasetId' | 'version' | 'fields' | 'artifacts'>,
): VersionTable | null {
  const parquet = record.artifacts.find((a) => a.name === 'data.parquet');
  return parquet
    ? { datasetId: record.datasetId, version: record.version, parquetKey: parquet.key, fields: record.fields }
    : null;
}

/**
 * Registers the committed version in the table catalog (Glue), for the asynchronous query path.
 * Best effort with retries: the version is already published, and a registration failure must not
 * undo that; it is logged, and publishing the same release again (a retry) registers it.
 */
/**
 * Registers the table of every published version (each registration is idempotent): to repair
 * registrations that kept failing, or after the table catalog was recreated — in AWS the Glue database
 * lives in the compute stack, so destroying and deploying that stack again empties it.
 */
export async function registerPublishedTables(deps: Deps): Promise<{
  registered: number;
  /** Versions without a Parquet file to read (no table to register). */
  skipped: number;
  /** Versions whose registration kept failing (each also logged): invoke the task again. */
  failed: { dataset: string; version: number }[];
}> {
  const out = { registered: 0, skipped: 0, failed: [] as { dataset: string; version: number }[] };
  for (const dataset of await deps.catalog.listDatasets()) {
    for (const record of await deps.catalog.listVersions(dataset.id)) {
      if (record.state !== 'published') continue; // a withdrawn version's files are unreadable anyway
      const result = await registerTable(deps, record);
      if (result === 'registered') out.registered++;
      else if (result === 'skipped') out.skipped++;
      else out.failed.push({ dataset: record.datasetId, version: record.version });
    }
  }
  return out;
}

async function registerTable(deps: Deps, record: VersionRecord): Promise<'registered' | 'skipped' | 'failed'> {
  const table = deps.tableCatalog ? versionTable(record) : null;
  if (!deps.tableCatalog || !table) return 'skipped';
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.tableCatalog.register(table);
      return 'registered';
    } catch (e) {
      if (attempt >= 3) {
        console.error(
          JSON.stringify({
            level: 'ERROR',
            message: 'table registration failed; the version stays published',
            dataset: record.datasetId,
            version: record.version,
            error: e instanceof Error ? e.name : 'unknown',
          }),
        );
        return 'failed';
      }
      await new Promise((r) => setTimeout(r, 200 * 4 ** (attempt - 1)));
    }
  }
}

/** Writes an object that belongs to the version prefix once; one already there (a resumed release) is kept. */
async function putOnce(deps: Deps, key: string, body: string): Promise<void> {
  try {
    await deps.blobs.putBytes(key, body, {
      contentType: 'text/plain; charset=utf-8',
      ifNoneMatch: true,
      sha256: sha256(body),
      cacheControl: IMMUTABLE,
    });
  } catch (e) {
    if (!(e instanceof BlobExistsError)) throw e;
  }
}

/** A produced data file with its sha256. */
type HashedFile = ProducedFile & { readonly sha256: string };

/**
 * What the published store holds under the prefix of a number not yet claimed in the catalogue:
 * nothing; this publication's own data (every data file stored there has the bytes just produced:
 * an earlier attempt of this release, or the same data published before the catalogue was restored
 * to an earlier point); or other files, which make the number unusable.
 */
async function storedUnder(
  deps: Deps,
  datasetId: string,
  version: number,
  data: readonly HashedFile[],
): Promise<'nothing' | 'own' | 'other'> {
  const keys = new Set(await deps.blobs.list(versionPrefix(datasetId, version)));
  if (keys.size === 0) return 'nothing';
  let matched = 0;
  for (const f of data) {
    const key = artifactKey(datasetId, version, f.name);
    if (!keys.has(key)) continue;
    const stored = await deps.blobs.head(key);
    if (!stored || (await storedSha256(deps, stored)) !== f.sha256) return 'other';
    matched++;
  }
  // Files but none of this publication's data files (metadata, or other formats): not its own.
  return matched > 0 ? 'own' : 'other';
}

/** The sha256 of a stored object: recorded at write time, else computed from its bytes. */
async function storedSha256(deps: Deps, info: BlobInfo): Promise<string | undefined> {
  if (info.sha256) return info.sha256;
  const body = await deps.blobs.read(info.key);
  if (!body) return undefined;
  const h = createHash('sha256');
  for await (const chunk of body) h.update(chunk as Uint8Array);
  return h.digest('hex');
}

/**
 * The refusal when a version's key already holds different bytes: the number is taken by files of
 * another publication (the catalogue lost their version record, typically restored to an earlier
 * point). Final (422: the release becomes `publication-failed`): a retry would meet the same files.
 * Nothing of this publication is visible: its claim stays `pending` (listed nowhere, never opened at
 * the edge) and the catalogue entry is unchanged.
 */
export function versionTaken(datasetId: string, version: number, file: string) {
  return releaseRefused({
    detail: `${datasetId} version ${version} cannot be published: the published store already holds a different ${file} for that version (${artifactKey(datasetId, version, file)}), and published files are never overwritten`,
    hint: 'the version number is already taken by files in the published store: the catalogue was probably restored to an earlier point. Reconcile the catalogue with the published files as docs/deploy.md says (Restoring the catalogue table), then submit the release again',
    zh: {
      detail: `${datasetId} 的第 ${version} 版不能发布：已发布文件存储中这个版本已有另一个 ${file}（${artifactKey(datasetId, version, file)}），而已发布的文件永远不会被覆盖`,
      hint: '这个版本号已被已发布文件存储中的文件占用：目录很可能被恢复到了较早的时间点。请按 docs/deploy.md（Restoring the catalogue table）使目录与已发布文件一致，然后重新提交发布申请',
    },
    extensions: { dataset: datasetId, version, file },
  });
}

async function upload(deps: Deps, datasetId: string, version: number, f: HashedFile): Promise<Artifact> {
  const key = artifactKey(datasetId, version, f.name);
  const artifact = { name: f.name, key, format: f.format, mediaType: f.mediaType, sha256: f.sha256 };
  try {
    const info = await deps.blobs.putFile(key, f.path, {
      contentType: f.mediaType,
      ifNoneMatch: true,
      sha256: f.sha256,
      cacheControl: IMMUTABLE,
      // Saved, not shown, under the name the local file route gives it: the site's links carry no
      // `download` attribute (which would hide a 429 or 410 of the metered /v1/ link as "Failed").
      contentDisposition: attachmentDisposition(key),
    });
    return { ...artifact, bytes: info.bytes };
  } catch (e) {
    if (!(e instanceof BlobExistsError)) throw e;
    // Already stored (writes are atomic, so complete): an earlier attempt of this publication, kept
    // only if it is these very bytes.
    const stored = await deps.blobs.head(key);
    if (!stored) throw new Error(`${key} reported as existing but cannot be read`);
    if ((await storedSha256(deps, stored)) !== f.sha256) throw versionTaken(datasetId, version, f.name);
    return { ...artifact, bytes: stored.bytes };
  }
}

async function uploadBytes(deps: Deps, datasetId: string, version: number, name: string, body: string) {
  const key = artifactKey(datasetId, version, name);
  const mediaType = name.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8';
  const sha = sha256(body);
  try {
    const info = await deps.blobs.putBytes(key, body, {
      contentType: mediaType,
      ifNoneMatch: true,
      sha256: sha,
      cacheControl: IMMUTABLE,
    });
    return { name, key, format: 'meta' as const, mediaType, bytes: info.bytes, sha256: sha };
  } catch (e) {
    if (!(e instanceof BlobExistsError)) throw e;
    const stored = await deps.blobs.head(key);
    if (!stored) throw new Error(`${key} reported as existing but cannot be read`);
    const storedSha = await storedSha256(deps, stored);
    // An earlier attempt wrote this file: the same bytes, or (datapackage.json) the same descriptor
    // but for when it was made and the address it was made at. What is stored is kept (immutable).
    if (storedSha !== sha && !(name === 'datapackage.json' && (await sameDescriptor(deps, key, body)))) {
      throw versionTaken(datasetId, version, name);
    }
    return { name, key, format: 'meta' as const, mediaType, bytes: stored.bytes, sha256: storedSha ?? sha };
  }
}

/**
 * Whether the stored datapackage.json describes what `body` describes: equal but for `created` (the
 * time of the attempt that wrote it) and `id` (the public address, which a redeployed distribution
 * changes).
 */
async function sameDescriptor(deps: Deps, key: string, body: string): Promise<boolean> {
  const bytes = await deps.blobs.readBytes(key);
  if (!bytes) return false;
  const comparable = (text: string): string | undefined => {
    try {
      const { created: _created, id: _id, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return undefined;
    }
  };
  const stored = comparable(Buffer.from(bytes).toString('utf8'));
  return stored !== undefined && stored === comparable(body);
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
