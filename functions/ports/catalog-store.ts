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

/**
 * The most a stored document may take, as JSON in UTF-8, in every adapter: DynamoDB's item limit
 * (400 KB, attribute names and keys included) less room for the item's keys and revision.
 */
export const CATALOG_DOC_MAX_BYTES = 400 * 1024 - 2 * 1024;

/**
 * A document larger than the store takes (CATALOG_DOC_MAX_BYTES). Nothing was written; writing it again
 * fails again: what it holds has to shrink (the checks refuse a release whose records would not fit).
 */
export class RecordTooLargeError extends Error {
  readonly what: string;
  /** The document's size as JSON in UTF-8. */
  readonly bytes: number;
  /** `what`: the write as the adapters describe it ("version a@1 exists"), of which the record is kept. */
  constructor(what: string, bytes: number) {
    const record = what.replace(/ (exists|revision)$/, '');
    super(`record too large: ${record} (${bytes} bytes, at most ${CATALOG_DOC_MAX_BYTES})`);
    this.what = record;
    this.bytes = bytes;
    this.name = 'RecordTooLargeError';
  }
}

/**
 * The document as stored (JSON), refused with RecordTooLargeError when it is larger than
 * CATALOG_DOC_MAX_BYTES. `what` is the adapters' description of the write ("version a@1 exists").
 */
export function storedJson(doc: unknown, what: string): string {
  const json = JSON.stringify(doc);
  // Only a document that might be too large is measured (UTF-8 takes at most 3 bytes per UTF-16 unit).
  if (json.length * 3 > CATALOG_DOC_MAX_BYTES) {
    const bytes = new TextEncoder().encode(json).length;
    if (bytes > CATALOG_DOC_MAX_BYTES) throw new RecordTooLargeError(what, bytes);
  }
  return json;
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
 * Every write of a document larger than CATALOG_DOC_MAX_BYTES throws RecordTooLargeError.
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
