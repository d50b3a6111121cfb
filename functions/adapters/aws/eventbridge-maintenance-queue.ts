import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { VERSION_WITHDRAWN_EVENT } from '../../../infra/runtime-env.ts';
import type { MaintenanceQueue } from '../../ports/maintenance-queue.ts';

/** `VersionWithdrawn {datasetId, version}` on the platform's bus; a rule delivers it to the maintenance function. */
export class EventBridgeMaintenanceQueue implements MaintenanceQueue {
  readonly client: EventBridgeClient;
  readonly busName: string;
  constructor(client: EventBridgeClient, busName: string) {
    this.client = client;
    this.busName = busName;
  }
  async afterWithdrawal(datasetId: string, version: number): Promise<void> {
    const r = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: VERSION_WITHDRAWN_EVENT.source,
            DetailType: VERSION_WITHDRAWN_EVENT.detailType,
            Detail: JSON.stringify({ datasetId, version }),
          },
        ],
      }),
    );
    if (r.FailedEntryCount)
      throw new Error(`VersionWithdrawn event rejected: ${r.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
  }
}
