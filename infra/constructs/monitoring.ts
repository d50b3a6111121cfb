import { Aws, Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LEDGER_CHECK_METRICS } from '../../functions/usecases/release/audit-ledger.ts';

/** Athena query states whose scanned bytes are billed. */
const ATHENA_QUERY_STATES = ['SUCCEEDED', 'FAILED', 'CANCELED'] as const;

/**
 * How many 5-minute periods must breach. `sustained`: 2 of the last 3, so a single timeout, crash or
 * throttle of an API function (one datapoint) does not page anyone, and a fault that lasts does within
 * 10 to 15 minutes; the API's own 5xx-rate alarm sees failed requests. `every`: the first breaching
 * period, where one event is already work not done.
 */
const SUSTAINED = { evaluationPeriods: 3, datapointsToAlarm: 2 } as const;
const EVERY = { evaluationPeriods: 1 } as const;

/**
 * Functions whose every error alarms. Their work is asynchronous (schedules, bus events): Lambda
 * retries a failed invocation twice within about three minutes and then puts it in the failed-events queue, so a failure leaves
 * one or two breaching periods, which `sustained` could miss — and each is work not done: ingest, a
 * publication or the scorecard dataset; maintenance, the files gate, the snapshot or the ledger export.
 */
export const EVERY_ERROR_ALARMS = new Set(['ingest', 'maintenance']);

/** The function whose daily ledger export reports LEDGER_CHECK_METRICS (functions/handlers/maintenance.ts). */
const LEDGER_CHECKER = 'maintenance';

export interface MonitoringProps {
  readonly stage: string;
  readonly alarmEmail: string;
  readonly topicKey: kms.IKey;
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly api: apigwv2.IHttpApi;
  readonly deadLetterQueue: sqs.IQueue;
  /** Failed asynchronous runs and undelivered rule events (failed-events.ts). */
  readonly failedEventsQueue: sqs.IQueue;
  readonly siteBuild: codebuild.IProject;
  /** API p95 latency above which the alarm fires. */
  readonly apiP95ThresholdMs?: number;
  /** Share of API requests answered 5xx above which the alarm fires (0..1). */
  readonly api5xxRateThreshold?: number;
  /** The Athena workgroup (publishing CloudWatch metrics) and the bytes it may scan a day before the alarm. */
  readonly athena?: { readonly workgroupName: string; readonly dailyBytesScannedThreshold: number };
}

/**
 * Alarms (function errors and throttles, DLQ depth, API 5xx rate and p95 latency, failed site builds,
 * Athena bytes scanned per day, audit ledger verdict),
 * all to one encrypted SNS topic with an e-mail subscription, and one dashboard. An alarm notifies when
 * it fires; only the API's outage alarms also say when they recover (docs/deploy.md, Alarms and what
 * to do).
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `opendata ${props.stage} alarms`,
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one, which is what lets the account's alarms publish: with
    // only the TLS deny above, every alarm action failed ("no resource-based policy allows SNS:Publish")
    // and no alarm e-mail was ever sent. CloudWatch is a service, not an IAM identity: it needs this.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const action = new cwActions.SnsAction(this.topic);
    // No OK action by default: a recovery e-mail for every alarm doubled the mail of each blip, and the
    // recovery of what these alarms report is an operator's doing (a redrive, a fix, a new build).
    const alarm = (
      alarmId: string,
      a: cloudwatch.CreateAlarmOptions & { metric: cloudwatch.IMetric },
      notifyRecovery = false,
    ) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...a,
      });
      created.addAlarmAction(action);
      if (notifyRecovery) created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };
    const fiveMin = Duration.minutes(5);

    const fnWidgets: cloudwatch.IWidget[] = [];
    for (const [name, fn] of props.functions) {
      const everyError = EVERY_ERROR_ALARMS.has(name);
      alarm(`${name}Errors`, {
        alarmDescription: everyError
          ? `${name}: a failed run (asynchronous work, retried twice by Lambda, then kept in the failed-events queue)`
          : `${name}: invocation errors (timeouts, crashes) in 2 of the last 3 five-minute periods`,
        metric: fn.metricErrors({ period: fiveMin, statistic: 'Sum' }),
        threshold: 1,
        ...(everyError ? EVERY : SUSTAINED),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      // Throttled work is retried (API clients, SQS, Lambda's asynchronous retries for six hours): only
      // throttling that lasts matters, for every function.
      alarm(`${name}Throttles`, {
        alarmDescription: `${name}: throttled invocations in 2 of the last 3 five-minute periods`,
        metric: fn.metricThrottles({ period: fiveMin, statistic: 'Sum' }),
        threshold: 1,
        ...SUSTAINED,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      fnWidgets.push(
        new cloudwatch.GraphWidget({
          title: `${name}: invocations, errors, throttles`,
          left: [
            fn.metricInvocations({ period: fiveMin }),
            fn.metricErrors({ period: fiveMin }),
            fn.metricThrottles({ period: fiveMin }),
          ],
          right: [fn.metricDuration({ period: fiveMin, statistic: 'p95' })],
          width: 12,
        }),
      );
    }

    // One message is one release that was not submitted: it waits for an operator.
    alarm('DeadLetterDepth', {
      alarmDescription: 'Raw uploads the ingest function failed on five times (see docs/deploy.md to redrive)',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMin, statistic: 'Maximum' }),
      threshold: 1,
      ...EVERY,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    // One message is one event whose work was not done (a publication, a snapshot refresh after a
    // withdrawal, a scheduled run) after every retry: it waits for an operator.
    alarm('FailedEventsDepth', {
      alarmDescription:
        'Asynchronous runs that failed after their retries, or rule events not delivered (see docs/deploy.md to redrive)',
      metric: props.failedEventsQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMin,
        statistic: 'Maximum',
      }),
      threshold: 1,
      ...EVERY,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    // The daily export's verdict on the stored audit ledger: one 0 is a ledger that no longer verifies.
    // An hour's period: the alarm fires within the hour of the run (and its retries), returns to OK
    // silently, and fires again after each daily run until the ledger is repaired.
    const ledgerChecker = props.functions.get(LEDGER_CHECKER);
    const ledgerMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: `OpenData/${props.stage}`,
        metricName,
        dimensionsMap: { service: `opendata-${LEDGER_CHECKER}` },
        statistic,
        period: Duration.hours(1),
      });
    const ledgerValid = ledgerMetric(LEDGER_CHECK_METRICS.valid, 'Minimum');
    const ledgerLag = ledgerMetric(LEDGER_CHECK_METRICS.exportLag, 'Maximum');
    if (ledgerChecker) {
      alarm('AuditLedgerValid', {
        alarmDescription:
          'The audit ledger does not verify (daily export): an entry was altered, removed or reordered; see docs/deploy.md, Alarms and what to do',
        metric: ledgerValid,
        threshold: 1,
        ...EVERY,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      });
    }

    const requests = props.api.metricCount({ period: fiveMin, statistic: 'Sum' });
    const errors5xx = props.api.metricServerError({ period: fiveMin, statistic: 'Sum' });
    // Rate, not count, and only when there is traffic worth judging (at least 20 requests in 5 min).
    const errorRate = new cloudwatch.MathExpression({
      label: 'API 5xx rate',
      expression: 'IF(requests >= 20, errors / requests, 0)',
      usingMetrics: { errors: errors5xx, requests },
      period: fiveMin,
    });
    // Outages of the public API: their recovery is news too (a status update), so these two say it.
    alarm(
      'Api5xxRate',
      {
        alarmDescription: `API: more than ${(props.api5xxRateThreshold ?? 0.05) * 100}% of requests answered 5xx`,
        metric: errorRate,
        threshold: props.api5xxRateThreshold ?? 0.05,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
      true,
    );
    const p95 = props.api.metricLatency({ period: fiveMin, statistic: 'p95' });
    alarm(
      'ApiP95Latency',
      {
        alarmDescription: `API: p95 latency above ${props.apiP95ThresholdMs ?? 3000} ms`,
        metric: p95,
        threshold: props.apiP95ThresholdMs ?? 3000,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
      true,
    );
    const failedBuilds = props.siteBuild.metricFailedBuilds({ period: fiveMin, statistic: 'Sum' });
    // Builds are rare (a publication, a changed snapshot): one failure is a stale site until the next.
    alarm('SiteBuildFailed', {
      alarmDescription: 'The site rebuild after a publish failed: the catalogue site is stale',
      metric: failedBuilds,
      threshold: 1,
      ...EVERY,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    // Athena bills bytes scanned ($5 per TB): the per-query cutoff bounds one query, this the day's total.
    // A one-day period evaluated once: the alarm stays raised for the rest of the day it passed.
    // Athena publishes ProcessedBytes per QueryState, QueryType and WorkGroup together: a metric with the
    // workgroup alone has no data points. The sum over the states that bill (cancelled and failed
    // queries are billed for what they scanned) of DML queries, the only kind this platform runs.
    const athenaBytes = props.athena
      ? new cloudwatch.MathExpression({
          label: 'Athena bytes scanned',
          expression: ATHENA_QUERY_STATES.map((_, i) => `s${i}`).join(' + '),
          period: Duration.days(1),
          usingMetrics: Object.fromEntries(
            ATHENA_QUERY_STATES.map((state, i) => [
              `s${i}`,
              new cloudwatch.Metric({
                namespace: 'AWS/Athena',
                metricName: 'ProcessedBytes',
                dimensionsMap: { QueryState: state, QueryType: 'DML', WorkGroup: props.athena?.workgroupName ?? '' },
                statistic: 'Sum',
                period: Duration.days(1),
              }),
            ]),
          ),
        })
      : undefined;
    if (props.athena && athenaBytes) {
      const limit = props.athena.dailyBytesScannedThreshold;
      alarm('AthenaDailyBytesScanned', {
        alarmDescription: `Athena workgroup ${props.athena.workgroupName}: more than ${limit} bytes scanned in a day (about $${((limit / 1e12) * 5).toFixed(2)}); see docs/cost.md`,
        metric: athenaBytes,
        threshold: limit,
        // One period is the whole day.
        ...EVERY,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and 5xx',
        left: [requests, errors5xx],
        right: [errorRate],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'API latency p95 (ms)', left: [p95], width: 12 }),
    );
    this.dashboard.addWidgets(...fnWidgets);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Ingest dead-letter queue depth',
        left: [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMin })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failed-events queue depth',
        left: [props.failedEventsQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMin })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'Site builds failed', left: [failedBuilds], width: 12 }),
      new cloudwatch.GraphWidget({
        title: 'Audit ledger: verified (1) at the daily export, entries not yet exported',
        left: [ledgerValid],
        right: [ledgerLag],
        width: 12,
      }),
      ...(athenaBytes
        ? [new cloudwatch.GraphWidget({ title: 'Athena bytes scanned per day', left: [athenaBytes], width: 12 })]
        : []),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
  }
}
