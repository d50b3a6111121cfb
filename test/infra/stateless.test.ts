import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS, ROUTES } from '../../functions/routes.ts';
import { dataExportName } from '../../infra/data-exports.ts';
import { RELEASE_APPROVED_EVENT, RUNTIME_ENV, VERSION_WITHDRAWN_EVENT } from '../../infra/runtime-env.ts';
import {
  actionsOf,
  EXAMPLE_DEPARTMENTS,
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
const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const isCounterScoped = (st: Json) =>
  JSON.stringify(st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']) === '["CTR#*"]';
/** The access middleware's API-key lookup: GetItem on `apikey#...` partitions only. */
const isKeyLookup = (st: Json) =>
  JSON.stringify(st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']) === '["apikey#*"]';
/** Table write actions a handler holds beyond the counter items (rate limits, usage). */
const tableWrites = (st: Json[]) =>
  actionsOf(statementsOn(st, exp('TableArn')).filter((x) => !isCounterScoped(x))).filter((a) =>
    TABLE_WRITES.includes(a),
  );
const fnOf = (name: string): Json =>
  Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
    (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName] === `opendata-${name}`,
  );
const fnLogicalId = (name: string): string =>
  Object.entries(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
    ([, f]) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName] === `opendata-${name}`,
  )?.[0] as string;

beforeAll(() => {
  s = synth({ 'opendata:departments': EXAMPLE_DEPARTMENTS });
});

/** Functions composing the release deps (registry, principals, raw retention). */
const RELEASE_FUNCTIONS = ['releases', 'ingest'];

describe('stateless stack: functions', () => {
  it('creates one Node 24 function per handler, arm64 except DuckDB handlers on x86_64', () => {
    // The handlers' functions run in the platform's mode (the site's not-found function does not: site-not-found.test.ts).
    const fns = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.mode] === 'aws',
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

  it('reserves no concurrency with queryReservedConcurrency=0 (accounts whose quota cannot spare 4 × N above 100)', () => {
    const none = synth({ 'opendata:queryReservedConcurrency': '0' }, false);
    const fns = Object.values(resourcesOf(none.compute, 'AWS::Lambda::Function')) as Json[];
    expect(fns.length).toBeGreaterThan(0);
    for (const f of fns) expect(f.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('wires the ingest handler (events: raw-uploads) to the raw-upload queue', () => {
    s.compute.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': exp('IngestQueueArn') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
      // Below the function's reserved concurrency (10), which approvals and the schedule share.
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('delivers ReleaseApproved events on the platform bus to the ingest function only', () => {
    const rules = Object.values(resourcesOf(s.compute, 'AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.EventPattern ?? {}).includes(RELEASE_APPROVED_EVENT.detailType),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0];
    expect(rule.Properties.EventPattern).toEqual({
      source: [RELEASE_APPROVED_EVENT.source],
      'detail-type': [RELEASE_APPROVED_EVENT.detailType],
    });
    expect(rule.Properties.EventBusName).toBeDefined();
    expect(rule.Properties.Targets).toHaveLength(1);
    const target = JSON.stringify(rule.Properties.Targets[0].Arn);
    expect(target).toContain('HandlersIngestFunction');
    expect(rule.Properties.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 });
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
    expect(tableWrites(st)).toEqual([]);
  });

  it('catalog: reads the table only: no raw uploads, no published writes, no secret', () => {
    const st = roleStatements(s.compute, role('catalog'));
    expect(statementsOn(st, exp('RawBucketArn'))).toHaveLength(0);
    expect(statementsOn(st, exp('PublishedBucketArn'))).toHaveLength(0);
    expect(statementsOn(st, exp('PseudonymSecretArn'))).toHaveLength(0);
    const table = actionsOf(statementsOn(st, exp('TableArn')));
    expect(table).toContain('dynamodb:Query');
    expect(tableWrites(st)).toEqual([]);
  });

  it('download: redirects only, so no S3 access at all', () => {
    const st = roleStatements(s.compute, role('download'));
    expect(actionsOf(st).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('health and openapi: no data access (only the access middleware counters and API-key lookup)', () => {
    for (const h of ['health', 'openapi']) {
      const st = roleStatements(s.compute, role(h)).filter((x) => !isCounterScoped(x) && !isKeyLookup(x));
      expect(
        actionsOf(st).filter((a) => /^(s3|dynamodb|secretsmanager|kms|sns|events):/.test(a)),
        h,
      ).toEqual([]);
    }
  });

  it('every API handler can look up a presented API key; those without catalog reads only its apikey# item', () => {
    // The access middleware reads `apikey#<id>` on every request that sends a key (a 500 for health
    // and openapi when their roles could touch only CTR# items).
    for (const [name] of Object.entries(EXTENDED_HANDLERS)) {
      const hasRoutes = EXTENDED_ROUTES.some((r) => r.handler === name);
      const st = roleStatements(s.compute, role(name));
      const lookups = st.filter(isKeyLookup);
      const tableReads = statementsOn(st, exp('TableArn')).filter(
        (x) => !isCounterScoped(x) && !isKeyLookup(x) && actionsOf([x]).includes('dynamodb:GetItem'),
      );
      if (!hasRoutes) {
        expect(lookups, name).toHaveLength(0);
        continue;
      }
      expect(lookups.length + tableReads.length, name).toBeGreaterThan(0);
      if (!tableReads.length) {
        expect(lookups, name).toHaveLength(1);
        expect(actionsOf(lookups)).toEqual(['dynamodb:GetItem']);
        expect(lookups[0].Resource).toEqual({ 'Fn::ImportValue': exp('TableArn') });
      }
    }
    for (const h of ['health', 'openapi'])
      expect(roleStatements(s.compute, role(h)).filter(isKeyLookup)).toHaveLength(1);
  });

  it('every API handler may write counter items only through a CTR#-scoped statement', () => {
    for (const [name] of Object.entries(EXTENDED_HANDLERS)) {
      const hasRoutes = EXTENDED_ROUTES.some((r) => r.handler === name);
      const counters = roleStatements(s.compute, role(name)).filter(isCounterScoped);
      if (!hasRoutes) {
        expect(counters, name).toHaveLength(0);
        continue;
      }
      expect(counters, name).toHaveLength(1);
      expect(actionsOf(counters).sort()).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      expect(JSON.stringify(counters[0].Resource)).not.toContain('index');
    }
  });

  it('read-only handlers (sql, metrics, feeds, catalog, download, query) write nothing anywhere', () => {
    for (const h of ['sql', 'metrics', 'feeds', 'catalog', 'download', 'query']) {
      const st = roleStatements(s.compute, role(h));
      const actions = actionsOf(st);
      expect(tableWrites(st), h).toEqual([]);
      for (const a of ['sns:Publish', 'events:PutEvents', 'glue:CreateTable', 'secretsmanager:GetSecretValue']) {
        expect(actions, `${h} ${a}`).not.toContain(a);
      }
      // (query's only S3 write is its own Athena results under athena/ in the results bucket)
      const published = actionsOf(statementsOn(st, exp('PublishedBucketArn')));
      expect(
        published.filter((a) => a !== 's3:GetObject' && a !== 's3:ListBucket'),
        h,
      ).toEqual([]);
      expect(statementsOn(st, exp('RawBucketArn')), h).toHaveLength(0);
      expect(statementsOn(st, exp('PseudonymSecretArn')), h).toHaveLength(0);
    }
  });

  it('sql: reads published datasets/ and catalog/ only, no Athena, no raw uploads', () => {
    const st = roleStatements(s.compute, role('sql'));
    const published = statementsOn(st, exp('PublishedBucketArn'));
    expect(actionsOf(published).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(JSON.stringify(published)).toContain('/datasets/*');
    expect(actionsOf(st).filter((a) => a.startsWith('athena:'))).toEqual([]);
  });

  it('metrics and feeds: no S3 at all', () => {
    for (const h of ['metrics', 'feeds']) {
      expect(
        actionsOf(roleStatements(s.compute, role(h))).filter((a) => a.startsWith('s3:')),
        h,
      ).toEqual([]);
    }
  });

  it('keys and webhooks: write the table, nothing else (webhooks deliver over HTTPS, outside any VPC)', () => {
    for (const h of ['keys', 'webhooks']) {
      const st = roleStatements(s.compute, role(h));
      // PutItem on their own kinds only (table-writes.test.ts); UpdateItem on counters alone.
      expect([...new Set(tableWrites(st))], h).toEqual(['dynamodb:PutItem']);
      expect(
        actionsOf(st).filter((a) => /^(s3|sns|events|secretsmanager|glue|athena):/.test(a)),
        h,
      ).toEqual([]);
    }
    expect(fnOf('webhooks').Properties.VpcConfig).toBeUndefined();
  });

  it('feedback, requests and the release functions publish to the alerts topic only; nobody else publishes', () => {
    const topic = Object.keys(resourcesOf(s.compute, 'AWS::SNS::Topic')).find((k) => k.startsWith('AlertsTopic'));
    expect(topic).toBeDefined();
    for (const [name] of Object.entries(EXTENDED_HANDLERS)) {
      const st = roleStatements(s.compute, role(name));
      const publish = st.filter((x) => actionsOf([x]).includes('sns:Publish'));
      const env = fnOf(name).Properties.Environment.Variables;
      if (['feedback', 'requests', 'releases', 'ingest'].includes(name)) {
        expect(tableWrites(st), name).toContain('dynamodb:PutItem');
        expect(publish, name).toHaveLength(1);
        expect(publish[0].Resource).toEqual({ Ref: topic });
        expect(env.ALERT_TOPIC_ARN).toEqual({ Ref: topic });
        const kms = st.filter((x) => JSON.stringify(x.Condition ?? {}).includes('sns.'));
        expect(actionsOf(kms).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      } else {
        expect(publish, name).toHaveLength(0);
        expect(env.ALERT_TOPIC_ARN, name).toBeUndefined();
      }
    }
  });

  it('releases: presigns and reads raw uploads, reads the secret, writes published datasets/ and catalog/ (never deletes), puts events, no Glue', () => {
    const st = roleStatements(s.compute, role('releases'));
    const raw = statementsOn(st, exp('RawBucketArn'));
    expect(actionsOf(raw).sort()).toEqual(['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(JSON.stringify(raw)).toContain('/uploads/*');
    const published = statementsOn(st, exp('PublishedBucketArn'));
    expect(actionsOf(published)).toEqual(expect.arrayContaining(['s3:PutObject', 's3:GetObject', 's3:ListBucket']));
    expect(actionsOf(published)).not.toContain('s3:DeleteObject');
    const puts = published.filter((x) => actionsOf([x]).includes('s3:PutObject'));
    expect(JSON.stringify(puts)).toContain('/datasets/*');
    expect(JSON.stringify(puts)).toContain('/catalog/*');
    expect(JSON.stringify(puts)).not.toMatch(/"\/\*"|\/config\//);
    expect(actionsOf(statementsOn(st, exp('PseudonymSecretArn')))).toContain('secretsmanager:GetSecretValue');
    expect(actionsOf(st)).toContain('events:PutEvents');
    // Documents are put whole (conditional PutItem); UpdateItem only on the counters (CTR#-scoped).
    expect([...new Set(tableWrites(st))]).toEqual(['dynamodb:PutItem']);
    // The ingest function publishes versions and registers their Glue tables; the API neither, nor Athena.
    expect(actionsOf(st).filter((a) => a.startsWith('athena:'))).toEqual([]);
    expect(actionsOf(st).filter((a) => a.startsWith('glue:'))).toEqual([]);
    expect(
      actionsOf(roleStatements(s.compute, role('ingest')))
        .filter((a) => a.startsWith('glue:'))
        .sort(),
    ).toEqual(['glue:CreateTable', 'glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable']);
    // ...and the write-once policy is in force where it writes: datasets/* needs If-None-Match (the
    // versions and the datasets/_audit/ ledger export), catalog/snapshot.json may be overwritten.
    const bucketPolicy = Object.values(resourcesOf(s.data, 'AWS::S3::BucketPolicy')).find((p) =>
      JSON.stringify(p).includes('DenyOverwriteOfPublishedVersions'),
    );
    const statements = bucketPolicy.Properties.PolicyDocument.Statement as Json[];
    const overwrite = statements.find((x) => x.Sid === 'DenyOverwriteOfPublishedVersions');
    expect(overwrite.Effect).toBe('Deny');
    expect(overwrite.Condition.Null).toEqual({ 's3:if-none-match': 'true' });
    expect(JSON.stringify(overwrite.Resource)).toContain('/datasets/*');
    for (const deny of statements.filter((x) => x.Effect === 'Deny' && x.Sid)) {
      expect(JSON.stringify(deny.Resource), deny.Sid).not.toContain('/catalog/');
    }
  });

  it('releases and ingest: registry bundled with the code (REGISTRY_FILE), principals in PRINCIPALS_JSON, environment well under 4 KB', () => {
    for (const name of RELEASE_FUNCTIONS) {
      const env = fnOf(name).Properties.Environment.Variables;
      expect(env.REGISTRY_FILE, name).toBe('registry.json');
      expect(env.REGISTRY_JSON, name).toBeUndefined();
      expect(env.PRINCIPALS_JSON, name).toBeDefined();
      expect(env.RAW_RETENTION_DAYS, name).toBe('30');
      // Unresolved values (ARNs, names) counted at 140 bytes: the whole environment stays under Lambda's 4 KB.
      const size = Object.entries(env).reduce(
        (n, [k, v]) =>
          n + k.length + (typeof v === 'string' ? v.length : 140 * (JSON.stringify(v).match(/Fn::|Ref/g) ?? []).length),
        0,
      );
      expect(size, name).toBeLessThan(3500);
    }
    // Data requests name a department: that function reads the same bundled registry.
    expect(fnOf('requests').Properties.Environment.Variables.REGISTRY_FILE).toBe('registry.json');
    for (const [name] of Object.entries(EXTENDED_HANDLERS)) {
      if (RELEASE_FUNCTIONS.includes(name)) continue;
      const other = fnOf(name).Properties.Environment.Variables;
      if (name !== 'requests') expect(other.REGISTRY_FILE, name).toBeUndefined();
      // Handlers with admin or department (IAM) routes authenticate the same principals; public ones do not.
      const iamRoutes = ROUTES.some((r) => r.handler === name && r.auth === 'iam');
      if (iamRoutes) expect(other.PRINCIPALS_JSON, name).toBeDefined();
      else expect(other.PRINCIPALS_JSON, name).toBeUndefined();
    }
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

  it('ingest: reads raw uploads and the secret; publishes write-once; never withdraws or signs uploads', () => {
    const st = roleStatements(s.compute, role('ingest'));
    const raw = statementsOn(st, exp('RawBucketArn'));
    expect(actionsOf(raw)).toEqual(['s3:GetObject', 's3:ListBucket']);
    // Listing only so a missing upload answers 404, and only under uploads/.
    expect(raw[1].Condition).toEqual({ StringLike: { 's3:prefix': ['uploads/*'] } });
    const published = actionsOf(statementsOn(st, exp('PublishedBucketArn')));
    expect(published).toContain('s3:GetObject');
    expect(published).toContain('s3:PutObject');
    for (const a of published) expect(a).not.toMatch(/^s3:(Delete|PutObjectTagging)/);
    expect(actionsOf(st)).not.toContain('cloudfront:CreateInvalidation');
    expect(actionsOf(st)).toContain('events:PutEvents');
    expect(actionsOf(statementsOn(st, exp('PseudonymSecretArn')))).toContain('secretsmanager:GetSecretValue');
    // It consumes the raw-upload queue, sets a failed message's back-off and sends a deferred message
    // again, on that queue only (RAW_UPLOAD_QUEUE_URL), and nothing else of SQS but the SendMessage of its
    // on-failure destination (failed-events.test.ts).
    const sqs = st.filter(
      (x) =>
        actionsOf([x]).some((a: string) => a.startsWith('sqs:')) &&
        !JSON.stringify(x.Resource).includes('FailedEventsQueue'),
    );
    expect(sqs.length).toBeGreaterThan(0);
    for (const x of sqs) expect(JSON.stringify(x.Resource)).toContain(exp('IngestQueueArn'));
    expect(actionsOf(sqs)).toEqual(
      expect.arrayContaining([
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:SendMessage',
      ]),
    );
    expect(
      actionsOf(sqs).filter(
        (a: string) => !/^sqs:(Receive|Delete|ChangeMessageVisibility|SendMessage|GetQueue)/.test(a),
      ),
    ).toEqual([]);
    // The messaging key only through SQS (the poller's receive, its own send) or SNS (alerts): no
    // unconditioned kms statement on it, which the SQS event source's grantConsumeMessages would add.
    const via = (service: string) => ({
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', [`${service}.`, { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      },
    });
    const onKey = st.filter((x) => JSON.stringify(x.Resource).includes(exp('MessagingKeyArn')));
    expect(onKey.map((x) => x.Condition)).toContainEqual(via('sqs'));
    for (const x of onKey) expect([via('sqs'), via('sns')]).toContainEqual(x.Condition);
    // The release configuration (registry, principals) travels as for the releases function.
    const fn = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).find(
      (f) => f.Properties.Environment?.Variables?.[RUNTIME_ENV.serviceName] === 'opendata-ingest',
    );
    expect(fn.Properties.Environment.Variables[RUNTIME_ENV.registryFile]).toBeDefined();
    expect(fn.Properties.Environment.Variables[RUNTIME_ENV.distributionId]).toBeUndefined();
    expect(JSON.stringify(fn.Properties.Environment.Variables[RUNTIME_ENV.rawUploadQueueUrl])).toMatch(
      /Fn::ImportValue/,
    );
    // Only the function the queue feeds knows its URL.
    const others = Object.values(resourcesOf(s.compute, 'AWS::Lambda::Function')).filter(
      (f) => f !== fn && f.Properties.Environment?.Variables?.[RUNTIME_ENV.rawUploadQueueUrl] !== undefined,
    );
    expect(others).toEqual([]);
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
    const st = roleStatements(s.compute, 'DepartmentCiDepartmentdemostats');
    expect(actionsOf(st)).toEqual(['execute-api:Invoke']);
    const resources = JSON.stringify(st[0].Resource);
    expect(resources).toContain('/$default/POST/v1/departments/demo-stats/releases');
    expect(resources).toContain('/$default/POST/v1/releases"');
    expect(resources).toContain('/$default/POST/v1/releases/*/submit');
    expect(resources).not.toContain('{department}');
    expect(resources).not.toMatch(/GET\/v1\/datasets/);
    // A pipeline never holds the second pair of eyes.
    expect(resources).not.toMatch(/approve|reject|withdraw/);
  });

  it("reuses the account's GitHub OIDC provider when githubOidcProviderArn names it (one per account)", () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const reuse = synth({ 'opendata:departments': EXAMPLE_DEPARTMENTS, 'opendata:githubOidcProviderArn': arn }, false);
    reuse.compute.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    reuse.compute.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: arn } })],
      },
    });
  });

  it('creates neither a CI role nor an OIDC provider from the checked-in cdk.json (no department)', () => {
    const bare = synth({}, false);
    bare.compute.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    const trust = Object.values(resourcesOf(bare.compute, 'AWS::IAM::Role')).map((r) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument),
    );
    expect(trust.filter((t) => t.includes('AssumeRoleWithWebIdentity'))).toEqual([]);
  });
});

describe('stateless stack: CloudFront', () => {
  it('serves site (default), /v1/* API and /files/* published, S3 through OAC', () => {
    const dist = Object.values(resourcesOf(s.compute, 'AWS::CloudFront::Distribution'))[0].Properties
      .DistributionConfig;
    const patterns = (dist.CacheBehaviors as Json[]).map((b) => b.PathPattern);
    expect(patterns).toEqual(['/v1/audit/verify', '/v1/datasets/*/versions/latest*', '/v1/*', '/files/*']);
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

  it('answers the public /v1/audit/verify from one cache entry for a minute, whatever the query string or headers', () => {
    const dist = (Object.values(resourcesOf(s.compute, 'AWS::CloudFront::Distribution'))[0] as Json).Properties
      .DistributionConfig;
    const verify = (dist.CacheBehaviors as Json[]).find((b) => b.PathPattern === '/v1/audit/verify');
    const policyOf = (type: string, ref: Json) => resourcesOf(s.compute, type)[ref.Ref]?.Properties;
    const cache = policyOf('AWS::CloudFront::CachePolicy', verify.CachePolicyId).CachePolicyConfig;
    expect(cache).toMatchObject({ MinTTL: 0, DefaultTTL: 60, MaxTTL: 60 });
    expect(cache.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'none' },
      HeadersConfig: { HeaderBehavior: 'none' },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    // The origin sees an anonymous request (no API key whose quota headers would be shared), from the viewer.
    const origin = policyOf(
      'AWS::CloudFront::OriginRequestPolicy',
      verify.OriginRequestPolicyId,
    ).OriginRequestPolicyConfig;
    expect(origin).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'none' },
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['x-opendata-viewer'] },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    const api = (dist.CacheBehaviors as Json[]).find((b) => b.PathPattern === '/v1/*');
    expect(verify.TargetOriginId).toBe(api.TargetOriginId);
    expect(verify.FunctionAssociations).toEqual(api.FunctionAssociations);
  });

  it('forwards `Authorization: Bearer <api key>` to the API (CloudFront forwards it only from the cache key)', () => {
    const api = Object.values(resourcesOf(s.compute, 'AWS::CloudFront::CachePolicy')).filter((p) =>
      /^API/.test(p.Properties.CachePolicyConfig.Comment ?? ''),
    );
    expect(api).toHaveLength(2);
    for (const p of api) {
      const headers = p.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers;
      expect(headers).toContain('Authorization');
      // Keyed answers carry the key's limits and are metered per key: never shared with anonymous ones.
      expect(headers).toContain('X-API-Key');
    }
  });

  it('lets browser clients send API keys and read paging, limit and digest headers (CORS)', () => {
    const cors = Object.values(resourcesOf(s.compute, 'AWS::CloudFront::ResponseHeadersPolicy'))
      .map((p) => p.Properties.ResponseHeadersPolicyConfig.CorsConfig)
      .filter(Boolean);
    expect(cors).toHaveLength(1);
    expect(cors[0].AccessControlAllowHeaders.Items).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
    expect(cors[0].AccessControlExposeHeaders.Items).toEqual(
      expect.arrayContaining(['link', 'retry-after', 'x-quota-remaining', 'x-ratelimit-remaining', 'content-digest']),
    );
    expect(cors[0].AccessControlAllowCredentials).toBe(false);
    // CloudFront only adds headers: the HTTP API answers the preflights (OPTIONS), with the same lists.
    const [api] = Object.values(resourcesOf(s.compute, 'AWS::ApiGatewayV2::Api')) as Json[];
    const preflight = api.Properties.CorsConfiguration;
    expect(preflight).toMatchObject({ AllowOrigins: ['*'], AllowCredentials: false, MaxAge: 3600 });
    expect(preflight.AllowHeaders).toEqual(cors[0].AccessControlAllowHeaders.Items);
    expect(preflight.ExposeHeaders).toEqual(cors[0].AccessControlExposeHeaders.Items);
    expect(preflight.AllowMethods).toEqual(cors[0].AccessControlAllowMethods.Items);
  });

  it('logs CloudFront requests to the access-log bucket, except in regions whose buckets CloudFront cannot log to', () => {
    const logging = (app: Synth) =>
      (Object.values(resourcesOf(app.compute, 'AWS::CloudFront::Distribution'))[0] as Json).Properties
        .DistributionConfig.Logging;
    expect(logging(s)).toMatchObject({ Prefix: 'cloudfront/' });
    const at = (region: string) => synth({ 'opendata:account': '123456789012', 'opendata:region': region }, false);
    expect(logging(at('eu-west-1'))).toMatchObject({ Prefix: 'cloudfront/' });
    expect(logging(at('ap-east-1'))).toBeUndefined();
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

describe('stateless stack: schedules and alerts', () => {
  const rules = () =>
    Object.values(resourcesOf(s.compute, 'AWS::Events::Rule')).filter((r) => r.Properties.ScheduleExpression);

  it('invokes the webhook delivery sweep every minute', () => {
    const sweep = rules().filter((r) => r.Properties.ScheduleExpression === 'rate(1 minute)');
    expect(sweep).toHaveLength(1);
    const target = sweep[0].Properties.Targets[0];
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [fnLogicalId('webhooks'), 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({ task: 'webhook-sweep' });
    s.compute.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fnLogicalId('webhooks'), 'Arn'] },
    });
  });

  it('exports the audit ledger daily through the maintenance function, and publishes the scorecard dataset daily through ingest', () => {
    const daily = rules().filter((r) => /^cron\(\d+ \d+ \* \* \? \*\)$/.test(r.Properties.ScheduleExpression));
    expect(daily).toHaveLength(2);
    const byTask: Record<string, Json> = Object.fromEntries(
      daily.map((r) => [JSON.parse(r.Properties.Targets[0].Input).task, r.Properties.Targets[0]]),
    );
    expect(byTask['audit-ledger-export'].Arn).toEqual({ 'Fn::GetAtt': [fnLogicalId('maintenance'), 'Arn'] });
    expect(byTask['scorecard-dataset'].Arn).toEqual({ 'Fn::GetAtt': [fnLogicalId('ingest'), 'Arn'] });
    for (const target of Object.values(byTask)) {
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 });
    }
    expect(rules()).toHaveLength(4);
  });

  it('refreshes the catalogue snapshot hourly through the maintenance function (community data reaches the site)', () => {
    const hourly = rules().filter((r) => r.Properties.ScheduleExpression === 'rate(1 hour)');
    expect(hourly).toHaveLength(1);
    const target = hourly[0].Properties.Targets[0];
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [fnLogicalId('maintenance'), 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({ task: 'catalog-snapshot-refresh' });
  });

  it('runs the catalogue-wide work in a maintenance function with 15 minutes, not in the 30 s releases function', () => {
    const maintenance = fnOf('maintenance');
    expect(maintenance.Properties.Timeout).toBe(900);
    expect(maintenance.Properties.Architectures).toEqual(['arm64']);
    expect(fnOf('releases').Properties.Timeout).toBeLessThanOrEqual(30);
    // No schedule invokes the releases function any more.
    for (const r of rules()) {
      for (const t of r.Properties.Targets as Json[])
        expect(t.Arn).not.toEqual({ 'Fn::GetAtt': [fnLogicalId('releases'), 'Arn'] });
    }
    // A withdrawal's VersionWithdrawn event reaches the maintenance function (the snapshot and ledger export).
    const onWithdrawn = Object.values(resourcesOf(s.compute, 'AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.EventPattern ?? {}).includes(VERSION_WITHDRAWN_EVENT.detailType),
    );
    expect(onWithdrawn).toHaveLength(1);
    expect(onWithdrawn[0].Properties.EventPattern).toEqual({
      source: [VERSION_WITHDRAWN_EVENT.source],
      'detail-type': [VERSION_WITHDRAWN_EVENT.detailType],
    });
    expect(onWithdrawn[0].Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [fnLogicalId('maintenance'), 'Arn'] });
    // Least privilege: reads the table, writes no item; no raw uploads, pseudonym key, Glue, alerts or tagging.
    const st = roleStatements(s.compute, role('maintenance'));
    expect(tableWrites(st)).toEqual([]);
    // (SQS only to send to its on-failure destination, failed-events.test.ts.)
    const notFailedEvents = st.filter((x) => !JSON.stringify(x.Resource).includes('FailedEventsQueue'));
    expect(
      actionsOf(notFailedEvents).filter((a) =>
        /^(secretsmanager|glue|sns|sqs):|PutObjectTagging|CreateInvalidation/.test(a),
      ),
    ).toEqual([]);
    expect(JSON.stringify(st)).not.toContain(exp('RawBucketArn'));
  });

  it('alerts topic: KMS-encrypted with the messaging key, TLS-only, e-mail subscription (alarmEmail by default)', () => {
    const [id, topic] = Object.entries(resourcesOf(s.compute, 'AWS::SNS::Topic')).find(([k]) =>
      k.startsWith('AlertsTopic'),
    ) as [string, Json];
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::ImportValue': exp('MessagingKeyArn') });
    s.compute.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    s.compute.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: id },
      Protocol: 'email',
      Endpoint: 'opendata-alarms@example.org',
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
        BytesScannedCutoffPerQuery: 10000000000,
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }),
      }),
    });
    s.compute.resourceCountIs('AWS::Glue::Database', 1);
  });

  it('alarms on errors and throttles per function, DLQ depth, API 5xx rate and p95 latency, to e-mail', () => {
    // The handlers' functions and the site's not-found function (site-not-found.test.ts).
    const n = Object.keys(EXTENDED_HANDLERS).length + 1;
    // 2 per function + DLQ + failed-events queue + 5xx rate + p95 + site build + Athena bytes per day
    // (athena-cost.test.ts) + the audit ledger's daily verdict (alarms.test.ts)
    s.compute.resourceCountIs('AWS::CloudWatch::Alarm', 2 * n + 7);
    s.compute.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'opendata-alarms@example.org',
    });
    s.compute.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p95', MetricName: 'Latency' });
    s.compute.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(Object.keys(HANDLERS).length).toBeLessThan(n);
  });

  it("lets this account's alarms publish to every topic an alarm notifies (a topic policy replaces SNS's default)", () => {
    const alarmTopics = new Set(
      Object.values(resourcesOf(s.compute, 'AWS::CloudWatch::Alarm')).flatMap((a: Json) =>
        [...(a.Properties.AlarmActions ?? []), ...(a.Properties.OKActions ?? [])].map((t: Json) => t.Ref as string),
      ),
    );
    expect(alarmTopics.size).toBe(1);
    for (const topic of alarmTopics) {
      const policies = Object.values(resourcesOf(s.compute, 'AWS::SNS::TopicPolicy')).filter((p: Json) =>
        JSON.stringify(p.Properties.Topics).includes(topic),
      );
      const allow = policies
        .flatMap((p: Json) => p.Properties.PolicyDocument.Statement as Json[])
        .find((st) => st.Effect === 'Allow' && st.Principal?.Service === 'cloudwatch.amazonaws.com');
      expect(allow, topic).toBeDefined();
      expect(allow.Action).toBe('sns:Publish');
      expect(JSON.stringify(allow.Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:*');
      expect(allow.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    }
  });
});

describe('stateless stack: outputs the runbooks name', () => {
  it('names every function, its log group and the site rebuild project', () => {
    const outputs = Object.keys(s.compute.toJSON().Outputs ?? {});
    for (const name of Object.keys(EXTENDED_HANDLERS)) {
      const id = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      expect(outputs, name).toEqual(expect.arrayContaining([`Function${id}`, `LogGroup${id}`]));
    }
    expect(outputs).toContain('SiteRebuildProject');
  });
});

describe('client address behind CloudFront', () => {
  it('copies the viewer IP into a header, proves the edge with an origin header, and tells the functions', () => {
    const dist = Object.values(resourcesOf(s.compute, 'AWS::CloudFront::Distribution'))[0] as Json;
    const origins = dist.Properties.DistributionConfig.Origins as Json[];
    const headers = origins.flatMap((o) => (o.OriginCustomHeaders ?? []) as Json[]);
    expect(headers.map((h) => h.HeaderName)).toContain('x-opendata-edge');
    const fns = Object.values(resourcesOf(s.compute, 'AWS::CloudFront::Function'));
    expect(fns.some((f) => JSON.stringify(f.Properties.FunctionCode).includes('x-opendata-viewer'))).toBe(true);
    for (const name of Object.keys(EXTENDED_HANDLERS)) {
      const vars = fnOf(name).Properties.Environment.Variables;
      expect(vars.CLIENT_IP_HEADER, name).toBe('x-opendata-viewer');
      expect(vars.EDGE_TOKEN, name).toBeDefined();
    }
  });
});
