import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { RELEASE_APPROVED_EVENT as RELEASE_APPROVED } from '../../../infra/runtime-env.ts';
import type { PublicationQueue } from '../../ports/publication-queue.ts';

/** `ReleaseApproved {releaseId}` on the platform's bus; a rule delivers it to the ingest function. */
export class EventBridgePublicationQueue implements PublicationQueue {
  readonly client: EventBridgeClient;
  readonly busName: string;
  constructor(client: EventBridgeClient, busName: string) {
    this.client = client;
    this.busName = busName;
  }
  async enqueue(releaseId: string): Promise<void> {
    const r = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: RELEASE_APPROVED.source,
            DetailType: RELEASE_APPROVED.detailType,
            Detail: JSON.stringify({ releaseId }),
          },
        ],
      }),
    );
    if (r.FailedEntryCount)
      throw new Error(`ReleaseApproved event rejected: ${r.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
  }
}
