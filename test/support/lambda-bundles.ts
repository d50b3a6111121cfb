import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';

/**
 * The deployable artifacts themselves: `cdk synth` with bundling (esbuild, as `npm run synth` and a
 * deployment do), and each function's code asset run by a plain Node process in its own directory,
 * as the Lambda Node.js runtime runs it: nothing from the repository's node_modules, only the
 * environment the template gives the function (CloudFormation references replaced by stand-ins).
 */
const run = promisify(execFile);
const HARNESS = join(REPO_ROOT, 'test/support/invoke-bundle.mjs');

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = any;

export interface BundledFunction {
  /** The route-table handler name (from POWERTOOLS_SERVICE_NAME). */
  readonly handler: string;
  readonly asset: string;
  readonly architecture: string;
  /** The template's variables, references resolved to stand-in values. */
  readonly env: Record<string, string>;
}

export interface Synthesized {
  readonly compute: Json;
  readonly data: Json;
  readonly functions: BundledFunction[];
}

/** Stand-in values for the variables CloudFormation resolves at deployment. */
function standIn(name: string, value: Json, names: Record<string, string>): string {
  if (typeof value === 'string') return value;
  if (names[name] !== undefined) return names[name];
  if (name === 'PUBLIC_BASE_URL') return 'https://opendata.example.gov';
  if (name.endsWith('_ARN')) return `arn:aws:service:us-east-1:000000000000:stand-in-${name.toLowerCase()}`;
  if (name.endsWith('_URL')) return `https://sqs.us-east-1.amazonaws.com/000000000000/stand-in-${name.toLowerCase()}`;
  return `stand-in-${name.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * Synthesizes both stacks with bundling into `out` (which must have no node_modules above it: Node
 * resolves packages from every ancestor, Lambda has none) and lists the functions.
 */
export async function synthBundles(
  out: string,
  options: { context?: Record<string, unknown>; names?: Record<string, string> } = {},
): Promise<Synthesized> {
  for (let d = out; d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) throw new Error(`${d} has a node_modules folder: pick another TMPDIR`);
  }
  const context = Object.entries(options.context ?? {}).flatMap(([k, v]) => [
    '-c',
    `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
  ]);
  await run(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '-o', out, ...context],
    { cwd: REPO_ROOT, timeout: 240_000, maxBuffer: 64 << 20, env: { ...process.env, CI: 'true' } },
  );
  const compute = JSON.parse(await readFile(join(out, 'OpenData-dev-Compute.template.json'), 'utf8'));
  const data = JSON.parse(await readFile(join(out, 'OpenData-dev-Data.template.json'), 'utf8'));
  const functions = Object.values(compute.Resources as Record<string, Json>)
    // The platform's handlers (CDK's own deploy-time functions, e.g. the AwsCustomResource provider, have no service name).
    .filter(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        r.Properties.Handler === 'index.handler' &&
        r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined,
    )
    .map((r) => {
      const vars = r.Properties.Environment.Variables as Record<string, Json>;
      return {
        handler: String(vars.POWERTOOLS_SERVICE_NAME).replace(/^opendata-/, ''),
        asset: join(out, `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, '')}`),
        architecture: r.Properties.Architectures[0],
        env: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, standIn(k, v, options.names ?? {})])),
      };
    });
  return { compute, data, functions };
}

/**
 * An API Gateway HTTP API (payload 2.0) request event for `route` (a route-table path such as
 * `/v1/releases/{id}`, its parameters in `params`); `iamArn` as the IAM authorizer puts the caller.
 */
export function apiEvent(
  method: string,
  route: string,
  options: { params?: Record<string, string>; body?: unknown; query?: Record<string, string>; iamArn?: string } = {},
): Json {
  const params = options.params ?? {};
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = new URLSearchParams(options.query ?? {});
  const routeKey = `${method} ${route}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query.toString(),
    headers: { host: 'api.example.gov', 'user-agent': 'bundle-smoke', 'content-type': 'application/json' },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'smoke',
      domainName: 'api.example.gov',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'bundle-smoke' },
      requestId: 'bundle-smoke',
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(options.iamArn
        ? {
            authorizer: {
              iam: {
                accessKey: 'ASIASTANDIN',
                accountId: '000000000000',
                callerId: 'AROASTANDIN:session',
                cognitoIdentity: null,
                principalOrgId: null,
                userArn: options.iamArn,
                userId: 'AROASTANDIN:session',
              },
            },
          }
        : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
  };
}

export interface Outcome {
  loaded: boolean;
  error?: string;
  duckdb?: number;
  // biome-ignore lint/suspicious/noExplicitAny: whatever the handler returns
  result?: any;
  /** The function's log lines (stdout and stderr), for failure messages. */
  logs: string;
}

/** Runs one invocation in a new process (a cold start), with `extraEnv` over the function's own. */
export async function invokeBundle(
  fn: BundledFunction,
  event: Json,
  extraEnv: Record<string, string>,
  options: { duckdb?: boolean } = {},
): Promise<Outcome> {
  const { stdout, stderr } = await run(
    process.execPath,
    [HARNESS, fn.asset, JSON.stringify(event), ...(options.duckdb ? ['duckdb'] : [])],
    {
      cwd: fn.asset,
      timeout: 120_000,
      maxBuffer: 64 << 20,
      // Only what Lambda sets, plus the stand-ins: nothing of this process leaks in.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: tmpdir(),
        TZ: 'UTC',
        LAMBDA_TASK_ROOT: fn.asset,
        AWS_LAMBDA_FUNCTION_NAME: `opendata-${fn.handler}`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        ...fn.env,
        ...extraEnv,
      },
    },
  );
  const lines = stdout.trim().split('\n');
  const outcome = JSON.parse(lines.at(-1) ?? '{}') as Omit<Outcome, 'logs'>;
  return { ...outcome, logs: [...lines.slice(0, -1), stderr].join('\n') };
}
