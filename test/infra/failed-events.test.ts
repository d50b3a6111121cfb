import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../functions/routes.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { actionsOf, type Json, resourcesOf, roleStatements, type Synth, synth } from './helpers.ts';

/**
 * Asynchronous work that failed for good is kept, not dropped (docs/deploy.md, Redriving failed events):
 * one encrypted queue is the on-failure destination of every function EventBridge invokes and the
 * dead-letter queue of every rule target on a function; its depth alarms.
 */
let s: Synth;
let queueId: string;
beforeAll(() => {
  s = synth({}, false);
  const queues = Object.keys(resourcesOf(s.compute, 'AWS::SQS::Queue')).filter((id) => id.startsWith('FailedEvents'));
  expect(queues).toHaveLength(1);
  queueId = queues[0] as string;
});

const queueArn = () => ({ 'Fn::GetAtt': [queueId, 'Arn'] });

/** Logical id of the function whose Powertools service name is `opendata-<name>`. */
function functionId(name: string): string {
  const found = Object.entries(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
    ([, f]) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName] === `opendata-${name}`,
  );
  expect(found, name).toBeDefined();
  return (found as [string, Json])[0];
}

describe('failed-events queue', () => {
  it('is SSE-KMS with the messaging key, keeps messages 14 days and refuses plain HTTP', () => {
    const q = resourcesOf(s.compute, 'AWS::SQS::Queue')[queueId];
    expect(q.Properties).toMatchObject({
      KmsMasterKeyId: expect.anything(),
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(JSON.stringify(q.Properties.KmsMasterKeyId)).toContain('MessagingKeyArn');
    const policy = Object.values(resourcesOf(s.compute, 'AWS::SQS::QueuePolicy')).find((p) =>
      JSON.stringify(p.Properties.Queues).includes(queueId),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Json[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('is the on-failure destination of exactly the functions EventBridge invokes, with their retries', () => {
    const configs = Object.values(resourcesOf(s.compute, 'AWS::Lambda::EventInvokeConfig')).map((c) => c.Properties);
    const invoked = configs.map((c) => c.FunctionName.Ref as string).sort();
    expect(invoked).toEqual(['ingest', 'maintenance', 'webhooks'].map(functionId).sort());
    for (const c of configs) {
      expect(c.DestinationConfig).toEqual({ OnFailure: { Destination: queueArn() } });
      expect(c.MaximumRetryAttempts).toBeUndefined(); // Lambda's default: two retries
    }
    expect(Object.keys(HANDLERS)).toEqual(expect.arrayContaining(['ingest', 'maintenance', 'webhooks']));
  });

  it('lets those functions send to it with named actions only (Lambda sends with the execution role)', () => {
    for (const name of ['ingest', 'maintenance', 'webhooks']) {
      const role = `Handlers${name.charAt(0).toUpperCase()}${name.slice(1)}Role`;
      const statements = roleStatements(s.compute, role);
      const onQueue = statements.filter((st) => JSON.stringify(st.Resource) === JSON.stringify(queueArn()));
      expect(actionsOf(onQueue), name).toEqual(['sqs:SendMessage']);
      const onKey = statements.filter((st) => JSON.stringify(st.Resource).includes('-data-MessagingKeyArn'));
      expect(actionsOf(onKey), name).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
      for (const a of actionsOf(statements)) expect(a, name).not.toMatch(/^kms:(ReEncrypt|GenerateDataKey\*)/);
    }
  });

  it('lets them use the messaging key for it only through SQS (kms:ViaService), like the other key grants', () => {
    const viaSqs = {
      StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sqs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
    };
    for (const name of ['ingest', 'maintenance', 'webhooks']) {
      const role = `Handlers${name.charAt(0).toUpperCase()}${name.slice(1)}Role`;
      const onKey = roleStatements(s.compute, role).filter((st) =>
        JSON.stringify(st.Resource).includes('-data-MessagingKeyArn'),
      );
      expect(onKey, name).toContainEqual(
        expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: viaSqs }),
      );
    }
    // Maintenance and webhooks use the key for nothing else: no grant of it without a kms:ViaService.
    // (ingest also consumes the raw-upload queue, whose grants are handler-functions.ts's.)
    for (const name of ['maintenance', 'webhooks']) {
      const role = `Handlers${name.charAt(0).toUpperCase()}${name.slice(1)}Role`;
      const onKey = roleStatements(s.compute, role).filter((st) =>
        JSON.stringify(st.Resource).includes('-data-MessagingKeyArn'),
      );
      expect(onKey.length, name).toBeGreaterThan(0);
      for (const st of onKey) expect(st.Condition?.StringEquals?.['kms:ViaService'], name).toBeDefined();
    }
  });

  it('is the dead-letter queue of every rule target on a function, and EventBridge may send to it per rule', () => {
    const rules = Object.entries(resourcesOf(s.compute, 'AWS::Events::Rule'));
    const onFunctions = rules.filter(([, r]) =>
      (r.Properties.Targets as Json[]).some((t) => JSON.stringify(t.Arn).includes('Function')),
    );
    // ReleaseApproved, VersionWithdrawn and the four schedules.
    expect(onFunctions.length).toBeGreaterThanOrEqual(6);
    const policy = JSON.stringify(
      Object.values(resourcesOf(s.compute, 'AWS::SQS::QueuePolicy')).filter((p) =>
        JSON.stringify(p.Properties.Queues).includes(queueId),
      ),
    );
    for (const [id, r] of onFunctions) {
      for (const t of r.Properties.Targets as Json[]) {
        expect(t.DeadLetterConfig, id).toEqual({ Arn: queueArn() });
        expect(t.RetryPolicy, id).toBeDefined();
      }
      expect(policy, id).toContain(id);
    }
  });

  it('lets EventBridge encrypt with the messaging key (key policy in the data stack)', () => {
    const key = Object.values(resourcesOf(s.data, 'AWS::KMS::Key')).find((k) =>
      String(k.Properties.Description).includes('ingest queues'),
    );
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'AllowEventBridgeDeadLetterQueues',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      }),
    );
    // Without a condition on purpose (stateful-stack.ts says why): aws:SourceArn is documented on
    // EventBridge's SendMessage (the queue policy names each rule with it), not on the KMS request SQS then
    // makes for it; a condition that request does not carry would deny it, and every dead-letter delivery
    // would fail with no message to show for it.
    const statement = ((key?.Properties.KeyPolicy.Statement ?? []) as Json[]).find(
      (st) => st.Sid === 'AllowEventBridgeDeadLetterQueues',
    );
    expect(statement).toMatchObject({ Effect: 'Allow', Resource: '*' });
    expect(statement.Condition).toBeUndefined();
  });

  it('alarms on one message, at the first breaching period', () => {
    const alarm = Object.entries(resourcesOf(s.compute, 'AWS::CloudWatch::Alarm')).find(([id]) =>
      id.startsWith('MonitoringFailedEventsDepth'),
    )?.[1];
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});
