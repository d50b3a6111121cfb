import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../functions/wiring/compose.ts';
import { loadConfig as loadRuntimeConfig } from '../../functions/wiring/config.ts';
import { parseConfig } from '../../infra/config.ts';
import { CDK_CONTEXT, type Json, resourcesOf, type Synth, synth } from './helpers.ts';

/**
 * Athena cost guards beyond the per-query cutoff: the workgroup publishes its metrics, and an alarm on
 * the bytes it scans per day goes to the platform's alarm topic like every other alarm.
 */
const base = CDK_CONTEXT.opendata as Record<string, unknown>;

let s: Synth;
beforeAll(() => {
  s = synth({}, false);
});

/** The daily bytes-scanned alarm of a synthesized stateless stack. */
function dailyAlarm(app: Synth): Json {
  const alarms = Object.values(resourcesOf(app.compute, 'AWS::CloudWatch::Alarm')).filter((a: Json) =>
    JSON.stringify(a.Properties.Metrics ?? []).includes('AWS/Athena'),
  );
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

describe('Athena cost guards', () => {
  it('alarms to the alarm topic when the workgroup scans more than 1 TB in a day (the default)', () => {
    const alarm = dailyAlarm(s);
    const compute = s.compute;
    // Athena publishes ProcessedBytes with QueryState, QueryType and WorkGroup together: the alarm sums
    // the billed states' series (a WorkGroup-only metric would never have a data point).
    const series = (alarm.Metrics as Json[]).filter((m) => m.MetricStat);
    expect(series.map((m) => m.MetricStat.Metric.Dimensions)).toEqual(
      ['SUCCEEDED', 'FAILED', 'CANCELED'].map((state) => [
        { Name: 'QueryState', Value: state },
        { Name: 'QueryType', Value: 'DML' },
        { Name: 'WorkGroup', Value: 'opendata-dev' },
      ]),
    );
    for (const m of series) {
      expect(m.MetricStat).toMatchObject({ Metric: { MetricName: 'ProcessedBytes' }, Stat: 'Sum', Period: 86400 });
      expect(m.ReturnData).toBe(false);
    }
    const sum = (alarm.Metrics as Json[]).find((m) => m.Expression);
    // Plain arithmetic (a missing value counts as 0, so a day without failed queries still sums); never
    // SEARCH, which an alarm cannot use.
    expect(sum.Expression.split(' + ').sort()).toEqual(series.map((m) => m.Id).sort());
    expect((alarm.Metrics as Json[]).filter((m) => /SEARCH/i.test(m.Expression ?? ''))).toEqual([]);
    // Without a capacity reservation, ProcessedBytes carries no CapacityReservation dimension (and a
    // reservation bills per DPU, not per byte): the three dimensions above are the whole set.
    compute.resourceCountIs('AWS::Athena::CapacityReservation', 0);
    expect(JSON.stringify(resourcesOf(compute, 'AWS::Athena::WorkGroup')).includes('CapacityReservation')).toBe(false);
    expect(alarm).toMatchObject({
      EvaluationPeriods: 1,
      Threshold: 1_000_000_000_000,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    // The same action as the other alarms: the Monitoring construct's SNS topic (e-mail subscription).
    const topics = Object.keys(resourcesOf(compute, 'AWS::SNS::Topic')).filter((id) => id.includes('AlarmTopic'));
    expect(topics).toHaveLength(1);
    expect(alarm.AlarmActions).toEqual([{ Ref: topics[0] }]);
    // No recovery e-mail: the day's total resets by itself (alarms.test.ts).
    expect(alarm.OKActions).toBeUndefined();
    compute.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'opendata-dev',
      WorkGroupConfiguration: Match.objectLike({
        PublishCloudWatchMetricsEnabled: true,
        EngineVersion: { SelectedEngineVersion: 'AUTO' },
      }),
    });
  });

  it('takes its threshold from athenaDailyBytesScannedAlarm', () => {
    const alarm = dailyAlarm(synth({ 'opendata:athenaDailyBytesScannedAlarm': '200000000000' }, false));
    expect(alarm.Threshold).toBe(200_000_000_000);
    expect(alarm.AlarmDescription).toMatch(/\$1\.00/);
  });

  it('refuses a daily threshold below 10 MB or below the per-query cutoff', () => {
    expect(parseConfig(base).athenaDailyBytesScannedAlarm).toBe(1_000_000_000_000);
    expect(() => parseConfig({ ...base, athenaDailyBytesScannedAlarm: 1000 })).toThrow(/10 MB/);
    expect(() => parseConfig({ ...base, athenaDailyBytesScannedAlarm: 500_000_000 })).toThrow(
      /athenaDailyBytesScannedAlarm must be >= athenaBytesScannedCutoff/,
    );
  });

  it('gives the DuckDB functions a /tmp copy budget of 60% of their /tmp (2 GB; the release pipeline 10 GB)', () => {
    const fns = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')) as Json[];
    const duck = fns.filter((f) => f.Properties.EphemeralStorage);
    expect(duck.length).toBe(4);
    for (const f of duck) {
      const ingest = f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'opendata-ingest';
      const mib = ingest ? 10240 : 2048;
      expect(f.Properties.EphemeralStorage).toEqual({ Size: mib });
      expect(f.Properties.Environment.Variables.PARQUET_CACHE_MAX_BYTES).toBe(
        String(Math.floor(0.6 * mib * 1024 ** 2)),
      );
    }
    const others = fns.filter(
      (f) => !f.Properties.EphemeralStorage && f.Properties.Environment?.Variables?.OPENDATA_MODE,
    );
    for (const f of others) expect(f.Properties.Environment.Variables.PARQUET_CACHE_MAX_BYTES).toBeUndefined();
  });

  it("sends Athena only versions whose full scan fits the workgroup's cutoff several times over", () => {
    // The query function composed from its deployed environment (tokens stand in as plain values).
    const [query] = (Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')) as Json[]).filter(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'opendata-query',
    );
    const stand: Record<string, string> = {
      PUBLIC_BASE_URL: 'https://opendata.example.gov',
      PSEUDONYM_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pseudonym',
      ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      FILES_GATE_ARN: 'arn:aws:cloudfront::123456789012:key-value-store/gate',
    };
    const env = Object.fromEntries(
      Object.entries(query.Properties.Environment.Variables as Record<string, Json>).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : (stand[k] ?? `${k.toLowerCase()}-stand-in`),
      ]),
    );
    const threshold = compose(loadRuntimeConfig(env)).queryJobs?.thresholdBytes;
    expect(threshold).toBeDefined();
    const [workgroup] = Object.values(resourcesOf(s.compute, 'AWS::Athena::WorkGroup')) as Json[];
    const cutoff = workgroup.Properties.WorkGroupConfiguration.BytesScannedCutoffPerQuery;
    expect(cutoff).toBe(10_000_000_000);
    expect(cutoff).toBeGreaterThanOrEqual(4 * (threshold as number));
    // The first query of a version copies all of it to /tmp within the request's 30 s.
    expect(threshold).toBeLessThanOrEqual(512 * 1024 ** 2);
  });
});
