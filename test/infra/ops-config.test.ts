import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, INGEST_QUEUE_MAX_CONCURRENCY, parseConfig } from '../../infra/config.ts';
import { CDK_CONTEXT, type Json, resourcesOf, type Synth, synth } from './helpers.ts';

const base = CDK_CONTEXT.opendata as Record<string, unknown>;
const prod = { ...base, stage: 'prod', account: '123456789012', alarmEmail: 'opendata-ops@agency.gov' };

describe('regions', () => {
  it.each(['cn-north-1', 'cn-northwest-1'])('refuses the China region %s, saying why and what to use', (region) => {
    const input = { ...prod, region };
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(/aws-cn partition\) are not supported/);
    expect(() => parseConfig(input)).toThrow(/KeyValueStore or CloudFront Functions/);
    expect(() => parseConfig(input)).toThrow(/IAM server certificates/);
    expect(() => parseConfig(input)).toThrow(/ICP recordal/);
    expect(() => parseConfig(input)).toThrow(/no China profile is built/);
    expect(() => parseConfig(input)).toThrow(/closest supported region is ap-east-1/);
    expect(() => parseConfig(input)).toThrow(/Hint:/);
  });

  it.each(['ap-east-1', 'eu-west-1', 'us-east-1'])('accepts %s', (region) => {
    expect(parseConfig({ ...prod, region }).region).toBe(region);
  });
});

describe('queryReservedConcurrency against the ingest queue', () => {
  it.each([1, 3, INGEST_QUEUE_MAX_CONCURRENCY])('refuses %i: not above the queue’s concurrency', (n) => {
    const input = { ...base, queryReservedConcurrency: n };
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(
      new RegExp(`queryReservedConcurrency ${n} would reserve no more than the ${INGEST_QUEUE_MAX_CONCURRENCY} `),
    );
    expect(() => parseConfig(input)).toThrow(/dead-letter queue/);
    expect(() => parseConfig(input)).toThrow(new RegExp(`at least ${INGEST_QUEUE_MAX_CONCURRENCY + 1}, or to 0`));
  });

  it('keeps 0 meaning "no reservation" and accepts the first value above the queue’s concurrency', () => {
    expect(parseConfig({ ...base, queryReservedConcurrency: 0 }).queryReservedConcurrency).toBe(0);
    const above = INGEST_QUEUE_MAX_CONCURRENCY + 1;
    expect(parseConfig({ ...base, queryReservedConcurrency: above }).queryReservedConcurrency).toBe(above);
    expect(parseConfig(base).queryReservedConcurrency).toBe(10);
  });
});

describe('retention settings', () => {
  it('defaults: backups daily 35 days, monthly a year; access logs a year', () => {
    const c = parseConfig(base);
    expect(c.backupDailyRetentionDays).toBe(35);
    expect(c.backupMonthlyRetentionDays).toBe(365);
    expect(c.accessLogRetentionDays).toBe(365);
  });

  it.each([
    [
      'a monthly retention below the daily one',
      { backupDailyRetentionDays: 90, backupMonthlyRetentionDays: 60 },
      /backupMonthlyRetentionDays \(60\) must be >= backupDailyRetentionDays \(90\)/,
    ],
    ['a zero backup retention', { backupDailyRetentionDays: 0 }, /backupDailyRetentionDays/],
    ['a zero access-log retention', { accessLogRetentionDays: 0 }, /accessLogRetentionDays/],
  ])('refuses %s', (_name, change, pattern) => {
    expect(() => parseConfig({ ...base, ...change })).toThrow(pattern);
  });
});

describe('the synthesized ingest queue source', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth({}, false);
  });

  it('feeds ingest at most INGEST_QUEUE_MAX_CONCURRENCY invocations, the bound the config checks against', () => {
    const mappings = Object.values(resourcesOf(s.compute, 'AWS::Lambda::EventSourceMapping')) as Json[];
    const sqs = mappings.filter((m) => m.Properties.ScalingConfig);
    expect(sqs).toHaveLength(1);
    expect(sqs[0].Properties.ScalingConfig).toEqual({ MaximumConcurrency: INGEST_QUEUE_MAX_CONCURRENCY });
  });
});
