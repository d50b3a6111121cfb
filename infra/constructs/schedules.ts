import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ResolvedHandler } from '../handler-table.ts';
import type { FailedEvents } from './failed-events.ts';

export interface SchedulesProps {
  readonly stage: string;
  readonly handlers: readonly ResolvedHandler[];
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  /** Dead-letter queue of every rule target (an event EventBridge could not hand to Lambda). */
  readonly failedEvents: FailedEvents;
}

/**
 * One EventBridge rule (default bus, schedule expression) per ScheduleSpec of the handler table, invoking
 * the handler asynchronously with `{ task }` as the event. Scheduled rules cost nothing; a failing run
 * raises the function's Errors alarm, lands in the failed-events queue (after Lambda's retries), and the
 * next run repeats the (idempotent) work.
 */
export class Schedules extends Construct {
  readonly rules: ReadonlyMap<string, events.Rule>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const rules = new Map<string, events.Rule>();
    for (const h of props.handlers) {
      for (const sc of h.schedules) {
        const fn = props.functions.get(h.name);
        if (!fn) throw new Error(`no function for scheduled handler ${h.name}`);
        const rule = new events.Rule(this, sc.id, {
          description: `opendata ${props.stage}: ${sc.description} (${h.name})`,
          schedule: events.Schedule.expression(sc.expression),
        });
        rule.addTarget(
          new targets.LambdaFunction(fn, {
            event: events.RuleTargetInput.fromObject(sc.input),
            // An event older than one period is superseded by the next run.
            maxEventAge: Duration.hours(1),
            retryAttempts: 2,
            deadLetterQueue: props.failedEvents.queue,
          }),
        );
        rules.set(sc.id, rule);
      }
    }
    this.rules = rules;
  }
}
