import { describe, expect, it } from 'vitest';
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
