import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../functions/routes.ts';
import { LEDGER_CHECK_METRICS } from '../../functions/usecases/release/audit-ledger.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

/**
 * Alarms page on what lasts or what matters once (docs/deploy.md, Alarms and what to do): a single
 * timeout or throttle of an API function is not an e-mail, a failed asynchronous run is; and an alarm
 * sends one e-mail, not a second one when it recovers, but for the API's outage alarms.
 */
let s: Synth;
let alarms: Map<string, Json>;
beforeAll(() => {
  s = synth({}, false);
  // Construct id of each alarm (logical ids are `Monitoring<id><8-hex hash>`).
  alarms = new Map(
    Object.entries(resourcesOf(s.compute, 'AWS::CloudWatch::Alarm')).map(([logicalId, a]) => [
      logicalId.replace(/^Monitoring/, '').replace(/[0-9A-F]{8}$/, ''),
      a.Properties,
    ]),
  );
});

const functionNames = () => [...Object.keys(HANDLERS), 'siteNotFound'];
const topic = () => {
  const ids = Object.keys(resourcesOf(s.compute, 'AWS::SNS::Topic')).filter((id) => id.includes('AlarmTopic'));
  expect(ids).toHaveLength(1);
  return { Ref: ids[0] };
};

describe('alarms', () => {
  it('has one Errors and one Throttles alarm per function, and the platform alarms', () => {
    const expected = [
      ...functionNames().flatMap((f) => [`${f}Errors`, `${f}Throttles`]),
      'DeadLetterDepth',
      'FailedEventsDepth',
      'AuditLedgerValid',
      'Api5xxRate',
      'ApiP95Latency',
      'SiteBuildFailed',
      'AthenaDailyBytesScanned',
    ];
    expect([...alarms.keys()].sort()).toEqual(expected.sort());
  });

  it('fires on one breaching period only where one event is work not done', () => {
    const single = [...alarms].filter(([, a]) => a.EvaluationPeriods === 1).map(([id]) => id);
    expect(single.sort()).toEqual(
      [
        'ingestErrors',
        'maintenanceErrors',
        'DeadLetterDepth',
        'FailedEventsDepth',
        'AuditLedgerValid',
        'SiteBuildFailed',
        'AthenaDailyBytesScanned',
      ].sort(),
    );
    for (const [id, a] of alarms) if (a.EvaluationPeriods === 1) expect(a.DatapointsToAlarm, id).toBeUndefined();
  });

  it('needs 2 of 3 five-minute periods for every other function alarm', () => {
    for (const f of functionNames()) {
      for (const kind of ['Errors', 'Throttles']) {
        const id = `${f}${kind}`;
        if (id === 'ingestErrors' || id === 'maintenanceErrors') continue;
        expect(alarms.get(id), id).toMatchObject({
          MetricName: kind,
          Namespace: 'AWS/Lambda',
          Period: 300,
          Statistic: 'Sum',
          Threshold: 1,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
  });

  it('sends a recovery e-mail only for the API outage alarms; every alarm notifies the alarm topic', () => {
    const withOk = [...alarms].filter(([, a]) => a.OKActions).map(([id]) => id);
    expect(withOk.sort()).toEqual(['Api5xxRate', 'ApiP95Latency']);
    for (const [id, a] of alarms) {
      expect(a.AlarmActions, id).toEqual([topic()]);
      if (a.OKActions) expect(a.OKActions, id).toEqual([topic()]);
    }
  });

  it("alarms on the maintenance function's AuditLedgerValid metric, as its Powertools metrics name it", () => {
    const fn = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
      (f: Json) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName] === 'opendata-maintenance',
    ) as Json;
    const vars = fn.Properties.Environment.Variables;
    expect(alarms.get('AuditLedgerValid')).toMatchObject({
      Namespace: vars[RUNTIME_ENV.metricsNamespace],
      MetricName: LEDGER_CHECK_METRICS.valid,
      // Powertools' default dimension: the service name.
      Dimensions: [{ Name: 'service', Value: vars[RUNTIME_ENV.serviceName] }],
      Statistic: 'Minimum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    const dashboard = JSON.stringify(Object.values(resourcesOf(s.compute, 'AWS::CloudWatch::Dashboard'))[0]);
    expect(dashboard).toContain(LEDGER_CHECK_METRICS.exportLag);
  });

  it('docs/deploy.md says what to do first for every alarm', () => {
    const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const start = doc.indexOf('## Alarms and what to do');
    expect(start, 'the section').toBeGreaterThan(0);
    const next = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, next < 0 ? undefined : next);
    for (const id of alarms.keys()) {
      const perFunction = id.match(/^(.+)(Errors|Throttles)$/);
      // Per-function alarms are named by the function when they differ (ingest, maintenance), else as `<function>…`.
      const named =
        section.includes(`\`${id}\``) || (perFunction && section.includes(`\`<function>${perFunction[2]}\``));
      expect(named, id).toBeTruthy();
    }
  });
});
