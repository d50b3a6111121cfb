import { describe, expect, it } from 'vitest';
import { ATHENA_CUTOFF_MIN_MULTIPLE, AWS_ATHENA_THRESHOLD_BYTES } from '../../functions/wiring/athena-threshold.ts';
import { ConfigError, loadConfig, parseConfig } from '../../infra/config.ts';
import { CDK_CONTEXT } from './helpers.ts';

const base = CDK_CONTEXT.opendata as Record<string, unknown>;
const ctx = (values: Record<string, unknown>) => ({ tryGetContext: (k: string) => values[k] });

describe('deployment configuration', () => {
  it('accepts the checked-in cdk.json and applies defaults', () => {
    const c = parseConfig(base);
    expect(c.stage).toBe('dev');
    expect(c.rawRetentionDays).toBe(30);
    expect(c.account).toBeUndefined();
    // No example department: its OIDC provider and a role trusting someone else's repository would deploy.
    expect(c.departments).toEqual([]);
    expect(c.athenaBytesScannedCutoff).toBe(10_000_000_000);
    const { athenaBytesScannedCutoff: _, ...withoutCutoff } = base;
    expect(parseConfig(withoutCutoff).athenaBytesScannedCutoff).toBe(10_000_000_000);
  });

  it('refuses an Athena cutoff that would cancel full scans of the versions Athena is given', () => {
    const min = ATHENA_CUTOFF_MIN_MULTIPLE * AWS_ATHENA_THRESHOLD_BYTES;
    expect(() => parseConfig({ ...base, athenaBytesScannedCutoff: 1_000_000_000 })).toThrow(
      new RegExp(`athenaBytesScannedCutoff 1000000000 is below .* at least ${min}`),
    );
    expect(() => parseConfig({ ...base, athenaBytesScannedCutoff: min - 1 })).toThrow(/Hint:/);
    expect(parseConfig({ ...base, athenaBytesScannedCutoff: min }).athenaBytesScannedCutoff).toBe(min);
  });

  describe('a stage other than dev', () => {
    const prod = {
      ...base,
      stage: 'prod',
      account: '123456789012',
      region: 'eu-west-1',
      alarmEmail: 'opendata-ops@agency.gov',
    };

    it('accepts real values', () => {
      expect(parseConfig(prod).stage).toBe('prod');
    });

    it.each([
      [
        'no region (CloudFront logging depends on it)',
        { account: undefined, region: undefined },
        /must pin its environment: add -c opendata:account=.* -c opendata:region=/,
      ],
      [
        'the example alarm address',
        { alarmEmail: 'opendata-alarms@example.org' },
        /"opendata-alarms@example\.org" is the checked-in example/,
      ],
      [
        'a department of the example GitHub owner',
        { departments: [{ id: 'demo-stats', githubRepo: 'example-org/statistics-open-data' }] },
        /"example-org\/statistics-open-data" is the checked-in example/,
      ],
      ['an example.com alert address', { alertSubscriptions: [{ email: 'ops@mail.example.com' }] }, /ops@mail/],
      [
        'an example.net domain',
        {
          domainName: 'data.example.net',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
        },
        /data\.example\.net/,
      ],
    ])('refuses %s, saying what to set', (_name, change, pattern) => {
      const input = { ...prod, ...change };
      expect(() => parseConfig(input)).toThrow(ConfigError);
      expect(() => parseConfig(input)).toThrow(pattern);
      expect(() => parseConfig(input)).toThrow(/-c opendata:/);
    });

    it('leaves dev free to use the examples', () => {
      const dev = { ...base, departments: [{ id: 'demo-stats', githubRepo: 'example-org/statistics-open-data' }] };
      expect(parseConfig(dev).departments).toHaveLength(1);
    });
  });

  it('applies -c opendata:<key> overrides, coercing numbers and parsing JSON', () => {
    const c = loadConfig(
      ctx({
        opendata: base,
        'opendata:rawRetentionDays': '7',
        'opendata:departments': '[{"id":"health","githubRepo":"gov/health-data"}]',
      }),
    );
    expect(c.rawRetentionDays).toBe(7);
    expect(c.departments).toEqual([{ id: 'health', githubRepo: 'gov/health-data', branch: 'main' }]);
  });

  it.each([
    ['an unknown key', { ...base, retentionDays: 3 }, /retentionDays/],
    ['a bad e-mail', { ...base, alarmEmail: 'not-mail' }, /alarmEmail/],
    ['a negative retention', { ...base, rawRetentionDays: -1 }, /rawRetentionDays/],
    ['an Athena cutoff below 10 MB', { ...base, athenaBytesScannedCutoff: 1000 }, /10 MB/],
    ['a domain without certificate', { ...base, domainName: 'data.example.gov' }, /certificateArn is required/],
    ['an account without region', { ...base, account: '123456789012' }, /account and region/],
    ['a wildcard repository', { ...base, departments: [{ id: 'x1', githubRepo: 'org/*' }] }, /githubRepo/],
    ['an unsupported log retention', { ...base, logRetentionDays: 31 }, /logRetentionDays/],
    ['a bad stage', { ...base, stage: 'Prod!' }, /stage/],
    [
      'a principal mapped to an unknown department CI role',
      { ...base, principals: [{ id: 'ci', departmentCiRole: 'nope', roles: [] }] },
      /departmentCiRole "nope"/,
    ],
    ['a principal without any IAM identity', { ...base, principals: [{ id: 'bob' }] }, /needs iamArns/],
    ['a wildcard principal ARN', { ...base, principals: [{ id: 'x', iamArns: ['arn:aws:iam::*:role/*'] }] }, /iamArns/],
    ['a bad alert address', { ...base, alertSubscriptions: [{ email: 'nobody' }] }, /alertSubscriptions/],
  ])('rejects %s with a message naming the field and a hint', (_name, input, pattern) => {
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(pattern);
    expect(() => parseConfig(input)).toThrow(/Hint:/);
  });

  it('fails when no configuration is given at all', () => {
    expect(() => loadConfig(ctx({}))).toThrow(/stage/);
  });
});
