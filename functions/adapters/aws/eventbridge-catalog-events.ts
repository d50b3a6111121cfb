import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { CatalogEvents } from '../../ports/catalog-events.ts';

/** The `CatalogPublished` event on the platform's bus (source and detail type agreed with infra/runtime-env.ts). */
export class EventBridgeCatalogEvents implements CatalogEvents {
  readonly client: EventBridgeClient;
  readonly busName: string;
  constructor(client: EventBridgeClient, busName: string) {
    this.client = client;
    this.busName = busName;
  }
  async catalogPublished(detail: { snapshotKey: string; datasets: number }): Promise<void> {
    const r = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: 'opendata.catalog',
            DetailType: 'CatalogPublished',
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    if (r.FailedEntryCount)
      throw new Error(`CatalogPublished event rejected: ${r.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
  }
}
