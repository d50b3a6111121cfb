import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResolvedHandler } from '../handler-table.ts';
import { acknowledge } from '../nag.ts';

export interface FailedEventsProps {
  /** The messaging key (same key as the ingest queues and the alarm topic). */
  readonly key: kms.IKey;
}

/** Handlers that EventBridge invokes asynchronously: a bus rule or a schedule (the raw-upload queue is polled). */
export function invokedAsynchronously(h: ResolvedHandler): boolean {
  return h.schedules.length > 0 || h.events.some((e) => e !== 'raw-uploads');
}

/**
 * The one queue where asynchronous work that failed for good is kept for an operator (docs/deploy.md,
 * Redriving failed events): the on-failure destination of the asynchronous invocations of the functions
 * that rules and schedules invoke (after Lambda's two retries), and the dead-letter queue of every
 * EventBridge target (an event EventBridge could not hand over: a refused StartBuild, a missing
 * permission). Without it such an event vanished, with at most an `Errors` alarm naming no event.
 * SSE-KMS with the messaging key, TLS-only, 14 days (SQS's maximum) to read and redrive.
 */
export class FailedEvents extends Construct {
  readonly queue: sqs.Queue;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: FailedEventsProps) {
    super(scope, id);
    this.key = props.key;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.queue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the asynchronous invocations and rule targets; nothing consumes it automatically (an operator reads and redrives it), so a DLQ of its own would only move the messages.',
    );
  }

  /**
   * The on-failure destination for `fn`: what lambda-destinations' SqsDestination does, with named
   * actions on the execution role (Lambda sends with it) instead of grantSendMessages, whose
   * kms:GenerateDataKey* and kms:ReEncrypt* wildcards the project avoids (handler-functions.ts). The key
   * only through SQS (kms:ViaService), like the other key grants (handler-access.ts): SQS encrypts what
   * Lambda sends with the role's credentials, so nothing else needs the messaging key directly.
   */
  onFailure(role: iam.IRole): lambda.IDestination {
    return {
      bind: () => {
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
        );
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [this.key.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
          }),
        );
        return { destination: this.queue.queueArn };
      },
    };
  }
}
