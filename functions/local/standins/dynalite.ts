import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CATALOG_TABLE_DEFINITION } from '../../adapters/aws/dynamodb-catalog-store.ts';
import { localDynamoClient } from '../../adapters/aws/local-clients.ts';

const require = createRequire(import.meta.url);

export interface DynaliteHandle {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * Embedded DynamoDB (dynalite on LevelDB). With `path` the data survives restarts.
 * Creates the catalog table if it does not exist yet.
 */
export async function startDynalite(options: { path?: string; table: string; port?: number }): Promise<DynaliteHandle> {
  const dynalite = require('dynalite') as (o: object) => Server;
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: options.table }));
  } catch {
    await client.send(new CreateTableCommand({ TableName: options.table, ...CATALOG_TABLE_DEFINITION }));
  }
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}
