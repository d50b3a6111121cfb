import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlertSubscriptionConfig } from '../config.ts';

export interface AlertsProps {
  readonly stage: string;
  /** The messaging key (same key as the alarm topic and ingest queues). */
  readonly key: kms.IKey;
  readonly subscriptions: readonly AlertSubscriptionConfig[];
  /** Receives every alert when no subscription is configured, so a privacy concern never goes nowhere. */
  readonly fallbackEmail: string;
}

/**
 * Alerts from the platform: urgent ones (a privacy concern raised in feedback or a data request) and
 * release notices to the department (awaiting approval, checks failed, not published). SNS topic,
 * SSE-KMS with the messaging key, TLS-only (aws:SecureTransport deny for every principal). The
 * SnsNotifier publishes with message attributes `department`, `dataset`, `kind` and `urgency`; a
 * department's address subscribes with a filter policy on `department`, an admin's address without
 * one (all), and `urgentOnly` adds a filter on `urgency`. E-mail subscriptions must be confirmed from
 * the mailbox after the first deploy.
 */
export class Alerts extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `opendata ${props.stage} alerts`,
      masterKey: props.key,
      enforceSSL: true,
    });
    const subs: readonly AlertSubscriptionConfig[] = props.subscriptions.length
      ? props.subscriptions
      : [{ email: props.fallbackEmail, urgentOnly: false }];
    for (const s of subs) {
      const filterPolicy = {
        ...(s.department ? { department: sns.SubscriptionFilter.stringFilter({ allowlist: [s.department] }) } : {}),
        ...(s.urgentOnly ? { urgency: sns.SubscriptionFilter.stringFilter({ allowlist: ['urgent'] }) } : {}),
      };
      this.topic.addSubscription(
        new subscriptions.EmailSubscription(s.email, Object.keys(filterPolicy).length ? { filterPolicy } : {}),
      );
    }
  }
}
