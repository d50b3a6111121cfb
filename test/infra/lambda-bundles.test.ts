import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynaliteHandle, startDynalite } from '../../functions/local/standins/dynalite.ts';
import { HANDLERS } from '../../functions/routes.ts';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import type { Json } from './helpers.ts';

/**
 * The deployable artifacts themselves: `cdk synth` with bundling (esbuild, as `npm run synth` and a
 * deployment do), then every function's code asset loaded in its own directory by a plain Node
 * process, as the Lambda Node.js runtime loads it (nothing from the repository's node_modules), with
 * the environment the template gives it and the catalogue table created from the data stack's own
 * template in the DynamoDB stand-in. Only AWS itself is missing: no other test would notice a bundle
 * that cannot start on Lambda.
 */
const run = promisify(execFile);
const HARNESS = join(REPO_ROOT, 'test/support/invoke-bundle.mjs');
const TABLE = 'bundle-smoke-catalog';

interface Fn {
  readonly handler: string;
  readonly asset: string;
  readonly architecture: string;
  readonly env: Record<string, string>;
}

let out: string;
let dynamo: DynaliteHandle;
let functions: Fn[] = [];

/** Stand-in values for the variables whose values CloudFormation resolves at deployment. */
function standIn(name: string, value: Json): string {
  if (typeof value === 'string') return value;
  if (name === 'TABLE_NAME') return TABLE;
  if (name === 'PUBLIC_BASE_URL') return 'https://opendata.example.gov';
  if (name.endsWith('_ARN')) return `arn:aws:service:us-east-1:000000000000:stand-in-${name.toLowerCase()}`;
  if (name.endsWith('_URL')) return `https://sqs.us-east-1.amazonaws.com/000000000000/stand-in-${name.toLowerCase()}`;
  return `stand-in-${name.toLowerCase().replaceAll('_', '-')}`;
}

function apiEvent(method: string, path: string, body?: unknown): Json {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.gov', 'user-agent': 'bundle-smoke', 'content-type': 'application/json' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'smoke',
      domainName: 'api.example.gov',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'bundle-smoke' },
      requestId: 'bundle-smoke',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

interface Outcome {
  loaded: boolean;
  error?: string;
  duckdb?: number;
  result?: { statusCode: number; headers: Record<string, string>; body: string };
}

async function invoke(fn: Fn, event: Json, options: { duckdb?: boolean } = {}): Promise<Outcome> {
  const { stdout } = await run(
    process.execPath,
    [HARNESS, fn.asset, JSON.stringify(event), ...(options.duckdb ? ['duckdb'] : [])],
    {
      cwd: fn.asset,
      timeout: 60_000,
      maxBuffer: 16 << 20,
      // Only what Lambda sets, plus the stand-in endpoints: nothing of this process leaks in.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: tmpdir(),
        TZ: 'UTC',
        LAMBDA_TASK_ROOT: fn.asset,
        AWS_LAMBDA_FUNCTION_NAME: `opendata-${fn.handler}`,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'stand-in',
        AWS_SECRET_ACCESS_KEY: 'stand-in',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        ...fn.env,
      },
    },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(line) as Outcome;
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'bundles-'));
  // Node resolves packages from every ancestor's node_modules: there must be none, as on Lambda.
  for (let d = out; d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) throw new Error(`${d} has a node_modules folder: pick another TMPDIR`);
  }
  await run(process.execPath, [join(REPO_ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '-o', out], {
    cwd: REPO_ROOT,
    timeout: 240_000,
    maxBuffer: 64 << 20,
    env: { ...process.env, CI: 'true' },
  });
  const compute = JSON.parse(await readFile(join(out, 'OpenData-dev-Compute.template.json'), 'utf8'));
  const data = JSON.parse(await readFile(join(out, 'OpenData-dev-Data.template.json'), 'utf8'));

  dynamo = await startDynalite({ table: 'unused' });
  const tables = Object.values(data.Resources as Record<string, Json>).filter((r) => r.Type === 'AWS::DynamoDB::Table');
  expect(tables).toHaveLength(1);
  const { AttributeDefinitions, KeySchema, GlobalSecondaryIndexes, BillingMode } = tables[0].Properties;
  await dynamo.client.send(
    new CreateTableCommand({ TableName: TABLE, AttributeDefinitions, KeySchema, GlobalSecondaryIndexes, BillingMode }),
  );

  functions = Object.values(compute.Resources as Record<string, Json>)
    .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler')
    .map((r) => {
      const vars = r.Properties.Environment.Variables as Record<string, Json>;
      return {
        handler: String(vars.POWERTOOLS_SERVICE_NAME).replace(/^opendata-/, ''),
        asset: join(out, `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, '')}`),
        architecture: r.Properties.Architectures[0],
        env: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, standIn(k, v)])),
      };
    });
}, 300_000);

afterAll(async () => {
  await dynamo?.stop();
  if (out) await rm(out, { recursive: true, force: true });
});

const fn = (handler: string): Fn => {
  const found = functions.find((f) => f.handler === handler);
  if (!found) throw new Error(`no function for handler ${handler}`);
  return found;
};

describe('bundled Lambda functions (cdk synth with esbuild)', () => {
  it('has one function per route-table handler, on the architecture its native modules need', () => {
    expect(functions.map((f) => f.handler).sort()).toEqual(Object.keys(HANDLERS).sort());
    for (const f of functions) {
      const spec = HANDLERS[f.handler as keyof typeof HANDLERS];
      expect(f.architecture, f.handler).toBe(spec.duckdb ? 'x86_64' : 'arm64');
    }
  });

  it.each(Object.keys(HANDLERS))('%s: the module loads from its asset alone and exports the handler', async (name) => {
    const outcome = await invoke(fn(name), null);
    expect(outcome.error ?? 'none', name).toBe('none');
    expect(outcome.loaded).toBe(true);
  });

  it.each(
    Object.entries(HANDLERS)
      .filter(([, spec]) => spec.duckdb)
      .map(([name]) => name),
  )('%s: the DuckDB binding shipped in the asset runs a query', async (name) => {
    const outcome = await invoke(fn(name), null, { duckdb: true });
    expect(outcome.error ?? 'none').toBe('none');
    expect(outcome.duckdb).toBe(42);
  });

  // DuckDB's own parser names the unknown table (a 400 before any data is read).
  const requests: Array<[string, string, string, unknown, number]> = [
    ['health', 'GET', '/v1/health', undefined, 200],
    ['openapi', 'GET', '/v1/openapi.json', undefined, 200],
    ['catalog', 'GET', '/v1/datasets/no-such-dataset', undefined, 404],
    ['download', 'GET', '/v1/datasets/no-such-dataset/versions/1/data.csv', undefined, 404],
    ['query', 'GET', '/v1/datasets/no-such-dataset/query', undefined, 404],
    ['sql', 'POST', '/v1/sql', { sql: 'SELECT * FROM "no-such-dataset"' }, 400],
    ['requests', 'GET', '/v1/requests', undefined, 200],
    ['feedback', 'GET', '/v1/datasets/no-such-dataset/feedback', undefined, 404],
    ['feeds', 'GET', '/v1/feeds/datasets/no-such-dataset', undefined, 404],
  ];
  it.each(requests)('%s answers %s %s through the stand-ins', async (name, method, path, body, status) => {
    const outcome = await invoke(fn(name), apiEvent(method, path, body));
    expect(outcome.error ?? 'none').toBe('none');
    expect({ status: outcome.result?.statusCode, body: outcome.result?.body.slice(0, 300) }).toMatchObject({ status });
    if (status >= 400) expect(outcome.result?.body).toContain('no-such-dataset');
    expect(outcome.result?.headers['x-ratelimit-limit']).toBeDefined();
  });
});
