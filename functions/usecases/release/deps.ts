import type { Registry } from '../../core/manifest/parse.ts';
import type { PrincipalsFile } from '../../core/release/principal.ts';
import type { Authenticator } from '../../ports/authenticator.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { DiffEngine } from '../../ports/diff-engine.ts';
import type { MaintenanceQueue } from '../../ports/maintenance-queue.ts';
import type { PublicationQueue } from '../../ports/publication-queue.ts';
import type { PublishedFileAccess } from '../../ports/published-file-access.ts';
import type { UploadSigner } from '../../ports/upload-signer.ts';
import type { Deps } from '../deps.ts';

/** What the release lifecycle needs on top of the platform's deps (assembled in wiring/release-deps.ts). */
export interface ReleaseDeps extends Deps {
  readonly auth: Authenticator;
  /** Private store for raw uploads (never served); keys under `uploads/`. */
  readonly raw: BlobStore;
  readonly diffEngine: DiffEngine;
  /** Registered publishers and licences manifests are checked against. */
  readonly registry: () => Promise<Registry>;
  /** Raw uploads are deleted this many days after their release was created. */
  readonly rawRetentionDays: number;
  /** The principal directory in force (its rights are audited when they change). */
  readonly principals?: PrincipalsFile;
  /** AWS: approved releases are published by the ingest function. Locally absent: approval publishes at once. */
  readonly publication?: PublicationQueue;
  /**
   * AWS: after a withdrawal, the snapshot refresh and ledger export are queued for the maintenance
   * function. Locally absent: the withdrawal runs them itself.
   */
  readonly maintenance?: MaintenanceQueue;
  /** AWS: presigned upload URLs. Locally absent: files travel in the request body. */
  readonly uploadSigner?: UploadSigner;
  /** Closes the edge's access to a withdrawn version's files (S3 tags + CloudFront invalidation in AWS). */
  readonly publishedFiles: PublishedFileAccess;
}

/** Fault-injection hook, called at every step boundary (see test/integration/release-fault.test.ts). */
export type StepHook = (step: string) => Promise<void> | void;
