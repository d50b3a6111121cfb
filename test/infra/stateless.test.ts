import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS, ROUTES } from '../../functions/routes.ts';
import { dataExportName } from '../../infra/data-exports.ts';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import {
  actionsOf,
  EXTENDED_HANDLERS,
  EXTENDED_ROUTES,
  type Json,
  resourcesOf,
  roleStatements,
  type Synth,
  statementsOn,
  synth,
} from './helpers.ts';

let s: Synth;
const exp = (key: Parameters<typeof dataExportName>[1]) => dataExportName('dev', key);
const role = (handler: string) => `Handlers${handler.charAt(0).toUpperCase()}${handler.slice(1)}Role`;

beforeAll(() => {
  s = synth();
});

describe('stateless stack: functions', () => {
  it('creates one Node 24 function per handler, arm64 except DuckDB handlers on x86_64', () => {
    const fns = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName],
    );
    expect(fns).toHaveLength(Object.keys(EXTENDED_HANDLERS).length);
    for (const [name, spec] of Object.entries(EXTENDED_HANDLERS)) {
      const fn = fns.find((f) => f.Properties.Environment.Variables[RUNTIME_ENV.serviceName] === `opendata-${name}`);
      expect(fn, name).toBeDefined();
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual([spec.duckdb ? 'x86_64' : 'arm64']);
      expect(fn.Properties.MemorySize).toBe(spec.memoryMb);
      expect(fn.Properties.Timeout).toBe(spec.timeoutSeconds);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      const vars = fn.Properties.Environment.Variables;
      for (const envName of [
        'TABLE_NAME',
        'PUBLISHED_BUCKET',
        'RAW_BUCKET',
        'PUBLIC_BASE_URL',
        'PSEUDONYM_SECRET_ARN',
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_METRICS_NAMESPACE',
        'STAGE',
      ]) {
        expect(vars[envName], `${name} ${envName}`).toBeDefined();
      }
      // The secret is passed by ARN, never by value.
      expect(vars.PSEUDONYM_SECRET_ARN).toEqual({ 'Fn::ImportValue': exp('PseudonymSecretArn') });
      if (spec.duckdb) expect(fn.Properties.ReservedConcurrentExecutions).toBe(10);
    }
  });

  it('wires the ingest handler (events: raw-uploads) to the raw-upload queue', () => {
    s.compute.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': exp('IngestQueueArn') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('sets log retention on every function log group', () => {
    for (const lg of Object.values(resourcesOf(s.compute, 'AWS::Logs::LogGroup'))) {
      expect(lg.Properties.RetentionInDays).toBe(90);
    }
  });
});

describe('stateless stack: least privilege', () => {
  it('never grants a wildcard action', () => {
    for (const p of Object.values(resourcesOf(s.compute, 'AWS::IAM::Policy'))) {
      for (const st of p.Properties.PolicyDocument.Statement as Json[]) {
        const actions = Array.isArray(st.Action) ? st.Action : [st.Action];
        for (const a of actions) expect(a, JSON.stringify(st)).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
      }
    }
  });

  it('query: reads published data and queries Athena, but cannot write published or read raw', () => {
    const st = roleStatements(s.compute, role('query'));
    const published = statementsOn(st, exp('PublishedBucketArn'));
    expect(actionsOf(published)).toEqual(expect.arrayContaining(['s3:GetObject']));
    expect(actionsOf(published)).not.toContain('s3:PutObject');
    expect(actionsOf(published)).not.toContain('s3:DeleteObject');
    expect(statementsOn(st, exp('RawBucketArn'))).toHaveLength(0);
    expect(actionsOf(st)).toContain('athena:StartQueryExecution');
    expect(actionsOf(st)).not.toContain('glue:CreateTable');
    expect(actionsOf(statementsOn(st, exp('TableArn')))).not.toContain('dynamodb:PutItem');
  });

  it('catalog: reads the table only: no raw uploads, no published writes, no secret', () => {
    const st = roleStatements(s.compute, role('catalog'));
    expect(statementsOn(st, exp('RawBucketArn'))).toHaveLength(0);
    expect(statementsOn(st, exp('PublishedBucketArn'))).toHaveLength(0);
    expect(statementsOn(st, exp('PseudonymSecretArn'))).toHaveLength(0);
    const table = actionsOf(statementsOn(st, exp('TableArn')));
    expect(table).toContain('dynamodb:Query');
    expect(table).not.toContain('dynamodb:PutItem');
  });

  it('download: redirects only, so no S3 access at all', () => {
    const st = roleStatements(s.compute, role('download'));
    expect(actionsOf(st).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('health: no data access', () => {
    const st = roleStatements(s.compute, role('health'));
    expect(actionsOf(st).filter((a) => /^(s3|dynamodb|secretsmanager|kms):/.test(a))).toEqual([]);
  });

  it('publish: write-once puts on published, never deletes; Glue CreateTable on the platform database only', () => {
    const st = roleStatements(s.compute, role('publish'));
    const published = actionsOf(statementsOn(st, exp('PublishedBucketArn')));
    expect(published).toContain('s3:PutObject');
    expect(published).not.toContain('s3:DeleteObject');
    const glue = st.filter((x) => actionsOf([x]).includes('glue:CreateTable'));
    expect(glue).toHaveLength(1);
    for (const r of glue[0].Resource as Json[]) {
      const flat = JSON.stringify(r);
      expect(flat).toMatch(/:catalog"|database\/opendata_dev|table\/opendata_dev\/\*/);
    }
    expect(actionsOf(st)).toContain('events:PutEvents');
  });

  it('ingest: reads raw uploads and the secret, cannot touch published data', () => {
    const st = roleStatements(s.compute, role('ingest'));
    expect(actionsOf(statementsOn(st, exp('RawBucketArn')))).toEqual(['s3:GetObject']);
    expect(statementsOn(st, exp('PublishedBucketArn'))).toHaveLength(0);
    expect(actionsOf(statementsOn(st, exp('PseudonymSecretArn')))).toContain('secretsmanager:GetSecretValue');
  });

  it('grants no wildcard principal anywhere (Allow statements of every policy document)', () => {
    const allows: Json[] = [];
    const walk = (node: Json) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if (node.Effect === 'Allow' && node.Principal !== undefined) allows.push(node);
        Object.values(node).forEach(walk);
      }
    };
    walk(s.compute.toJSON());
    walk(s.data.toJSON());
    expect(allows.length).toBeGreaterThan(0);
    for (const st of allows) {
      expect(st.Principal, JSON.stringify(st)).not.toBe('*');
      expect(st.Principal.AWS, JSON.stringify(st)).not.toBe('*');
    }
  });
});

describe('stateless stack: API', () => {
  it('has one route per ROUTES entry; iam routes use the IAM authorizer, public ones none', () => {
    const routes = Object.values(resourcesOf(s.compute, 'AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(EXTENDED_ROUTES.length);
    for (const r of EXTENDED_ROUTES) {
      const found = routes.find((x) => x.Properties.RouteKey === `${r.method} ${r.path}`);
      expect(found, `${r.method} ${r.path}`).toBeDefined();
      expect(found.Properties.AuthorizationType).toBe(r.auth === 'iam' ? 'AWS_IAM' : 'NONE');
    }
    expect(ROUTES.length).toBeLessThan(EXTENDED_ROUTES.length);
  });

  it('uses payload format 2.0, default-stage throttling and access logging', () => {
    s.compute.hasResourceProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: '2.0' });
    s.compute.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('department CI role: GitHub OIDC trust pinned to repo and branch; invokes only its own release routes', () => {
    s.compute.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com' });
    s.compute.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:example-org/statistics-open-data:ref:refs/heads/main',
              },
            },
          }),
        ],
      },
    });
    const st = roleStatements(s.compute, 'DepartmentCiDepartmentstatistics');
    expect(actionsOf(st)).toEqual(['execute-api:Invoke']);
    const resources = JSON.stringify(st[0].Resource);
    expect(resources).toContain('/$default/POST/v1/departments/statistics/releases');
    expect(resources).not.toContain('{department}');
    expect(resources).not.toMatch(/GET\/v1\/datasets/);
  });
});

describe('stateless stack: CloudFront', () => {
  it('serves site (default), /v1/* API and /files/* published, S3 through OAC', () => {
    const dist = Object.values(resourcesOf(s.compute, 'AWS::CloudFront::Distribution'))[0].Properties
      .DistributionConfig;
    const patterns = (dist.CacheBehaviors as Json[]).map((b) => b.PathPattern);
    expect(patterns).toEqual(['/v1/datasets/*/versions/latest*', '/v1/*', '/files/*']);
    const s3Origins = (dist.Origins as Json[]).filter((o) => o.S3OriginConfig);
    expect(s3Origins).toHaveLength(2);
    for (const o of s3Origins) expect(o.OriginAccessControlId).toBeDefined();
    expect(dist.Logging).toBeDefined();
    expect(dist.ViewerCertificate).toBeUndefined();
  });

  it('caches pinned API responses up to a year (origin Cache-Control) and latest for at most a minute', () => {
    s.compute.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ MaxTTL: 31536000, DefaultTTL: 0, MinTTL: 0 }),
    });
    s.compute.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ MaxTTL: 60 }),
    });
  });

  it('sends CSP, HSTS, nosniff, referrer policy and frame options', () => {
    s.compute.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
          }),
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63072000 }),
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'strict-origin-when-cross-origin' }),
          FrameOptions: Match.objectLike({ FrameOption: 'DENY' }),
        },
      }),
    });
  });
});

describe('stateless stack: pipeline, analytics, observability', () => {
  it('rebuilds the site on CatalogPublished via CodeBuild', () => {
    s.compute.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['opendata.catalog'], 'detail-type': ['CatalogPublished'] },
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
    s.compute.resourceCountIs('AWS::CodeBuild::Project', 1);
  });

  it('limits Athena bytes scanned per query and enforces encrypted results', () => {
    s.compute.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        BytesScannedCutoffPerQuery: 1000000000,
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }),
      }),
    });
    s.compute.resourceCountIs('AWS::Glue::Database', 1);
  });

  it('alarms on errors and throttles per function, DLQ depth, API 5xx rate and p95 latency, to e-mail', () => {
    const n = Object.keys(EXTENDED_HANDLERS).length;
    // 2 per function + DLQ + 5xx rate + p95 + site build
    s.compute.resourceCountIs('AWS::CloudWatch::Alarm', 2 * n + 4);
    s.compute.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'opendata-alarms@example.org',
    });
    s.compute.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p95', MetricName: 'Latency' });
    s.compute.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(Object.keys(HANDLERS).length).toBeLessThan(n);
  });
});
