import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynaliteHandle, startDynalite } from '../../functions/local/standins/dynalite.ts';
import { type S3rverHandle, startS3rver } from '../../functions/local/standins/s3rver.ts';
import { HANDLERS } from '../../functions/routes.ts';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import { SITE_NOT_FOUND_NAME } from '../../infra/constructs/site-not-found.ts';
import { type FakeAws, iamAction, startFakeAws } from '../support/fake-aws.ts';
import {
  apiEvent,
  type BundledFunction,
  invokeBundle,
  type Outcome,
  type Synthesized,
  synthBundles,
} from '../support/lambda-bundles.ts';
import type { Json } from './helpers.ts';

/**
 * The deployable artifacts themselves (test/support/lambda-bundles.ts): every function's bundled
 * code asset, run by a plain Node process as Lambda runs it, against the stand-ins (dynalite with the
 * table from the data stack's template, s3rver, and test/support/fake-aws.ts for the rest). Only AWS
 * itself is missing: a bundle that cannot start, a variable the stack forgets or a wrong client
 * setting shows here and nowhere else.
 */
const TABLE = 'opendata-catalog';
const BUCKETS = { PUBLISHED_BUCKET: 'opendata-published', RAW_BUCKET: 'opendata-raw', SITE_BUCKET: 'opendata-site' };
const ACCOUNT = '000000000000';
const PUBLISHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/meteorology-publisher`;
const APPROVER_ROLE = `arn:aws:iam::${ACCOUNT}:role/meteorology-approver`;
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/opendata-admin`;
/** What an assumed-role session looks like to the IAM authorizer. */
const session = (role: string) => role.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/ci-run';

let work: string;
let synth: Synthesized;
let dynamo: DynaliteHandle;
let s3: S3rverHandle;
let fake: FakeAws;
const notifications: Json[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bundles-'));
  synth = await synthBundles(join(work, 'cdk.out'), {
    names: {
      TABLE_NAME: TABLE,
      DISTRIBUTION_ID: 'E1STANDIN0000',
      FILES_GATE_ARN: 'arn:aws:cloudfront::000000000000:key-value-store/stand-in-files-gate',
      ...BUCKETS,
    },
    context: {
      'opendata:principals': [
        { id: 'met-ci', iamArns: [PUBLISHER_ROLE], roles: [{ role: 'publisher', department: 'demo-meteorology' }] },
        { id: 'met-lead', iamArns: [APPROVER_ROLE], roles: [{ role: 'approver', department: 'demo-meteorology' }] },
        { id: 'ops-admin', iamArns: [ADMIN_ROLE], admin: true },
      ],
    },
  });
  dynamo = await startDynalite({ table: 'unused' });
  const tables = Object.values(synth.data.Resources as Record<string, Json>).filter(
    (r) => r.Type === 'AWS::DynamoDB::Table',
  );
  expect(tables).toHaveLength(1);
  const { AttributeDefinitions, KeySchema, GlobalSecondaryIndexes, BillingMode } = tables[0].Properties;
  await dynamo.client.send(
    new CreateTableCommand({ TableName: TABLE, AttributeDefinitions, KeySchema, GlobalSecondaryIndexes, BillingMode }),
  );
  s3 = await startS3rver({ directory: join(work, 's3'), buckets: Object.values(BUCKETS) });
  s3.onNotification((n) => notifications.push(n));
  await mkdir(join(work, 'lambda-tmp'));
  fake = await startFakeAws({ secretString: randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '') });
}, 300_000);

afterAll(async () => {
  await dynamo?.stop();
  await s3?.stop();
  await fake?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * The `/files/*` viewer-request function of the template, run as CloudFront runs it, its key value
 * store being the one the bundled functions wrote (the files gate in fake-aws).
 */
function filesFunction(): (e: Json) => Promise<Json> {
  const functions = Object.values(synth.compute.Resources as Record<string, Json>).filter(
    (r) => r.Type === 'AWS::CloudFront::Function',
  );
  const gate = functions.find((f) => String(f.Properties.FunctionCode).includes("'/files/'"));
  expect(gate).toBeDefined();
  const code = String(gate.Properties.FunctionCode).replace("import cf from 'cloudfront';", '');
  const handle = {
    get: async (key: string) => {
      const value = fake.kvs.get(key);
      if (value === undefined) throw new Error(`key not found: ${key}`);
      return value;
    },
  };
  return runInNewContext(`${code}; handler`, { cf: { kvs: () => handle } }) as (e: Json) => Promise<Json>;
}

const fn = (handler: string): BundledFunction => {
  const found = synth.functions.find((f) => f.handler === handler);
  if (!found) throw new Error(`no function for handler ${handler}`);
  return found;
};

/** The SDK's own configuration variables point it at the stand-ins; nothing in the code changes. */
const standIns = (handler: string) => ({
  AWS_ENDPOINT_URL: fake.endpointFor(handler),
  AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: fake.kvsEndpointFor(handler),
  AWS_ENDPOINT_URL_S3: s3.endpoint,
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  // Lambda's /tmp, shared by the invocations of this test as by those of one container.
  WORK_DIR: join(work, 'lambda-tmp'),
  // s3rver stores aws-chunked framing verbatim; S3 itself accepts either.
  AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
});

const invoke = async (handler: string, event: Json, options: { duckdb?: boolean } = {}): Promise<Outcome> =>
  invokeBundle(fn(handler), event, standIns(handler), options);

/** The handler's answer, failing with its logs when it threw. */
async function answer(
  handler: string,
  event: Json,
): Promise<{ status: number; json: Json; headers: Json; logs: string }> {
  const outcome = await invoke(handler, event);
  if (outcome.error || !outcome.result) throw new Error(`${handler}: ${outcome.error}\n${outcome.logs}`);
  const r = outcome.result;
  const body = r.isBase64Encoded ? Buffer.from(r.body ?? '', 'base64').toString('utf8') : (r.body ?? '');
  let json: Json = body;
  try {
    json = JSON.parse(body);
  } catch {}
  return { status: r.statusCode, json, headers: r.headers ?? {}, logs: outcome.logs };
}

describe('bundled Lambda functions (cdk synth with esbuild)', () => {
  it("has one function per route-table handler and the site's not-found function, on the architecture its native modules need", () => {
    expect(synth.functions.map((f) => f.handler).sort()).toEqual(
      [...Object.keys(HANDLERS), SITE_NOT_FOUND_NAME].sort(),
    );
    for (const f of synth.functions) {
      const spec = HANDLERS[f.handler as keyof typeof HANDLERS] as { duckdb: boolean } | undefined;
      expect(f.architecture, f.handler).toBe(spec?.duckdb ? 'x86_64' : 'arm64');
    }
  });

  it("siteNotFound: answers the site bucket's 403/404 (CloudFront's fallback request) with the site's 404 page", async () => {
    const page = '<!doctype html><html lang="en"><title>Page not found</title></html>';
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKETS.SITE_BUCKET, Key: 'en/404.html', Body: page, ContentLength: page.length }),
    );
    const path = '/en/datasets/no-such-dataset/index.html';
    const outcome = await invoke(SITE_NOT_FOUND_NAME, {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'stand-in.lambda-url.us-east-1.on.aws', 'user-agent': 'Amazon CloudFront' },
      requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1' } },
      isBase64Encoded: false,
    });
    expect(outcome.error ?? 'none', outcome.logs).toBe('none');
    expect(outcome.result).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=60' },
      body: page,
    });
  });

  it.each(Object.keys(HANDLERS))('%s: the module loads from its asset alone and exports the handler', async (name) => {
    const outcome = await invoke(name, null);
    expect(outcome.error ?? 'none', outcome.logs).toBe('none');
    expect(outcome.loaded).toBe(true);
  });

  it.each(
    Object.entries(HANDLERS)
      .filter(([, spec]) => spec.duckdb)
      .map(([name]) => name),
  )('%s: the DuckDB binding shipped in the asset runs a query', async (name) => {
    const outcome = await invoke(name, null, { duckdb: true });
    expect(outcome.error ?? 'none', outcome.logs).toBe('none');
    expect(outcome.duckdb).toBe(42);
  });

  // DuckDB's own parser names the unknown table (a 400 before any data is read).
  const requests: Array<[string, string, string, Record<string, string>, unknown, number]> = [
    ['health', 'GET', '/v1/health', {}, undefined, 200],
    ['openapi', 'GET', '/v1/openapi.json', {}, undefined, 200],
    ['catalog', 'GET', '/v1/datasets/{id}', { id: 'no-such-dataset' }, undefined, 404],
    [
      'download',
      'GET',
      '/v1/datasets/{id}/versions/{version}/{file}',
      { id: 'no-such-dataset', version: '1', file: 'data.csv' },
      undefined,
      404,
    ],
    ['query', 'GET', '/v1/datasets/{id}/query', { id: 'no-such-dataset' }, undefined, 404],
    ['sql', 'POST', '/v1/sql', {}, { sql: 'SELECT * FROM "no-such-dataset"' }, 400],
    ['requests', 'GET', '/v1/requests', {}, undefined, 200],
    ['feedback', 'GET', '/v1/datasets/{id}/feedback', { id: 'no-such-dataset' }, undefined, 404],
    ['feeds', 'GET', '/v1/feeds/datasets/{id}', { id: 'no-such-dataset' }, undefined, 404],
  ];
  it.each(requests)('%s answers %s %s through the stand-ins', async (name, method, route, params, body, status) => {
    const r = await answer(name, apiEvent(method, route, { params, body }));
    expect({ status: r.status, body: r.json }).toMatchObject({ status });
    if (status >= 400) expect(JSON.stringify(r.json)).toContain('no-such-dataset');
    // Anonymous health checks and the API document are outside the rate limit (docs/api-keys.md).
    if (name === 'health' || name === 'openapi') expect(r.headers['x-ratelimit-limit']).toBeUndefined();
    else expect(r.headers['x-ratelimit-limit']).toBeDefined();
  });
});

describe('a release through the deployed functions (presigned upload, queue, approval event, publication)', () => {
  const dir = join(REPO_ROOT, 'datasets', 'seattle-weather');
  let releaseId: string;

  it('publishes a release end to end and serves it from S3', async () => {
    const manifest = await readFile(join(dir, 'dataset.yaml'), 'utf8');
    const csv = await readFile(join(dir, 'seattle-weather.csv'));
    const sha256 = createHash('sha256').update(csv).digest('hex');
    const assetsBefore = await Promise.all(synth.functions.map((f) => readdir(f.asset, { recursive: true })));

    // 1. The department's CI announces the release; the answer carries a presigned PUT per file.
    const created = await answer(
      'releases',
      apiEvent('POST', '/v1/releases', {
        iamArn: session(PUBLISHER_ROLE),
        body: { manifest, files: [{ name: 'seattle-weather.csv', bytes: csv.length, sha256 }] },
      }),
    );
    expect(created.status, created.logs).toBe(201);
    releaseId = created.json.id;
    const [upload] = created.json.uploads as Json[];
    expect(upload.url.startsWith(`${s3.endpoint}/${BUCKETS.RAW_BUCKET}/`)).toBe(true);

    // 2. It PUTs the file; S3 announces the object on the queue the ingest function reads.
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: csv });
    expect(put.status, await put.text()).toBe(200);
    await expect.poll(() => notifications.length).toBeGreaterThan(0);
    const sqs = {
      Records: notifications.map((n, i) => ({
        messageId: randomUUID(),
        receiptHandle: `handle-${i}`,
        body: JSON.stringify(n),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AIDASTANDIN',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(JSON.stringify(n)).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:opendata-raw-uploads`,
        awsRegion: 'us-east-1',
      })),
    };
    const ingested = await invoke('ingest', sqs);
    expect(ingested.error ?? 'none', ingested.logs).toBe('none');
    expect(ingested.result).toEqual({ batchItemFailures: [] });

    // 3. The checks passed; a second person approves, which puts ReleaseApproved on the bus.
    const checked = await answer(
      'releases',
      apiEvent('GET', '/v1/releases/{id}', { params: { id: releaseId }, iamArn: session(PUBLISHER_ROLE) }),
    );
    expect(checked.json.state, ingested.logs).toBe('checks-passed');
    const approved = await answer(
      'releases',
      apiEvent('POST', '/v1/releases/{id}/approve', { params: { id: releaseId }, iamArn: session(APPROVER_ROLE) }),
    );
    expect(approved.status, JSON.stringify(approved.json)).toBeLessThan(300);
    const put1 = fake.calls.filter((c) => c.target === 'AWSEvents.PutEvents').flatMap((c) => c.body.Entries as Json[]);
    const approval = put1.find((e) => e.DetailType === 'ReleaseApproved');
    expect(approval, JSON.stringify(put1)).toBeDefined();
    expect(approval.EventBusName).toBe(fn('releases').env.EVENT_BUS_NAME);

    // 4. EventBridge invokes the ingest function with the event; it publishes.
    const published = await invoke('ingest', {
      version: '0',
      id: randomUUID(),
      'detail-type': approval.DetailType,
      source: approval.Source,
      account: ACCOUNT,
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: JSON.parse(approval.Detail),
    });
    expect(published.error ?? 'none', published.logs).toBe('none');
    expect(published.result, published.logs).toMatchObject({ releaseId, state: 'published', version: 1 });

    // The version's files, the snapshot, the Athena table and the site-rebuild event.
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKETS.PUBLISHED_BUCKET }));
    const keys = (listed.Contents ?? []).map((o) => o.Key);
    for (const f of ['data.csv', 'data.parquet', 'data.ndjson', 'data.json', 'datapackage.json', 'SHA256SUMS']) {
      expect(keys).toContain(`datasets/seattle-weather/v000001/${f}`);
    }
    expect(keys).toContain('catalog/snapshot.json');
    const sums = await (
      await s3.client.send(
        new GetObjectCommand({ Bucket: BUCKETS.PUBLISHED_BUCKET, Key: 'datasets/seattle-weather/v000001/SHA256SUMS' }),
      )
    ).Body?.transformToString();
    const csvOut = await (
      await s3.client.send(
        new GetObjectCommand({ Bucket: BUCKETS.PUBLISHED_BUCKET, Key: 'datasets/seattle-weather/v000001/data.csv' }),
      )
    ).Body?.transformToByteArray();
    expect(sums).toContain(
      `${createHash('sha256')
        .update(csvOut ?? new Uint8Array())
        .digest('hex')}  data.csv`,
    );
    const glue = fake.calls.filter((c) => c.target === 'AWSGlue.CreateTable');
    expect(glue.map((c) => c.body.DatabaseName)).toContain(fn('ingest').env.GLUE_DATABASE);
    const events = fake.calls
      .filter((c) => c.target === 'AWSEvents.PutEvents')
      .flatMap((c) => c.body.Entries as Json[]);
    expect(events.map((e) => e.DetailType)).toContain('CatalogPublished');
    // The exported audit ledger (the latest head's segments): the deployed principals' rights
    // (recorded at the first release request), then the release's steps.
    const read = async (key: string) =>
      (
        await (
          await s3.client.send(new GetObjectCommand({ Bucket: BUCKETS.PUBLISHED_BUCKET, Key: key }))
        ).Body
      )?.transformToString() ?? '';
    const headKey = keys.filter((k) => k?.startsWith('datasets/_audit/head-')).at(-1) as string;
    const segments = JSON.parse(await read(headKey)).segments as string[];
    const ledger = (await Promise.all(segments.map((s) => read(`datasets/${s.slice('/files/'.length)}`)))).join('');
    const actions = ledger
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.action !== undefined)
      .map((l) => l.action);
    expect(actions[0]).toBe('roles.changed');
    expect(actions).toContain('release.published');

    // The checks' and the publication's work folders are gone from /tmp (a warm container would
    // otherwise fill its 2 GB with every release it handled).
    // (DuckDB's spill folder may stay, empty.)
    const left = await readdir(join(work, 'lambda-tmp'), { recursive: true });
    expect(left.filter((f) => f !== 'duckdb-spill')).toEqual([]);
    // Nothing was written into any function's code directory (read-only on Lambda).
    const assetsAfter = await Promise.all(synth.functions.map((f) => readdir(f.asset, { recursive: true })));
    expect(assetsAfter).toEqual(assetsBefore);
  });

  it('serves the published version: catalogue, query (Parquet copied from S3), SQL and download', async () => {
    const entry = await answer('catalog', apiEvent('GET', '/v1/datasets/{id}', { params: { id: 'seattle-weather' } }));
    expect(entry.status, JSON.stringify(entry.json)).toBe(200);

    const q = await answer(
      'query',
      apiEvent('GET', '/v1/datasets/{id}/query', {
        params: { id: 'seattle-weather' },
        query: { weather: 'snow', $limit: '5' },
      }),
    );
    expect(q.status, JSON.stringify(q.json)).toBe(200);
    const rows = q.json.rows as Json[];
    expect(rows.length).toBe(5);

    const sql = await answer(
      'sql',
      apiEvent('POST', '/v1/sql', { body: { sql: 'SELECT count(*) AS n FROM "seattle-weather"' } }),
    );
    expect(sql.status, JSON.stringify(sql.json)).toBe(200);
    expect(JSON.stringify(sql.json)).toContain('1461');

    const download = await answer(
      'download',
      apiEvent('GET', '/v1/datasets/{id}/versions/{version}/{file}', {
        params: { id: 'seattle-weather', version: '1', file: 'data.csv' },
      }),
    );
    expect(download.status).toBeGreaterThanOrEqual(300);
    expect(download.status).toBeLessThan(400);
    const location = new URL(download.headers.location);
    expect(location.origin).toBe(fn('download').env.PUBLIC_BASE_URL);

    // CloudFront's viewer-request function for /files/* (from the template, run as CloudFront runs
    // it: a `handler(event)` returning the request) lets the version through — the publication opened
    // it in the files gate — and maps that path onto the object just published.
    const request = await filesFunction()({ request: { uri: location.pathname, headers: {}, querystring: {} } });
    expect(request.statusCode, JSON.stringify(request)).toBeUndefined();
    const key = decodeURIComponent(request.uri.slice(1));
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKETS.PUBLISHED_BUCKET, Key: key }));
    expect(head.ContentLength).toBeGreaterThan(40_000);
  });

  const resources = (type: string): Array<[string, Json]> =>
    Object.entries(synth.compute.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
  const rawEnv = (handler: string, name: string): Json =>
    resources('AWS::Lambda::Function').find(
      ([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === `opendata-${handler}`,
    )?.[1].Properties.Environment.Variables[name];

  it('puts each event on the bus its rule listens to, with the source and type the rule matches', () => {
    const entries = fake.calls
      .filter((c) => c.target === 'AWSEvents.PutEvents')
      .flatMap((c) => c.body.Entries as Json[]);
    const rules = resources('AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern);
    const consumer = (type: string) => {
      const entry = entries.find((e) => e.DetailType === type);
      expect(entry, type).toBeDefined();
      const [id, rule] = rules.find(
        ([, r]) =>
          r.Properties.EventPattern.source.includes(entry.Source) &&
          r.Properties.EventPattern['detail-type'].includes(entry.DetailType),
      ) ?? ['none', undefined];
      // The functions name the bus with the same reference the rule is attached to.
      expect(rule?.Properties.EventBusName, type).toEqual(rawEnv('releases', 'EVENT_BUS_NAME'));
      return { id, target: JSON.stringify(rule?.Properties.Targets) };
    };
    expect(consumer('ReleaseApproved').target).toContain('HandlersIngestFunction');
    expect(consumer('CatalogPublished').target).toContain('SiteRebuildProject');
  });

  it('runs every scheduled task with the input its rule gives it', async () => {
    const scheduled = resources('AWS::Events::Rule').filter(([, r]) => r.Properties.ScheduleExpression);
    expect(scheduled.length).toBeGreaterThanOrEqual(4);
    for (const [id, rule] of scheduled) {
      for (const target of rule.Properties.Targets as Json[]) {
        const logical = target.Arn['Fn::GetAtt'][0] as string;
        const [, fnResource] = resources('AWS::Lambda::Function').find(([k]) => k === logical) ?? [];
        const handler = String(fnResource.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).replace(
          /^opendata-/,
          '',
        );
        const outcome = await invoke(handler, JSON.parse(target.Input));
        expect(outcome.error ?? 'none', `${id} → ${handler}\n${outcome.logs}`).toBe('none');
      }
    }
  });

  it('issues an API key (an admin over IAM) that the query function honours with its own limits', async () => {
    const issued = await answer(
      'keys',
      apiEvent('POST', '/v1/keys', {
        iamArn: session(ADMIN_ROLE),
        body: { name: 'Acme Analytics', scopes: ['query'], ratePerMinute: 50, dailyQuota: 1000 },
      }),
    );
    expect(issued.status, issued.logs).toBe(201);
    const event = apiEvent('GET', '/v1/datasets/{id}/query', { params: { id: 'seattle-weather' } });
    event.headers.authorization = `Bearer ${issued.json.key}`;
    const q = await answer('query', event);
    expect(q.status, q.logs).toBe(200);
    expect(q.headers['x-ratelimit-limit']).toBe('50');
    const refused = await answer('keys', apiEvent('GET', '/v1/keys', { iamArn: session(PUBLISHER_ROLE) }));
    expect(refused.status).toBe(403);
  });

  it('alerts the department at once (SNS) on a privacy concern', async () => {
    const before = fake.calls.filter((c) => c.target === 'SNS.Publish').length;
    const r = await answer(
      'feedback',
      apiEvent('POST', '/v1/datasets/{id}/feedback', {
        params: { id: 'seattle-weather' },
        body: { kind: 'problem', problemType: 'privacy-concern', text: 'Row 12 seems to contain a phone number.' },
      }),
    );
    expect(r.status, r.logs).toBe(201);
    const published = fake.calls.filter((c) => c.target === 'SNS.Publish').slice(before);
    expect(published).toHaveLength(1);
    expect(published[0]?.body.TopicArn).toBe(fn('feedback').env.ALERT_TOPIC_ARN);
  });

  it('sends a query over the size threshold to Athena, against the table the publication registered in Glue', async () => {
    const accepted = await invokeBundle(
      fn('query'),
      apiEvent('GET', '/v1/datasets/{id}/query', { params: { id: 'seattle-weather' }, query: { weather: 'snow' } }),
      { ...standIns('query'), ATHENA_THRESHOLD_BYTES: '1' },
    );
    expect(accepted.error ?? 'none', accepted.logs).toBe('none');
    expect(accepted.result.statusCode, accepted.logs).toBe(202);
    const job = JSON.parse(accepted.result.body);
    const [start] = fake.calls.filter((c) => c.target === 'AmazonAthena.StartQueryExecution');
    expect(start?.body).toMatchObject({
      WorkGroup: fn('query').env.ATHENA_WORKGROUP,
      QueryExecutionContext: { Database: fn('query').env.GLUE_DATABASE },
    });
    const table = fake.calls.find((c) => c.target === 'AWSGlue.CreateTable')?.body as Json;
    const registered = `"${table.DatabaseName}"."${table.TableInput.Name}"`;
    expect(String(start?.body.QueryString)).toContain(registered);

    const status = await answer(
      'queryJobs',
      apiEvent('GET', '/v1/query-jobs/{jobId}', { params: { jobId: job.jobId } }),
    );
    expect(status.status, JSON.stringify(status.json)).toBe(200);
    expect(status.json).toMatchObject({ jobId: job.jobId, state: 'succeeded', dataset: 'seattle-weather', version: 1 });
  });

  it('counts one rating and one vote per client (the marks are keyed with the pseudonym secret)', async () => {
    const rate = (rating: number) =>
      answer(
        'feedback',
        apiEvent('POST', '/v1/datasets/{id}/feedback', {
          params: { id: 'seattle-weather' },
          body: { kind: 'rating', rating },
        }),
      );
    expect((await rate(2)).status).toBe(201);
    const again = await rate(5);
    expect(again.status, again.logs).toBe(201);
    const listed = await answer(
      'feedback',
      apiEvent('GET', '/v1/datasets/{id}/feedback', { params: { id: 'seattle-weather' } }),
    );
    expect(listed.json.summary, listed.logs).toMatchObject({ ratingCount: 1, ratingAverage: 5 });
    // Another viewer through the same CloudFront edge (same source address): its own rating, not a
    // replacement of the first client's (the viewer address CloudFront forwards is the client).
    const viaEdge = apiEvent('POST', '/v1/datasets/{id}/feedback', {
      params: { id: 'seattle-weather' },
      body: { kind: 'rating', rating: 3 },
    });
    viaEdge.headers['x-opendata-viewer'] = '203.0.113.50';
    viaEdge.headers['x-opendata-edge'] = fn('feedback').env.EDGE_TOKEN;
    expect((await answer('feedback', viaEdge)).status).toBe(201);
    const both = await answer(
      'feedback',
      apiEvent('GET', '/v1/datasets/{id}/feedback', { params: { id: 'seattle-weather' } }),
    );
    expect(both.json.summary).toMatchObject({ ratingCount: 2, ratingAverage: 4 });

    const created = await answer(
      'requests',
      apiEvent('POST', '/v1/requests', {
        body: {
          title: 'Daily rainfall by district',
          description: 'Rainfall per district and day, to plan drainage works.',
          department: 'demo-meteorology',
        },
      }),
    );
    expect(created.status, created.logs).toBe(201);
    const vote = () =>
      answer('requests', apiEvent('POST', '/v1/requests/{rid}/votes', { params: { rid: created.json.id } }));
    const first = await vote();
    expect(first.status, first.logs).toBeLessThan(300);
    const second = await vote();
    expect(second.json.votes ?? second.json.request?.votes, JSON.stringify(second.json)).toBe(1);
  });

  it('withdraws the version: files tagged, CloudFront invalidated, queries and downloads answer 410', async () => {
    const w = await answer(
      'releases',
      apiEvent('POST', '/v1/datasets/{id}/versions/{version}/withdraw', {
        params: { id: 'seattle-weather', version: '1' },
        iamArn: session(APPROVER_ROLE),
        body: { reason: 'wrong station codes' },
      }),
    );
    expect(w.status, w.logs).toBe(200);
    const tags = await s3.client.send(
      new GetObjectTaggingCommand({
        Bucket: BUCKETS.PUBLISHED_BUCKET,
        Key: 'datasets/seattle-weather/v000001/data.csv',
      }),
    );
    expect(tags.TagSet).toContainEqual({ Key: 'withdrawn', Value: 'true' });
    const invalidations = fake.calls.filter((c) => c.target === 'CloudFront.CreateInvalidation');
    expect(invalidations.map((c) => c.body.DistributionId)).toContain(fn('releases').env.DISTRIBUTION_ID);
    expect(invalidations.flatMap((c) => c.body.paths as string[])).toContain('/files/seattle-weather/v000001/*');
    // The edge answers 410 with the reason for the version's files (the files gate), before its cache.
    const edge = await filesFunction()({
      request: { uri: '/files/seattle-weather/v000001/data.csv', headers: {}, querystring: {} },
    });
    expect(edge.statusCode).toBe(410);
    expect(JSON.parse((edge.body as { data: string }).data)).toMatchObject({ reason: 'wrong station codes' });

    const q = await answer(
      'query',
      apiEvent('GET', '/v1/datasets/{id}/query', { params: { id: 'seattle-weather' }, query: { version: '1' } }),
    );
    expect(q.status).toBe(410);
    const d = await answer(
      'download',
      apiEvent('GET', '/v1/datasets/{id}/versions/{version}/{file}', {
        params: { id: 'seattle-weather', version: '1', file: 'data.csv' },
      }),
    );
    expect(d.status).toBe(410);
  });

  it('the withdrawal queued the snapshot refresh and ledger export (VersionWithdrawn), which the maintenance function runs', async () => {
    const entry = fake.calls
      .filter((c) => c.target === 'AWSEvents.PutEvents' && c.caller === 'releases')
      .flatMap((c) => c.body.Entries as Json[])
      .find((e) => e.DetailType === 'VersionWithdrawn');
    expect(entry, 'VersionWithdrawn put by the releases function').toBeDefined();
    expect(JSON.parse(entry.Detail)).toEqual({ datasetId: 'seattle-weather', version: 1 });
    const [, rule] =
      resources('AWS::Events::Rule').find(
        ([, r]) =>
          r.Properties.EventPattern?.source?.includes(entry.Source) &&
          r.Properties.EventPattern?.['detail-type']?.includes(entry.DetailType),
      ) ?? [];
    expect(JSON.stringify(rule?.Properties.Targets)).toContain('HandlersMaintenanceFunction');
    // As EventBridge delivers it to the function.
    const out = await invoke('maintenance', {
      version: '0',
      id: randomUUID(),
      source: entry.Source,
      'detail-type': entry.DetailType,
      detail: JSON.parse(entry.Detail),
      time: new Date().toISOString(),
      region: 'us-east-1',
      account: ACCOUNT,
      resources: [],
    });
    expect(out.error ?? 'none', out.logs).toBe('none');
    const text = await (
      await s3.client.send(new GetObjectCommand({ Bucket: BUCKETS.PUBLISHED_BUCKET, Key: 'catalog/snapshot.json' }))
    ).Body?.transformToString();
    const snapshot = JSON.parse(text ?? '{}') as { datasets: Array<{ entry: { id: string } }> };
    // Its only version withdrawn, seattle-weather has left the snapshot (and so the site).
    expect(snapshot.datasets.map((x) => x.entry.id)).not.toContain('seattle-weather');
  });

  it('registers every published version again on the operator task (after the Glue database was recreated)', async () => {
    const before = fake.calls.filter((c) => c.target === 'AWSGlue.CreateTable').length;
    const out = await invoke('ingest', { task: 'register-tables' });
    expect(out.error ?? 'none', out.logs).toBe('none');
    // seattle-weather v1 is withdrawn by now; the scorecard dataset (published by its schedule) remains.
    expect(out.result).toEqual({ registered: 1, skipped: 0, failed: [] });
    expect(fake.calls.filter((c) => c.target === 'AWSGlue.CreateTable').length).toBe(before + 1);
  });

  it("made every other AWS call as its function's role allows (fake-aws knows the caller; S3 and DynamoDB go to the stand-ins)", () => {
    const roleOf = (handler: string): string => {
      const [, r] =
        resources('AWS::Lambda::Function').find(
          ([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === `opendata-${handler}`,
        ) ?? [];
      return r.Properties.Role['Fn::GetAtt'][0];
    };
    const allowed = (handler: string): string[] =>
      resources('AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleOf(handler)))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[])
        .filter((st) => st.Effect === 'Allow')
        .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]) as string[]);
    const glob = (pattern: string) =>
      new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
    const calls = fake.calls.filter((c) => c.caller);
    expect(new Set(calls.map((c) => c.caller)).size).toBeGreaterThanOrEqual(5);
    const denied = calls
      .map((c) => ({ caller: c.caller as string, action: iamAction(c.target) }))
      .filter(({ caller, action }) => !allowed(caller).some((a) => glob(a).test(action)))
      .map(({ caller, action }) => `${caller}: ${action}`);
    expect([...new Set(denied)]).toEqual([]);
  });
});
