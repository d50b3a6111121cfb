import type { DatasetEntry, VersionRecord } from '../../core/catalog/schema.ts';
import { type CatalogStore, ConditionFailedError, type Revisioned } from '../../ports/catalog-store.ts';

/** In-memory CatalogStore with the same conditional semantics as the DynamoDB adapter (unit tests). */
export class MemoryCatalogStore implements CatalogStore {
  private readonly items = new Map<string, { doc: string; rev: number }>();

  private get<T>(key: string): Revisioned<T> | undefined {
    const i = this.items.get(key);
    return i && { value: JSON.parse(i.doc) as T, revision: i.rev };
  }

  private put(key: string, value: unknown, expected: number, what: string): void {
    const cur = this.items.get(key);
    if ((cur?.rev ?? 0) !== expected || (expected === 0 && cur)) throw new ConditionFailedError(what);
    this.items.set(key, { doc: JSON.stringify(value), rev: expected + 1 });
  }

  private prefixed<T>(prefix: string): Array<{ key: string; value: T }> {
    return [...this.items.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => ({ key, value: JSON.parse(v.doc) as T }));
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
    return this.get<VersionRecord>(`V|${datasetId}|${String(version).padStart(10, '0')}`);
  }
  async createVersion(record: VersionRecord) {
    this.put(
      `V|${record.datasetId}|${String(record.version).padStart(10, '0')}`,
      record,
      0,
      `version ${record.datasetId}@${record.version} exists`,
    );
  }
  async updateVersion(record: VersionRecord, expectedRevision: number) {
    this.put(
      `V|${record.datasetId}|${String(record.version).padStart(10, '0')}`,
      record,
      expectedRevision,
      `version ${record.datasetId}@${record.version} revision`,
    );
  }
  async listVersions(datasetId: string) {
    return this.prefixed<VersionRecord>(`V|${datasetId}|`).map((x) => x.value);
  }
  async getDoc<T>(kind: string, id: string) {
    return this.get<T>(`D|${kind}|${id}`);
  }
  async putDoc<T>(kind: string, id: string, value: T, expectedRevision: number) {
    this.put(`D|${kind}|${id}`, value, expectedRevision, `${kind} ${id} revision`);
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
