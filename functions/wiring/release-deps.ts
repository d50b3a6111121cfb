import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { EventBridgeMaintenanceQueue } from '../adapters/aws/eventbridge-maintenance-queue.ts';
import { EventBridgePublicationQueue } from '../adapters/aws/eventbridge-publication-queue.ts';
import { IamAuthenticator } from '../adapters/aws/iam-authenticator.ts';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.ts';
import { S3UploadSigner } from '../adapters/aws/s3-upload-signer.ts';
import { DuckDbDiffEngine } from '../adapters/duckdb/duckdb-diff-engine.ts';
import { catalogGatedFiles } from '../adapters/local/catalog-gated-files.ts';
import { loadRegistry } from '../adapters/local/dataset-folder.ts';
import { FsBlobStore } from '../adapters/local/fs-blob-store.ts';
import { TokenAuthenticator } from '../adapters/local/token-authenticator.ts';
import type { Registry } from '../core/manifest/parse.ts';
import type { PublishedFileAccess } from '../ports/published-file-access.ts';
import type { UploadSigner } from '../ports/upload-signer.ts';
import type { Deps } from '../usecases/deps.ts';
import type { ReleaseDeps } from '../usecases/release/deps.ts';
import { recordRoleChanges } from '../usecases/release/record-role-changes.ts';
import { getDeps } from './compose.ts';
import { edgePublication } from './edge-publication.ts';
import { parsePrincipals } from './principals.ts';
import { bundledPath, readRegistryFile } from './registry-file.ts';

/** Retention of raw uploads in days (RAW_RETENTION_DAYS, default 30). */
const Retention = z.coerce.number().int().min(1).max(3650).default(30);

export { parsePrincipals } from './principals.ts';
export { readRegistryFile } from './registry-file.ts';

/** Local platform: bearer tokens from `<datasets>/principals.yaml`, raw uploads under `<data>/raw` (inline or presigned). */
export function composeLocalReleaseDeps(
  deps: Deps,
  options: {
    dataDir: string;
    datasetsDir: string;
    principalsFile?: string;
    rawRetentionDays?: number;
    /** Presigned uploads to the local server (absent: files only in the request body). */
    uploadSigner?: UploadSigner;
  },
): ReleaseDeps {
  const file = options.principalsFile ?? join(options.datasetsDir, 'principals.yaml');
  const directory = parsePrincipals(readFileSync(file, 'utf8'), file);
  let registry: Promise<Registry> | undefined;
  return {
    ...deps,
    auth: new TokenAuthenticator(directory),
    principals: directory,
    raw: new FsBlobStore(join(options.dataDir, 'raw')),
    ...(options.uploadSigner ? { uploadSigner: options.uploadSigner } : {}),
    publishedFiles: catalogGatedFiles,
    diffEngine: new DuckDbDiffEngine(),
    registry: () => {
      registry ??= loadRegistry(options.datasetsDir);
      return registry;
    },
    rawRetentionDays: Retention.parse(options.rawRetentionDays ?? process.env.RAW_RETENTION_DAYS),
  };
}

/**
 * How a function reaches the edge to open and withdraw a version's files. The releases function passes
 * `edgeWithdrawal` (wiring/edge-withdrawal.ts: files gate + S3 tags + CloudFront invalidation); the
 * ingest function, which publishes but never withdraws, keeps the default `edgePublication` (the files
 * gate only) and so bundles no CloudFront client.
 */
export type PublishedFilesFactory = (s3: S3Client, env: NodeJS.ProcessEnv) => PublishedFileAccess;

/**
 * AWS: IAM (SigV4) callers mapped through the principals directory (PRINCIPALS_JSON, or PRINCIPALS_FILE
 * bundled with the code when too large for the environment), raw uploads in RAW_BUCKET with presigned
 * PUT URLs, approvals published through `ReleaseApproved` events on EVENT_BUS_NAME, and the publisher registry from REGISTRY_FILE (bundled with the code: Lambda's environment
 * is capped at 4 KB, so the registry never travels in a variable). `publishedFiles` validates its own
 * configuration here, so a missing setting fails at cold start, not in the middle of a withdrawal.
 */
export function composeAwsReleaseDeps(
  deps: Deps,
  env: NodeJS.ProcessEnv = process.env,
  publishedFiles: PublishedFilesFactory = edgePublication,
): ReleaseDeps {
  const Env = z
    .object({
      RAW_BUCKET: z.string().min(1),
      EVENT_BUS_NAME: z.string().min(1),
      PRINCIPALS_JSON: z.string().min(2).optional(),
      PRINCIPALS_FILE: z.string().min(1).optional(),
      REGISTRY_FILE: z.string().min(1),
      RAW_RETENTION_DAYS: Retention,
    })
    .refine((e) => e.PRINCIPALS_JSON !== undefined || e.PRINCIPALS_FILE !== undefined, {
      path: ['PRINCIPALS_JSON'],
      message: 'PRINCIPALS_JSON or PRINCIPALS_FILE is required',
    });
  const r = Env.safeParse(env);
  if (!r.success) {
    throw new Error(
      `invalid release configuration: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}\nhint: the stack sets RAW_BUCKET, EVENT_BUS_NAME, PRINCIPALS_JSON (or PRINCIPALS_FILE) and REGISTRY_FILE on the releases and ingest functions`,
    );
  }
  const s3 = new S3Client({});
  const bus = new EventBridgeClient({});
  const principals =
    r.data.PRINCIPALS_JSON !== undefined
      ? parsePrincipals(r.data.PRINCIPALS_JSON, 'PRINCIPALS_JSON')
      : (() => {
          const file = bundledPath(r.data.PRINCIPALS_FILE as string, env);
          return parsePrincipals(readFileSync(file, 'utf8'), file);
        })();
  const registryPath = bundledPath(r.data.REGISTRY_FILE, env);
  let registry: Registry | undefined;
  return {
    ...deps,
    auth: new IamAuthenticator(principals),
    // The ingest function submits a release on its last upload as its creator, found here.
    principals,
    raw: new S3BlobStore(s3, r.data.RAW_BUCKET),
    uploadSigner: new S3UploadSigner(s3, r.data.RAW_BUCKET),
    // Approval enqueues; the ingest function publishes (a large release outlasts an API request).
    publication: new EventBridgePublicationQueue(bus, r.data.EVENT_BUS_NAME),
    // Withdrawal queues the snapshot refresh and ledger export for the maintenance function.
    maintenance: new EventBridgeMaintenanceQueue(bus, r.data.EVENT_BUS_NAME),
    publishedFiles: publishedFiles(s3, env),
    diffEngine: new DuckDbDiffEngine(),
    registry: async () => {
      registry ??= readRegistryFile(registryPath);
      return registry;
    },
    rawRetentionDays: r.data.RAW_RETENTION_DAYS,
  };
}

let installed: ReleaseDeps | undefined;

/**
 * The release deps of this process: installed by the local platform, composed from the env in Lambda
 * (with `publishedFiles` for the edge, if this function withdraws).
 */
export function getReleaseDeps(publishedFiles?: PublishedFilesFactory): ReleaseDeps {
  installed ??= composeAwsReleaseDeps(getDeps(), process.env, publishedFiles);
  return installed;
}

/** The release deps the local platform installed, if any (the maintenance handler runs on them locally). */
export function installedReleaseDeps(): ReleaseDeps | undefined {
  return installed;
}

export function installReleaseDeps(deps: ReleaseDeps | undefined): void {
  installed = deps;
  rolesRecorded = undefined;
}

let rolesRecorded: Promise<unknown> | undefined;

/**
 * The directory's rights are audited when they change (record-role-changes.ts). The local platform
 * does it at start; a function does it once per container, before its first release request, so a
 * deployment that changed the principals is in the ledger before anyone acts under it.
 */
export function recordRolesOnce(deps: ReleaseDeps): Promise<unknown> {
  if (!deps.principals) return Promise.resolve();
  rolesRecorded ??= recordRoleChanges(deps, deps.principals).catch((e) => {
    rolesRecorded = undefined; // retried by the next request
    throw e;
  });
  return rolesRecorded;
}
