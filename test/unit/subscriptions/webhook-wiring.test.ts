import { describe, expect, it } from 'vitest';
import { compose } from '../../../functions/wiring/compose.ts';
import { loadConfig } from '../../../functions/wiring/config.ts';

/** The loopback allowance exists only on the local platform: AWS cannot be configured into it. */
describe('webhook target wiring', () => {
  const aws = {
    OPENDATA_MODE: 'aws',
    TABLE_NAME: 'opendata',
    PUBLISHED_BUCKET: 'published',
    PUBLIC_BASE_URL: 'https://data.example.gov',
    AWS_REGION: 'us-east-1',
  };
  const local = {
    OPENDATA_MODE: 'local',
    OPENDATA_DATA_DIR: '/tmp/opendata-wiring-test',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
    OPENDATA_ADMIN_TOKEN: 'x'.repeat(16),
    PUBLIC_BASE_URL: 'http://localhost:8787',
  };

  it('is off in AWS, even if the variable is set on the function', () => {
    expect(compose(loadConfig(aws)).webhooks.targets).toEqual({ allowLoopback: false });
    expect(compose(loadConfig({ ...aws, WEBHOOK_ALLOW_LOOPBACK: 'true' })).webhooks.targets).toEqual({
      allowLoopback: false,
    });
  });

  it('is on locally unless turned off, and a typo fails at start', () => {
    expect(compose(loadConfig(local)).webhooks.targets).toEqual({ allowLoopback: true });
    expect(compose(loadConfig({ ...local, WEBHOOK_ALLOW_LOOPBACK: 'false' })).webhooks.targets).toEqual({
      allowLoopback: false,
    });
    expect(() => loadConfig({ ...local, WEBHOOK_ALLOW_LOOPBACK: 'yes' })).toThrow(/WEBHOOK_ALLOW_LOOPBACK/);
  });
});
