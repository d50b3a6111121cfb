import type { DatasetEntry, VersionRecord } from '../core/catalog/schema.ts';

/** A conditional write lost a race or found the item in another state. */
export class ConditionFailedError extends Error {
  readonly what: string;
  constructor(what: string) {
    super(`condition failed: ${what}`);
    this.what = what;
    this.name = 'ConditionFailedError';
  }
}

/** Generic record with an optimistic-locking revision. */
export interface Revisioned<T> {
  readonly value: T;
  /** Incremented on every write; pass it back to update conditionally. */
  readonly revision: number;
}

/** Options of a document write. */
export interface DocWriteOptions {
  /**
   * When the document may be deleted (DynamoDB TTL on `expiresAt`, which deletes within days). From
   * then on it reads as absent everywhere, and a create (expectedRevision 0) may take its id again.
   */
  readonly expiresAt?: Date;
}

/** A version record and when the store last wrote it (the store's clock). */
export interface VersionChange {
  /** ISO time of the write, from the store's clock: compare only with other `changedAt` values. */
  readonly changedAt: string;
  readonly record: VersionRecord;
}

/**
 * The catalog (DynamoDB in AWS, dynalite locally, memory in unit tests). Every write that matters is
 * a single-item conditional write: the embedded DynamoDB has no transactions, and none are needed.
 */
export interface CatalogStore {
  getDataset(id: string): Promise<Revisioned<DatasetEntry> | undefined>;
  /** Writes an entry if its stored revision still equals `expectedRevision` (0 = must not exist). */
  putDataset(entry: DatasetEntry, expectedRevision: number): Promise<void>;
  listDatasets(): Promise<DatasetEntry[]>;

  getVersion(datasetId: string, version: number): Promise<Revisioned<VersionRecord> | undefined>;
  /** Creates a version record; ConditionFailedError when that number is taken. */
  createVersion(record: VersionRecord): Promise<void>;
  /** Replaces a version record if its revision still equals `expectedRevision`. */
  updateVersion(record: VersionRecord, expectedRevision: number): Promise<void>;
  /** All version records of a dataset, ascending. */
  listVersions(datasetId: string): Promise<VersionRecord[]>;
  /**
   * Version records written at or after `since` ('' for every one this index holds), oldest write
   * first: what changed since a sweep, without listing the catalogue. Eventually consistent (DynamoDB:
   * a global secondary index), and each writer stamps its own clock: a reader re-reads a margin before
   * its last `changedAt`. Records written before the index existed are not in it.
   */
  listVersionsChangedSince(since: string): Promise<VersionChange[]>;

  /** Generic documents for later capabilities (releases, audit, keys, feedback): namespaced, conditional. */
  getDoc<T>(kind: string, id: string): Promise<Revisioned<T> | undefined>;
  putDoc<T>(kind: string, id: string, value: T, expectedRevision: number, options?: DocWriteOptions): Promise<void>;
  listDocs<T>(
    kind: string,
    options?: { prefix?: string; limit?: number; after?: string },
  ): Promise<Array<{ id: string; value: T }>>;
}
