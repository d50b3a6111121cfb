import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert, Notifier } from '../../ports/notifier.ts';

/**
 * Alerts through an SNS topic. Message attributes carry the department, kind and urgency so
 * subscriptions can filter (a department's address subscribes with a filter policy on `department`;
 * admins take all, or only `urgency: urgent`).
 */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArn: string;
  constructor(client: SNSClient, topicArn: string) {
    this.client = client;
    this.topicArn = topicArn;
  }

  async alert(alert: Alert): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: alert.subject.slice(0, 99),
        Message: `${alert.message}\n\n${alert.link}`,
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: alert.kind },
          urgency: { DataType: 'String', StringValue: alert.urgency },
          department: { DataType: 'String', StringValue: alert.department },
          dataset: { DataType: 'String', StringValue: alert.datasetId },
        },
      }),
    );
  }
}
