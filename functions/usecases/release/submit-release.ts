import { createHash, randomBytes } from 'node:crypto';
import { manifestSha256 } from '../../core/canonical-json.ts';
import { errorKind } from '../../core/error-kind.ts';
import { badRequest, conflict, forbidden, isAppError } from '../../core/errors.ts';
import { parseManifestYaml } from '../../core/manifest/parse.ts';
import { DatasetManifest } from '../../core/manifest/schema.ts';
import { refuseForeignRelease } from '../../core/release/ownership.ts';
import { hasRole, type Principal, SYSTEM_PRINCIPAL } from '../../core/release/principal.ts';
import type { RawFile, Release, ReleaseView } from '../../core/release/release.ts';
import { createDraft, recordChecks, recordChecksError, submit } from '../../core/release/transitions.ts';
import { BlobExistsError } from '../../ports/blob-store.ts';
import { ConditionFailedError, type Revisioned } from '../../ports/catalog-store.ts';
import { appendAudit } from './audit-ledger.ts';
import { runChecks } from './checks.ts';
import type { ReleaseDeps } from './deps.ts';
import { announceChecksError, announceRelease } from './notices.ts';
import { matchUploads, rawKey } from './raw-sources.ts';
import { refuseUnreadableRelease } from './read-releases.ts';
import { findRelease, loadRelease, RELEASE_KIND, saveRelease } from './release-store.ts';
import { releaseView } from './release-views.ts';

/** An uploaded file: a local temp file (direct upload) or, in the presigned flow, its announced size and hash. */
export type UploadInput =
  | { readonly name: string; readonly path: string; readonly sha256: string; readonly bytes: number }
  | { readonly name: string; readonly sha256: string; readonly bytes: number; readonly path?: undefined };

export interface CreateReleaseInput {
  readonly manifestYaml: string;
  readonly files: readonly UploadInput[];
  /** Idempotency key: the same id with the same content returns the same release. */
  readonly releaseId?: string;
}

export interface CreatedRelease {
  /** A retry of a published release whose version was withdrawn since says so (`versionWithdrawn`). */
  readonly release: ReleaseView;
  /** False when the id already existed with the same content (a retry). */
  readonly created: boolean;
  /** Presigned flow: where to PUT each file before calling submit. */
  readonly uploads?: ReadonlyArray<{ name: string; url: string; method: 'PUT'; headers: Record<string, string> }>;
}

/**
 * Opens a release (draft), stores its raw files in the private raw store, and — when the files came
 * with the request — submits it and runs the checks. Exactly once per release id.
 */
export async function createRelease(
  deps: ReleaseDeps,
  p: Principal,
  input: CreateReleaseInput,
): Promise<CreatedRelease> {
  const registry = await deps.registry();
  // Schema and references (publisher, licence) in one report, as `opendata validate` gives them.
  const manifest = parseManifestYaml(input.manifestYaml, 'dataset.yaml', { registry });
  refuseForeignRelease(
    manifest.id,
    (await deps.catalog.getDataset(manifest.id))?.value.publisher.id,
    manifest.publisher,
  );
  const files = matchUploads(manifest, input.files);
  const id = input.releaseId ?? `${manifest.id.slice(0, 50)}-${randomBytes(6).toString('hex')}`;
  const raw: RawFile[] = files.map((f, i) => ({
    name: f.name,
    key: rawKey(manifest.publisher, id, i, f.name),
    bytes: f.bytes,
    sha256: f.sha256,
  }));
  const now = deps.clock.now().toISOString();
  const draft = createDraft(
    p,
    {
      id,
      datasetId: manifest.id,
      department: manifest.publisher,
      ...(manifest.label ? { label: manifest.label } : {}),
      manifest: JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>,
      manifestSha256: manifestSha256(manifest),
      dataSha256: sha256(files.map((f) => f.sha256).join('\n')),
      files: raw,
    },
    now,
  );

  let created = true;
  const existing = await findRelease(deps, id);
  if (existing) {
    if (existing.value.manifestSha256 !== draft.manifestSha256 || existing.value.dataSha256 !== draft.dataSha256) {
      throw conflict({
        detail: `release id "${id}" is taken by a release with other content`,
        hint: 'use a new release id',
        zh: { detail: `发布申请 id“${id}”已被内容不同的发布申请占用`, hint: '请换一个新的发布申请 id' },
      });
    }
    created = false;
  } else {
    try {
      await deps.catalog.putDoc(RELEASE_KIND, id, draft, 0);
      await appendAudit(deps, {
        actor: p.id,
        action: 'release.created',
        subject: `release/${id}`,
        details: {
          dataset: manifest.id,
          department: manifest.publisher,
          manifestSha256: draft.manifestSha256,
          dataSha256: draft.dataSha256,
        },
        dedupeKey: `release/${id}/draft`,
      });
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
      created = false; // a concurrent retry created it: continue with the stored one
    }
  }

  const direct = files.filter((f): f is UploadInput & { path: string } => f.path !== undefined);
  if (direct.length === files.length) {
    for (const [i, f] of direct.entries()) {
      try {
        await deps.raw.putFile(raw[i]?.key as string, f.path, { ifNoneMatch: true, sha256: f.sha256 });
      } catch (e) {
        if (!(e instanceof BlobExistsError)) throw e;
      }
    }
    return { release: await submitRelease(deps, p, id), created };
  }
  if (!deps.uploadSigner) {
    throw badRequest({
      detail: 'this platform takes uploads in the request body',
      hint: 'send files as [{name, contentBase64}] (the CLI does this)',
      zh: {
        detail: '这个平台只接收放在请求体中的上传文件',
        hint: '请以 [{name, contentBase64}] 发送文件（命令行就是这样做的）',
      },
    });
  }
  const stored = (await loadRelease(deps, id)).value;
  const uploads = await Promise.all(
    stored.files.map(async (f) => ({
      name: f.name,
      url: await (deps.uploadSigner as NonNullable<ReleaseDeps['uploadSigner']>).signPut(f.key, {
        sha256: f.sha256,
        bytes: f.bytes,
        expiresSeconds: 3600,
      }),
      method: 'PUT' as const,
      headers: {
        'x-amz-checksum-sha256': Buffer.from(f.sha256, 'hex').toString('base64'),
        'x-amz-meta-sha256': f.sha256,
      },
    })),
  );
  return { release: await releaseView(deps, stored), created, uploads };
}

/** The release's raw files that are missing or differ from their announced size and hash (by name). */
export async function missingUploads(deps: ReleaseDeps, release: Release): Promise<string[]> {
  const heads = await Promise.all(release.files.map((f) => deps.raw.head(f.key)));
  return release.files
    .filter((f, i) => {
      const head = heads[i];
      return !head || head.bytes !== f.bytes || (head.sha256 && head.sha256 !== f.sha256);
    })
    .map((f) => f.name);
}

/** How a submission came about (recorded in the audit ledger). */
export type SubmitTrigger = 'request' | 'upload-complete';

/**
 * draft → submitted → checks passed | failed. Verifies the raw files are all there with their
 * announced size and hash first. Idempotent: a release past `submitted` is returned as it is; one left
 * `submitted` (checks interrupted) has its checks run again.
 *
 * Authorized before anything else, whatever the state: a caller who may not read the release gets the
 * same 403 as `GET /v1/releases/{id}` (a release is unpublished department data: its manifest, check
 * report and a rejection's reason stay with the department), and only a publisher of its department, or
 * the platform itself, submits it; a platform admin may also run the checks of a `submitted` one again. The answer is the release as `GET` shows it.
 */
export async function submitRelease(
  deps: ReleaseDeps,
  p: Principal,
  id: string,
  trigger: SubmitTrigger = 'request',
): Promise<ReleaseView> {
  let cur = await loadRelease(deps, id);
  const seen = cur.value;
  refuseUnreadableRelease(p, seen);
  if (seen.state !== 'draft' && seen.state !== 'submitted') return releaseView(deps, seen);
  // A platform admin may run the checks of a release left `submitted` again (the checks-error notice
  // asks the platform team to, once the cause is fixed), but submits no department's draft.
  const rerun = seen.state === 'submitted' && p.admin;
  if (!p.system && !rerun && !hasRole(p, 'publisher', seen.department)) {
    throw forbidden({
      detail: `${p.id}: may not submit releases of department "${seen.department}", nor run their checks`,
      hint:
        seen.state === 'submitted'
          ? 'ask a publisher of that department or a platform admin'
          : 'ask a publisher of that department',
      zh: {
        detail: `${p.id}：不能提交部门“${seen.department}”的发布申请，也不能运行它的检查`,
        hint: seen.state === 'submitted' ? '请该部门的发布者或平台管理员操作' : '请该部门的发布者操作',
      },
    });
  }
  if (cur.value.state === 'draft') {
    const [missing] = await missingUploads(deps, cur.value);
    if (missing !== undefined) {
      throw conflict({
        detail: `file "${missing}" of release ${id} is not uploaded (or differs)`,
        hint: 'PUT it to its upload URL, then submit again',
        zh: {
          detail: `发布申请 ${id} 的文件“${missing}”没有上传（或与声明的不一致）`,
          hint: '请把它 PUT 到它的上传地址，然后重新提交（opendata release 会自动完成）',
        },
      });
    }
    const next = submit(cur.value, p, deps.clock.now().toISOString());
    try {
      cur = { value: next, revision: await saveRelease(deps, next, cur.revision) };
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
      cur = await loadRelease(deps, id);
    }
  }
  if (cur.value.state === 'submitted') {
    await appendAudit(deps, {
      actor: cur.value.submittedBy ?? p.id,
      action: 'release.submitted',
      subject: `release/${id}`,
      ...(trigger === 'upload-complete' ? { details: { trigger } } : {}),
      dedupeKey: `release/${id}/submitted`,
    });
    const manifest = DatasetManifest.parse(cur.value.manifest);
    let result: Awaited<ReturnType<typeof runChecks>>;
    try {
      result = await runChecks(deps, cur.value, manifest);
    } catch (e) {
      // A refusal (4xx) is an answer; anything else means the checks could not run: say so on the
      // release, then let the caller retry (the queue in AWS, the department's next submit locally).
      if (!isAppError(e)) await recordChecksCrash(deps, cur, e);
      throw e;
    }
    const next = recordChecks(cur.value, SYSTEM_PRINCIPAL, result, deps.clock.now().toISOString());
    try {
      cur = { value: next, revision: await saveRelease(deps, next, cur.revision) };
      await appendAudit(deps, {
        actor: SYSTEM_PRINCIPAL.id,
        action: `release.${next.state}`,
        subject: `release/${id}`,
        details: {
          valid: result.report.valid,
          total: result.report.total,
          counts: result.report.counts,
          breaking: result.breaking,
        },
        dedupeKey: `release/${id}/checked`,
      });
      // The writer of the transition tells the department: approve it, or fix the data.
      await announceRelease(deps, next);
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
      cur = await loadRelease(deps, id);
    }
  }
  return releaseView(deps, cur.value);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Records that the checks of a submitted release could not run (best effort: the error is rethrown
 * either way), audits it, and on the second failure in a row tells the department and the platform
 * team (urgent): a single failure is often transient and its retry succeeds.
 */
async function recordChecksCrash(deps: ReleaseDeps, cur: Revisioned<Release>, e: unknown): Promise<void> {
  try {
    const next = recordChecksError(cur.value, SYSTEM_PRINCIPAL, errorKind(e), deps.clock.now().toISOString());
    await saveRelease(deps, next, cur.revision);
    const attempts = next.checksError?.attempts ?? 1;
    await appendAudit(deps, {
      actor: SYSTEM_PRINCIPAL.id,
      action: 'release.checks-error',
      subject: `release/${next.id}`,
      details: { kind: next.checksError?.kind, attempts },
      dedupeKey: `release/${next.id}/checks-error/${attempts}`,
    });
    if (attempts === 2) await announceChecksError(deps, next);
  } catch {
    // The release changed meanwhile (another attempt recorded it) or the store is failing: the caller
    // rethrows the original error, which is what matters.
  }
}
