import type { Authenticator } from '../ports/authenticator.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { CatalogEvents } from '../ports/catalog-events.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { Counters } from '../ports/counters.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import type { QueryJobs } from '../ports/query-jobs.ts';
import type { ReleaseProcessor } from '../ports/release-processor.ts';
import type { SecretProvider } from '../ports/secrets.ts';
import type { TableCatalog } from '../ports/table-catalog.ts';
import type { AccessSettings } from './access/settings.ts';
import type { WebhookSettings } from './webhooks-settings.ts';

/** Everything use cases may touch, assembled in wiring/ (AWS or local). */
export interface Deps {
  readonly blobs: BlobStore;
  readonly catalog: CatalogStore;
  readonly processor: ReleaseProcessor;
  readonly queryEngine: QueryEngine;
  /**
   * Asynchronous queries (Athena in AWS, background DuckDB locally) for versions whose Parquet is
   * larger than `thresholdBytes`; absent = every query runs synchronously.
   */
  readonly queryJobs?: { readonly jobs: QueryJobs; readonly thresholdBytes: number };
  /** Registers each published version as a table (Glue in AWS); absent = nothing to register. */
  readonly tableCatalog?: TableCatalog;
  readonly secrets: SecretProvider;
  readonly clock: Clock;
  /** Who is calling (bearer tokens locally, IAM in AWS); absent where no route needs a principal. */
  readonly authenticator?: Authenticator;
  /** Announces a new catalogue snapshot (site rebuild in AWS). */
  readonly events: CatalogEvents;
  /** Scratch directory for release work (Lambda: /tmp). */
  readonly workRoot: string;
  /** Public base URL of the platform (API and site), e.g. http://localhost:8787. */
  readonly publicBaseUrl: string;
  /** Time limit of one query. */
  readonly queryTimeoutMs: number;
  /** The running build's version (health, datapackage). */
  readonly appVersion: string;
  /** Atomic expiring counters: rate limits, quotas, usage metering. */
  readonly counters: Counters;
  /** Access tiers: anonymous limit, key cache, usage flush, admin authentication. */
  readonly access: AccessSettings;
  /** Urgent alerts to departments and admins (privacy concerns): SNS in AWS, an outbox file locally. */
  readonly notifier: Notifier;
  /** Webhook delivery: HTTP transport, retry and disable policy. */
  readonly webhooks: WebhookSettings;
}
