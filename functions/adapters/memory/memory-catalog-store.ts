import type { DatasetEntry, VersionRecord } from '../../core/catalog/schema.ts';
import {
  type CatalogStore,
  ConditionFailedError,
  type DocWriteOptions,
  type Revisioned,
  storedJson,
  type VersionChange,
} from '../../ports/catalog-store.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';

type Item = { doc: string; rev: number; expiresAt?: number; changedAt?: string };

/** In-memory CatalogStore with the same conditional semantics as the DynamoDB adapter (unit tests). */
export class MemoryCatalogStore implements CatalogStore {
  private readonly items = new Map<string, Item>();
  private readonly clock: Clock;
  constructor(clock: Clock = systemClock) {
    this.clock = clock;
  }

  /** Present and not past its `expiresAt` (the DynamoDB adapter reads expired items as absent too). */
  private live(key: string): Item | undefined {
    const i = this.items.get(key);
    return i && (i.expiresAt === undefined || i.expiresAt > this.clock.now().getTime()) ? i : undefined;
  }

  private get<T>(key: string): Revisioned<T> | undefined {
    const i = this.live(key);
    return i && { value: JSON.parse(i.doc) as T, revision: i.rev };
  }

  private put(key: string, value: unknown, expected: number, what: string, extra: Partial<Item> = {}): void {
    const cur = this.live(key);
    // Refused before the condition, as DynamoDB validates an item before it evaluates the condition.
    const doc = storedJson(value, what);
    if ((cur?.rev ?? 0) !== expected || (expected === 0 && cur)) throw new ConditionFailedError(what);
    this.items.set(key, { doc, rev: expected + 1, ...extra });
  }

  private prefixed<T>(prefix: string): Array<{ key: string; value: T }> {
    return [...this.items.keys()]
      .filter((k) => k.startsWith(prefix) && this.live(k))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((key) => ({ key, value: JSON.parse((this.items.get(key) as Item).doc) as T }));
  }

  private versionKey(datasetId: string, version: number): string {
    return `V|${datasetId}|${String(version).padStart(10, '0')}`;
  }

  async getDataset(id: string) {
    return this.get<DatasetEntry>(`DS|${id}`);
  }
  async putDataset(entry: DatasetEntry, expectedRevision: number) {
    this.put(`DS|${entry.id}`, entry, expectedRevision, `dataset ${entry.id} revision`);
  }
  async listDatasets() {
    return this.prefixed<DatasetEntry>('DS|').map((x) => x.value);
  }
  async getVersion(datasetId: string, version: number) {
    return this.get<VersionRecord>(this.versionKey(datasetId, version));
  }
  async createVersion(record: VersionRecord) {
    this.put(
      this.versionKey(record.datasetId, record.version),
      record,
      0,
      `version ${record.datasetId}@${record.version} exists`,
      { changedAt: this.clock.now().toISOString() },
    );
  }
  async updateVersion(record: VersionRecord, expectedRevision: number) {
    this.put(
      this.versionKey(record.datasetId, record.version),
      record,
      expectedRevision,
      `version ${record.datasetId}@${record.version} revision`,
      { changedAt: this.clock.now().toISOString() },
    );
  }
  async listVersions(datasetId: string) {
    return this.prefixed<VersionRecord>(`V|${datasetId}|`).map((x) => x.value);
  }
  async listVersionsChangedSince(since: string): Promise<VersionChange[]> {
    return [...this.items.entries()]
      .filter(([k, i]) => k.startsWith('V|') && i.changedAt !== undefined && i.changedAt >= since)
      .map(([k, i]) => ({ key: k, changedAt: i.changedAt as string, record: JSON.parse(i.doc) as VersionRecord }))
      .sort((a, b) => (a.changedAt + a.key < b.changedAt + b.key ? -1 : 1))
      .map(({ changedAt, record }) => ({ changedAt, record }));
  }
  async getDoc<T>(kind: string, id: string) {
    return this.get<T>(`D|${kind}|${id}`);
  }
  async putDoc<T>(kind: string, id: string, value: T, expectedRevision: number, options?: DocWriteOptions) {
    this.put(
      `D|${kind}|${id}`,
      value,
      expectedRevision,
      `${kind} ${id} revision`,
      options?.expiresAt ? { expiresAt: options.expiresAt.getTime() } : {},
    );
  }
  async listDocs<T>(kind: string, options?: { prefix?: string; limit?: number; after?: string }) {
    const base = `D|${kind}|`;
    let docs = this.prefixed<T>(base + (options?.prefix ?? '')).map((x) => ({
      id: x.key.slice(base.length),
      value: x.value,
    }));
    if (options?.after !== undefined) {
      const after = options.after;
      docs = docs.filter((d) => d.id > after);
    }
    return options?.limit === undefined ? docs : docs.slice(0, options.limit);
  }
}
