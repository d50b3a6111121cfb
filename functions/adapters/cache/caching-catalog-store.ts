import type { DatasetEntry, VersionRecord } from '../../core/catalog/schema.ts';
import type { CatalogStore, DocWriteOptions, Revisioned, VersionChange } from '../../ports/catalog-store.ts';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import { TtlCache } from './ttl-cache.ts';

/**
 * A short-lived read cache in front of a CatalogStore, for the API's hot path (every query resolves
 * its version record). Entries live `ttlMs`; writes through this store, and conditional writes that
 * find the store moved on, drop the affected entries at once, so one process always reads its own
 * writes. Other processes (Lambda containers) see a change within `ttlMs` — e.g. a withdrawal.
 * Generic documents (releases, keys, audit) are not cached.
 */
export class CachingCatalogStore implements CatalogStore {
  private readonly cache: TtlCache<unknown>;
  readonly inner: CatalogStore;
  readonly ttlMs: number;
  constructor(inner: CatalogStore, ttlMs: number, clock: Clock = systemClock) {
    this.inner = inner;
    this.ttlMs = ttlMs;
    // A failed load is not cached.
    this.cache = new TtlCache({ ttlMs, clock, maxEntries: 5_000 });
  }

  /** The wrapped DynamoDB adapter's client and table, for tools and tests that reach the table directly. */
  get client(): unknown {
    return (this.inner as { client?: unknown }).client;
  }
  get table(): unknown {
    return (this.inner as { table?: unknown }).table;
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.cache.get(key, load) as Promise<T>;
  }

  private forget(...keys: string[]): void {
    this.cache.delete(...keys);
  }

  private async writing<T>(keys: string[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      // Success or a lost race: either way our copy may be stale.
      this.forget(...keys);
    }
  }

  getDataset(id: string): Promise<Revisioned<DatasetEntry> | undefined> {
    return this.cached(`ds|${id}`, () => this.inner.getDataset(id));
  }
  putDataset(entry: DatasetEntry, expectedRevision: number): Promise<void> {
    return this.writing([`ds|${entry.id}`, 'datasets'], () => this.inner.putDataset(entry, expectedRevision));
  }
  listDatasets(): Promise<DatasetEntry[]> {
    return this.cached('datasets', () => this.inner.listDatasets());
  }
  getVersion(datasetId: string, version: number): Promise<Revisioned<VersionRecord> | undefined> {
    return this.cached(`v|${datasetId}|${version}`, () => this.inner.getVersion(datasetId, version));
  }
  createVersion(record: VersionRecord): Promise<void> {
    return this.writing([`v|${record.datasetId}|${record.version}`, `vs|${record.datasetId}`], () =>
      this.inner.createVersion(record),
    );
  }
  updateVersion(record: VersionRecord, expectedRevision: number): Promise<void> {
    return this.writing([`v|${record.datasetId}|${record.version}`, `vs|${record.datasetId}`], () =>
      this.inner.updateVersion(record, expectedRevision),
    );
  }
  listVersions(datasetId: string): Promise<VersionRecord[]> {
    return this.cached(`vs|${datasetId}`, () => this.inner.listVersions(datasetId));
  }
  /** Not cached: a sweep reads what changed since its last run. */
  listVersionsChangedSince(since: string): Promise<VersionChange[]> {
    return this.inner.listVersionsChangedSince(since);
  }
  getDoc<T>(kind: string, id: string): Promise<Revisioned<T> | undefined> {
    return this.inner.getDoc<T>(kind, id);
  }
  putDoc<T>(kind: string, id: string, value: T, expectedRevision: number, options?: DocWriteOptions): Promise<void> {
    return this.inner.putDoc(kind, id, value, expectedRevision, options);
  }
  listDocs<T>(kind: string, options?: { prefix?: string; limit?: number; after?: string }) {
    return this.inner.listDocs<T>(kind, options);
  }
}
