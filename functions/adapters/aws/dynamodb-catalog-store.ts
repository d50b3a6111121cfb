import {
  ConditionalCheckFailedException,
  type CreateTableCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DatasetEntry, VersionRecord } from '../../core/catalog/schema.ts';
import {
  type CatalogStore,
  ConditionFailedError,
  type DocWriteOptions,
  RecordTooLargeError,
  type Revisioned,
  storedJson,
  type VersionChange,
} from '../../ports/catalog-store.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';

/** GSI1 partition of the version-change index: every version item, sorted by its last write. */
const VERSION_CHANGES = 'VERSIONS';

/**
 * CatalogStore on one DynamoDB table (PK/SK + GSI1). Items keep the JSON document in `doc` and an
 * optimistic-lock revision in `rev`; every write is a single conditional PutItem.
 *
 *   dataset  PK=DS#<id>   SK=META          GSI1PK=DATASETS   GSI1SK=<id>
 *   version  PK=DS#<id>   SK=V#<0000000001> GSI1PK=VERSIONS  GSI1SK=<written at, ISO>#<id>#<0000000001>
 *   document PK=<kind>#<id> SK=DOC         GSI1PK=KIND#<kind> GSI1SK=<id>   [expiresAt=<epoch s>]
 *
 * `expiresAt` is the table's TTL attribute (as on counter items): DynamoDB deletes an expired item
 * within days, and until then this adapter reads it as absent. The version index lets the webhook
 * sweep read what changed since its last run instead of the whole catalogue.
 */
export class DynamoDbCatalogStore implements CatalogStore {
  readonly client: DynamoDBClient;
  readonly table: string;
  private readonly clock: Clock;
  constructor(client: DynamoDBClient, table: string, clock: Clock = systemClock) {
    this.client = client;
    this.table = table;
    this.clock = clock;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /** An item past its `expiresAt` (TTL deletes it later): absent for every reader. */
  private expired(item: Record<string, { N?: string }> | undefined): boolean {
    const exp = item?.expiresAt?.N;
    return exp !== undefined && Number(exp) <= this.nowSeconds();
  }

  private async get(pk: string, sk: string): Promise<{ doc: unknown; rev: number } | undefined> {
    const r = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: { PK: { S: pk }, SK: { S: sk } }, ConsistentRead: true }),
    );
    if (!r.Item?.doc?.S || this.expired(r.Item as Record<string, { N?: string }>)) return undefined;
    return { doc: JSON.parse(r.Item.doc.S), rev: Number(r.Item.rev?.N ?? '0') };
  }

  private async put(
    pk: string,
    sk: string,
    doc: unknown,
    expectedRevision: number,
    what: string,
    gsi?: { pk: string; sk: string },
    expiresAt?: Date,
  ): Promise<void> {
    // Measured here rather than left to DynamoDB, so that every adapter refuses the same documents.
    const json = storedJson(doc, what);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            PK: { S: pk },
            SK: { S: sk },
            doc: { S: json },
            rev: { N: String(expectedRevision + 1) },
            ...(gsi ? { GSI1PK: { S: gsi.pk }, GSI1SK: { S: gsi.sk } } : {}),
            ...(expiresAt ? { expiresAt: { N: String(Math.ceil(expiresAt.getTime() / 1000)) } } : {}),
          },
          ...(expectedRevision === 0
            ? {
                // Absent, or expired but not yet deleted by TTL (dynalite never deletes).
                ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
                ExpressionAttributeValues: { ':now': { N: String(this.nowSeconds()) } },
              }
            : {
                ConditionExpression: 'rev = :rev',
                ExpressionAttributeValues: { ':rev': { N: String(expectedRevision) } },
              }),
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException') {
        throw new ConditionFailedError(what);
      }
      // The keys took the last bytes of the item (400 KB with names and keys, its own reckoning).
      if ((e as Error).name === 'ValidationException' && /item size/i.test((e as Error).message)) {
        throw new RecordTooLargeError(what, new TextEncoder().encode(json).length);
      }
      throw e;
    }
  }

  /** Every item of a query (paginated), up to `limit`; expired items are skipped, not counted. */
  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>, limit?: number) {
    const items: Array<Record<string, { S?: string; N?: string }>> = [];
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const r = await this.client.send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }));
      for (const i of r.Items ?? []) {
        const item = i as Record<string, { S?: string; N?: string }>;
        if (!this.expired(item)) items.push(item);
      }
      start = r.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return limit === undefined ? items : items.slice(0, limit);
  }

  async getDataset(id: string): Promise<Revisioned<DatasetEntry> | undefined> {
    const r = await this.get(`DS#${id}`, 'META');
    return r && { value: DatasetEntry.parse(r.doc), revision: r.rev };
  }

  async putDataset(entry: DatasetEntry, expectedRevision: number): Promise<void> {
    await this.put(`DS#${entry.id}`, 'META', entry, expectedRevision, `dataset ${entry.id} revision`, {
      pk: 'DATASETS',
      sk: entry.id,
    });
  }

  async listDatasets(): Promise<DatasetEntry[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': { S: 'DATASETS' } },
    });
    return items.map((i) => DatasetEntry.parse(JSON.parse(i.doc?.S ?? 'null')));
  }

  async getVersion(datasetId: string, version: number): Promise<Revisioned<VersionRecord> | undefined> {
    const r = await this.get(`DS#${datasetId}`, versionSk(version));
    return r && { value: VersionRecord.parse(r.doc), revision: r.rev };
  }

  async createVersion(record: VersionRecord): Promise<void> {
    await this.put(
      `DS#${record.datasetId}`,
      versionSk(record.version),
      record,
      0,
      `version ${record.datasetId}@${record.version} exists`,
      this.changeKey(record),
    );
  }

  async updateVersion(record: VersionRecord, expectedRevision: number): Promise<void> {
    await this.put(
      `DS#${record.datasetId}`,
      versionSk(record.version),
      record,
      expectedRevision,
      `version ${record.datasetId}@${record.version} revision`,
      this.changeKey(record),
    );
  }

  /** The version's place in the change index: when this write happens. */
  private changeKey(record: VersionRecord): { pk: string; sk: string } {
    return {
      pk: VERSION_CHANGES,
      sk: `${this.clock.now().toISOString()}#${record.datasetId}#${versionSk(record.version).slice(2)}`,
    };
  }

  async listVersionsChangedSince(since: string): Promise<VersionChange[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: since ? 'GSI1PK = :p AND GSI1SK >= :s' : 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': { S: VERSION_CHANGES }, ...(since ? { ':s': { S: since } } : {}) },
    });
    return items.map((i) => ({
      changedAt: (i.GSI1SK?.S ?? '').split('#')[0] ?? '',
      record: VersionRecord.parse(JSON.parse(i.doc?.S ?? 'null')),
    }));
  }

  async listVersions(datasetId: string): Promise<VersionRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :p AND begins_with(SK, :v)',
      ExpressionAttributeValues: { ':p': { S: `DS#${datasetId}` }, ':v': { S: 'V#' } },
    });
    return items.map((i) => VersionRecord.parse(JSON.parse(i.doc?.S ?? 'null')));
  }

  async getDoc<T>(kind: string, id: string): Promise<Revisioned<T> | undefined> {
    const r = await this.get(`${kind}#${id}`, 'DOC');
    return r && { value: r.doc as T, revision: r.rev };
  }

  async putDoc<T>(
    kind: string,
    id: string,
    value: T,
    expectedRevision: number,
    options?: DocWriteOptions,
  ): Promise<void> {
    await this.put(
      `${kind}#${id}`,
      'DOC',
      value,
      expectedRevision,
      `${kind} ${id} revision`,
      { pk: `KIND#${kind}`, sk: id },
      options?.expiresAt,
    );
  }

  async listDocs<T>(
    kind: string,
    options?: { prefix?: string; limit?: number; after?: string },
  ): Promise<Array<{ id: string; value: T }>> {
    const values: Record<string, { S: string }> = { ':p': { S: `KIND#${kind}` } };
    let cond = 'GSI1PK = :p';
    if (options?.after !== undefined) {
      cond += ' AND GSI1SK > :a';
      values[':a'] = { S: options.after };
    } else if (options?.prefix) {
      cond += ' AND begins_with(GSI1SK, :s)';
      values[':s'] = { S: options.prefix };
    }
    const items = await this.queryAll(
      { IndexName: 'GSI1', KeyConditionExpression: cond, ExpressionAttributeValues: values },
      options?.limit,
    );
    return items
      .map((i) => ({ id: i.GSI1SK?.S ?? '', value: JSON.parse(i.doc?.S ?? 'null') as T }))
      .filter((d) => !options?.prefix || d.id.startsWith(options.prefix));
  }
}

const versionSk = (v: number) => `V#${String(v).padStart(10, '0')}`;

/** The table definition (used by the local stand-in; infra/ defines the same keys in CDK). */
export const CATALOG_TABLE_DEFINITION: Omit<CreateTableCommandInput, 'TableName'> = {
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' },
    { AttributeName: 'SK', AttributeType: 'S' },
    { AttributeName: 'GSI1PK', AttributeType: 'S' },
    { AttributeName: 'GSI1SK', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'GSI1',
      KeySchema: [
        { AttributeName: 'GSI1PK', KeyType: 'HASH' },
        { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST',
};
