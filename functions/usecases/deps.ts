import type { BlobStore } from '../ports/blob-store.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import type { ReleaseProcessor } from '../ports/release-processor.ts';
import type { SecretProvider } from '../ports/secrets.ts';

/** Everything use cases may touch, assembled in wiring/ (AWS or local). */
export interface Deps {
  readonly blobs: BlobStore;
  readonly catalog: CatalogStore;
  readonly processor: ReleaseProcessor;
  readonly queryEngine: QueryEngine;
  readonly secrets: SecretProvider;
  readonly clock: Clock;
  /** Scratch directory for release work (Lambda: /tmp). */
  readonly workRoot: string;
  /** Public base URL of the platform (API and site), e.g. http://localhost:8787. */
  readonly publicBaseUrl: string;
  /** Time limit of one query. */
  readonly queryTimeoutMs: number;
  /** The running build's version (health, datapackage). */
  readonly appVersion: string;
}
