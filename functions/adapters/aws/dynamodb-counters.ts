import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import { type Counters, splitCounterKey } from '../../ports/counters.ts';

/**
 * Counters in the catalog's single table: PK=`CTR#<group>`, SK=`<name>`, the count in `n` (UpdateItem
 * ADD, atomic) and the TTL attribute `expiresAt` (epoch seconds; enable TTL on that attribute in
 * AWS). DynamoDB deletes expired items up to a few days late and dynalite never does, so reads treat
 * expired items as absent.
 */
export class DynamoDbCounters implements Counters {
  readonly client: DynamoDBClient;
  readonly table: string;
  private readonly clock: Clock;
  constructor(client: DynamoDBClient, table: string, clock: Clock = systemClock) {
    this.client = client;
    this.table = table;
    this.clock = clock;
  }

  private keyOf(key: string) {
    const { group, name } = splitCounterKey(key);
    return { PK: { S: `CTR#${group}` }, SK: { S: name === '' ? '-' : name } };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  async increment(key: string, by: number, expiresAt: Date): Promise<number> {
    const exp = String(Math.ceil(expiresAt.getTime() / 1000));
    const r = await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: this.keyOf(key),
        UpdateExpression: 'ADD n :by SET expiresAt = :exp',
        ExpressionAttributeValues: { ':by': { N: String(by) }, ':exp': { N: exp } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(r.Attributes?.n?.N ?? by);
  }

  async get(key: string): Promise<number> {
    const r = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: this.keyOf(key), ConsistentRead: true }),
    );
    if (!r.Item || Number(r.Item.expiresAt?.N ?? 0) <= this.nowSeconds()) return 0;
    return Number(r.Item.n?.N ?? 0);
  }

  async list(group: string): Promise<Array<{ name: string; value: number }>> {
    const out: Array<{ name: string; value: number }> = [];
    const now = this.nowSeconds();
    let start: QueryCommandOutput['LastEvaluatedKey'];
    // Bounded: at most 1,000 pages of up to 1 MB each.
    for (let page = 0; page < 1000; page++) {
      const r = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :p',
          ExpressionAttributeValues: { ':p': { S: `CTR#${group}` } },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of r.Items ?? []) {
        if (i.n?.N === undefined || Number(i.expiresAt?.N ?? 0) <= now) continue;
        out.push({ name: i.SK?.S === '-' ? '' : (i.SK?.S ?? ''), value: Number(i.n.N) });
      }
      start = r.LastEvaluatedKey;
      if (!start) break;
    }
    return out;
  }

  async setOnce(key: string, candidate: string, expiresAt: Date): Promise<string> {
    const exp = String(Math.ceil(expiresAt.getTime() / 1000));
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: { ...this.keyOf(key), s: { S: candidate }, expiresAt: { N: exp } },
          // Absent, or expired but not yet deleted by TTL (dynalite never deletes).
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': { N: String(this.nowSeconds()) } },
        }),
      );
      return candidate;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException')) {
        throw e;
      }
    }
    const r = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: this.keyOf(key), ConsistentRead: true }),
    );
    const s = r.Item?.s?.S;
    if (s === undefined) throw new Error(`counter ${key}: setOnce lost a race to a non-string item`);
    return s;
  }
}
