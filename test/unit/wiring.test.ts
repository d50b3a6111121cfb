import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeCatalogEvents } from '../../functions/adapters/aws/eventbridge-catalog-events.ts';
import { IamAuthenticator } from '../../functions/adapters/aws/iam-authenticator.ts';
import { noCatalogEvents } from '../../functions/ports/catalog-events.ts';
import { compose } from '../../functions/wiring/compose.ts';
import { loadConfig } from '../../functions/wiring/config.ts';

/** The AWS composition root, as a Lambda cold start sees it (no AWS call is made by composing). */
describe('composition root (AWS)', () => {
  const base = {
    OPENDATA_MODE: 'aws',
    TABLE_NAME: 'opendata',
    PUBLISHED_BUCKET: 'published',
    PUBLIC_BASE_URL: 'https://data.example.gov',
    AWS_REGION: 'us-east-1',
  };
  afterEach(() => {
    delete process.env.PRINCIPALS_JSON;
  });

  it('announces snapshots on EventBridge and authenticates IAM callers when the stack configures them', () => {
    process.env.PRINCIPALS_JSON = JSON.stringify({
      principals: [{ id: 'ci-demo-stats', iamArns: ['arn:aws:iam::123456789012:role/ci'], roles: [] }],
    });
    const deps = compose(loadConfig({ ...base, EVENT_BUS_NAME: 'opendata-bus' }));
    expect(deps.events).toBeInstanceOf(EventBridgeCatalogEvents);
    expect(deps.authenticator).toBeInstanceOf(IamAuthenticator);
  });

  it('has no event bus or authenticator when the function is not given them', () => {
    const deps = compose(loadConfig(base));
    expect(deps.events).toBe(noCatalogEvents);
    expect(deps.authenticator).toBeUndefined();
  });

  it('fails at cold start naming a missing variable', () => {
    expect(() => loadConfig({ OPENDATA_MODE: 'aws', PUBLIC_BASE_URL: 'https://x.example' })).toThrow(/TABLE_NAME/);
  });
});
