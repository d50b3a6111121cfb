import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { LocalQueryJobs } from '../adapters/duckdb/local-query-jobs.ts';
import { loadRegistry } from '../adapters/local/dataset-folder.ts';
import type { FsBlobStore } from '../adapters/local/fs-blob-store.ts';
import { LOCAL_UPLOAD_PATH, LocalUploadSigner } from '../adapters/local/local-upload-signer.ts';
import { keyOfFilePath } from '../core/catalog/artifact-keys.ts';
import { versionWithdrawn } from '../core/catalog/catalog-problems.ts';
import { isAppError, notFound, payloadTooLarge } from '../core/errors.ts';
import { logger } from '../http/observability.ts';
import { toProblem } from '../http/problem.ts';
import { methodNotAllowed, noApiRoute } from '../http/route-problems.ts';
import { noCatalogEvents } from '../ports/catalog-events.ts';
import { HANDLERS, type HandlerName } from '../routes.ts';
import { flushUsage } from '../usecases/access/record-usage.ts';
import { buildSnapshot, refreshSnapshotIfChanged, snapshotContent } from '../usecases/build-snapshot.ts';
import type { Deps } from '../usecases/deps.ts';
import { publishScorecardDataset, SCORECARD_DATASET_ID } from '../usecases/publish-scorecard-dataset.ts';
import { runWebhooks } from '../usecases/webhooks-dispatch.ts';
import { compose, installDeps, LOCAL_QUERY_RESULTS_PATH } from '../wiring/compose.ts';
import { loadConfig } from '../wiring/config.ts';
import { composeLocalReleaseDeps, installReleaseDeps } from '../wiring/release-deps.ts';
import { ensureAdminToken } from './admin-token.ts';
import { toApiGatewayEvent } from './apigw-event.ts';
import { appVersion } from './app-version.ts';
import { answerClientError } from './client-error.ts';
import { corsApplies, isPreflight, preflightHeaders, responseCorsHeaders } from './cors.ts';
import { type LocalUploads, receiveUpload } from './raw-upload-endpoint.ts';
import { releaseHousekeeping } from './release-housekeeping.ts';
import { allowedMethods, decodePath, matchRoute } from './router.ts';
import { type SeedResult, seedDatasets } from './seed.ts';
import { serveArtifact } from './serve-file.ts';
import { serveStatic } from './serve-static.ts';
import { siteSourceStamp } from './site-source-stamp.ts';
import { type DynaliteHandle, startDynalite } from './standins/dynalite.ts';
import { UploadNotifications } from './upload-notifications.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StartOptions {
  /** 0 = a random free port (tests). */
  readonly port?: number;
  /** Anonymous requests per minute per client (default: RATE_LIMIT_ANONYMOUS_PER_MINUTE or 60). */
  readonly anonymousPerMinute?: number;
  /**
   * Anonymous catalogue reads per minute per client (default: RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE, else
   * 300 or the general limit when larger).
   */
  readonly anonymousCatalogPerMinute?: number;
  readonly host?: string;
  /** Data directory (.data by default): DynamoDB, published files, site, secrets. */
  readonly dataDir?: string;
  /** Dataset folders to publish at start (datasets/ by default; null = none). */
  readonly datasetsDir?: string | null;
  /** Publish only these dataset ids (tests); all by default. */
  readonly only?: readonly string[];
  /** Publish the department scorecards as an open dataset after seeding (default true, unless `only`). */
  readonly publishScorecards?: boolean;
  /** Build the catalogue site after publishing (default true). */
  readonly buildSite?: boolean;
  readonly log?: (line: string) => void;
  /**
   * Versions whose Parquet is larger than this are queried asynchronously (202 + a job); default
   * ATHENA_THRESHOLD_BYTES or 2 GiB. Tests set a few bytes to exercise the path with small datasets.
   */
  readonly athenaThresholdBytes?: number;
  /**
   * How often community changes (ratings, comments, requests) are brought to the site, in ms (default
   * one minute; 0 = never: tests, whose sites must not be rebuilt under them).
   */
  readonly snapshotRefreshMs?: number;
}

export interface Platform {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly deps: Deps;
  /** Bearer token of the local admin (API key management). */
  readonly adminToken: string;
  readonly seeded: readonly SeedResult[];
  /** Re-publishes changed datasets and rebuilds the site. */
  republish(): Promise<SeedResult[]>;
  /** Resolves once every upload notification so far has been handled (submissions and checks done). */
  uploadsSettled(): Promise<void>;
  stop(): Promise<void>;
}

type LambdaHandler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** The folder the platform keeps its data in: `given` (OPENDATA_DATA_DIR), else `.data` in the repository. */
export const dataDirOf = (given: string | undefined): string => resolve(given ?? join(REPO_ROOT, '.data'));

/**
 * Starts the local platform: embedded DynamoDB (dynalite, persisted under dataDir), filesystem S3
 * stand-in, the release pipeline over datasets/, the catalogue site, and one HTTP server that
 * routes /v1/* to the SAME Lambda handlers the CDK stack deploys, /files/* to published artifacts
 * and everything else to the site.
 */
export async function start(options: StartOptions = {}): Promise<Platform> {
  const log = options.log ?? ((l: string) => console.log(l));
  // Locally, EMF metrics would only clutter the console and there is no X-Ray daemon.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  if (process.env.POWERTOOLS_LOG_LEVEL === undefined) {
    process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
    // The shared logger was built when its module loaded, before this default: apply it now.
    logger.setLogLevel('WARN');
  }
  const dataDir = dataDirOf(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const host = options.host ?? '127.0.0.1';

  // Bind first so the public URL (with a random port in tests) is known to the pipeline.
  const server = createServer();
  server.on('clientError', answerClientError);
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(options.port ?? 8787, host, () => res());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host === '127.0.0.1' ? 'localhost' : host}:${port}`;

  let dynamo: DynaliteHandle | undefined;
  try {
    dynamo = await startDynalite({ path: join(dataDir, 'dynamodb'), table: 'opendata' });
    const adminToken = await ensureAdminToken(dataDir, process.env, log);
    const env = {
      OPENDATA_MODE: 'local',
      OPENDATA_DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: 'opendata',
      PUBLIC_BASE_URL: url,
      APP_VERSION: await appVersion(),
      WORK_DIR: join(dataDir, 'tmp'),
      OPENDATA_ADMIN_TOKEN: adminToken,
      ...accessEnv(options),
    };
    await mkdir(env.WORK_DIR, { recursive: true });
    // After each publication or withdrawal the release use cases announce a new catalogue snapshot;
    // locally that rebuilds the site in the background (coalesced; paused while seeding at start).
    let siteRebuild: (() => void) | undefined;
    const deps: Deps = {
      ...compose(loadConfig(env)),
      events: { catalogPublished: async () => siteRebuild?.() },
    };
    installDeps(deps);

    const siteDir = join(dataDir, 'site');
    const siteEnv = siteBuildEnv(env);
    const datasetsDir =
      options.datasetsDir === null ? null : resolve(options.datasetsDir ?? join(REPO_ROOT, 'datasets'));
    // Release lifecycle: principals and registry from the datasets folder, raw uploads under dataDir/raw.
    // Uploads as in AWS: the release API answers announced files with presigned PUT URLs (to /uploads/
    // here), and each stored upload is announced to the ingest handler, which submits complete releases.
    const uploadSigner = new LocalUploadSigner(url);
    const releaseDeps = composeLocalReleaseDeps(deps, {
      dataDir,
      datasetsDir: datasetsDir ?? join(REPO_ROOT, 'datasets'),
      uploadSigner,
    });
    const notifications = new UploadNotifications(
      async () => (await import(pathToFileURL(join(REPO_ROOT, HANDLERS.ingest.entry)).href)).handler,
      lambdaContext('ingest'),
      log,
    );
    const uploads: LocalUploads = {
      signer: uploadSigner,
      raw: releaseDeps.raw,
      tmpDir: env.WORK_DIR,
      stored: (key) => notifications.objectCreated('raw', key),
    };
    installReleaseDeps(releaseDeps);
    // One authorization path: the admin and department routes of every handler use the same principals.
    installDeps({ ...deps, authenticator: releaseDeps.auth });
    await releaseHousekeeping(releaseDeps, log);
    const publishAll = async (): Promise<SeedResult[]> => {
      const results = datasetsDir ? await seedDatasets(releaseDeps, datasetsDir, log, options.only) : [];
      if (datasetsDir && options.publishScorecards !== false && !options.only) {
        // The platform measures departments and publishes the numbers through its own pipeline.
        const out = await publishScorecardDataset(releaseDeps, await loadRegistry(datasetsDir));
        if (out.status === 'refused') log(`  ✗ ${SCORECARD_DATASET_ID}: refused (${out.report.total} problem(s))`);
        else if (out.status !== 'no-datasets') {
          log(
            `  ${out.status === 'published' ? '✓ published' : '= unchanged'} ${SCORECARD_DATASET_ID} v${out.version}`,
          );
        }
      }
      if (options.buildSite !== false) await rebuildSite(deps, dataDir, siteDir, siteEnv, log);
      return results;
    };
    if (datasetsDir) log(`Publishing datasets from ${datasetsDir}`);
    const seeded = await publishAll();
    let rebuilding: Promise<void> | undefined;
    let again = false;
    siteRebuild =
      options.buildSite === false
        ? undefined
        : () => {
            if (rebuilding) {
              again = true;
              return;
            }
            rebuilding = (async () => {
              do {
                again = false;
                await rebuildSite(deps, dataDir, siteDir, siteEnv, log).catch((e: unknown) =>
                  log(`site rebuild failed: ${e instanceof Error ? e.message : String(e)}`),
                );
              } while (again);
            })().finally(() => {
              rebuilding = undefined;
            });
          };

    const handlers = new Map<HandlerName, LambdaHandler>();
    const loadHandler = async (name: HandlerName): Promise<LambdaHandler> => {
      let h = handlers.get(name);
      if (!h) {
        const mod = (await import(pathToFileURL(join(REPO_ROOT, HANDLERS[name].entry)).href)) as {
          handler: LambdaHandler;
        };
        h = mod.handler;
        handlers.set(name, h);
      }
      return h;
    };

    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      handle(req, res, url, deps, siteDir, loadHandler, uploads).catch((e: unknown) => {
        // A refusal by the server itself (a malformed percent-escape in the path: router.ts) is the
        // client's error, answered as the handlers answer theirs; anything else failed on our side.
        const refusal = isAppError(e) && e.status < 500;
        if (!refusal) log(`request failed: ${e instanceof Error ? e.message : String(e)}`);
        if (!res.headersSent) {
          const p = toProblem(e, refusal ? (req.url ?? '/').split('?')[0] : undefined);
          // A body left unread (a 413 stops reading it) would be taken for the next request: close instead.
          const close = req.complete ? {} : { connection: 'close' };
          res.writeHead(p.statusCode ?? 500, { ...(p.headers as Record<string, string>), ...close }).end(p.body);
        } else res.destroy();
      });
    });

    // Webhooks: fan out new catalogue events and retry due deliveries (AWS: an EventBridge schedule).
    const webhookSweep = setInterval(() => {
      runWebhooks(deps).catch((e: unknown) =>
        log(`webhook sweep failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }, 10_000);
    webhookSweep.unref();
    // Ratings, comments, requests and votes reach the site between publications (AWS: an hourly schedule).
    let refreshing = false;
    const refreshMs = options.snapshotRefreshMs ?? SNAPSHOT_REFRESH_MS;
    const snapshotRefresh = setInterval(() => {
      if (refreshing || !siteRebuild || refreshMs === 0) return;
      refreshing = true;
      refreshSnapshotIfChanged(deps)
        .catch((e: unknown) => log(`catalogue refresh failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          refreshing = false;
        });
    }, refreshMs || SNAPSHOT_REFRESH_MS);
    snapshotRefresh.unref();
    let stopped = false;
    return {
      url,
      port,
      dataDir,
      deps,
      adminToken,
      seeded,
      republish: publishAll,
      uploadsSettled: () => notifications.drain(),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        siteRebuild = undefined;
        await rebuilding;
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
        await flushUsage(deps).catch(() => {});
        // Checks started by uploads write into dataDir and the table: let them finish.
        await notifications.drain();
        // Background query jobs write into dataDir: let them finish before the caller removes it.
        const jobs = deps.queryJobs?.jobs;
        if (jobs instanceof LocalQueryJobs) await jobs.drain();
        clearInterval(webhookSweep);
        clearInterval(snapshotRefresh);
        installDeps(undefined);
        installReleaseDeps(undefined);
        await dynamo?.stop();
      },
    };
  } catch (e) {
    server.close();
    await dynamo?.stop();
    throw e;
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  base: string,
  deps: Deps,
  siteDir: string,
  loadHandler: (n: HandlerName) => Promise<LambdaHandler>,
  uploads: LocalUploads,
): Promise<void> {
  const url = new URL(req.url ?? '/', base);
  if (corsApplies(url.pathname)) {
    if (isPreflight(req)) {
      res.writeHead(204, preflightHeaders()).end();
      return;
    }
    for (const [name, value] of Object.entries(responseCorsHeaders(req))) res.setHeader(name, value);
  }
  if (url.pathname.startsWith(LOCAL_UPLOAD_PATH)) {
    await receiveUpload(req, res, url, uploads);
    return;
  }
  if (url.pathname.startsWith('/v1/')) {
    const match = matchRoute(req.method ?? 'GET', url.pathname);
    if (!match || match === 'method-not-allowed') {
      const err =
        match === 'method-not-allowed'
          ? methodNotAllowed(req.method ?? 'GET', url.pathname, allowedMethods(url.pathname))
          : noApiRoute(url.pathname);
      const p = toProblem(err, url.pathname);
      // RFC 9110 15.5.6: a 405 lists the methods the resource takes.
      const allow = match === 'method-not-allowed' ? { allow: allowedMethods(url.pathname).join(', ') } : {};
      res.writeHead(p.statusCode ?? 404, { ...(p.headers as Record<string, string>), ...allow }).end(p.body);
      return;
    }
    const body = await readBody(req, 6 * 1024 * 1024);
    const event = toApiGatewayEvent(req, url, match, body);
    const handler = await loadHandler(match.handler);
    const out = await handler(event, lambdaContext(match.handler));
    const headers: Record<string, string | string[]> = { ...(out.headers as Record<string, string>) };
    if (out.cookies?.length) headers['set-cookie'] = out.cookies;
    const payload = out.body ? Buffer.from(out.body, out.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
    headers['content-length'] = String(payload.length);
    res.writeHead(out.statusCode ?? 200, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
    return;
  }
  if (url.pathname.startsWith(LOCAL_QUERY_RESULTS_PATH)) {
    // Results of local query jobs (in AWS: a presigned link to Athena's CSV in the results bucket).
    const jobs = deps.queryJobs?.jobs;
    const name = url.pathname.slice(LOCAL_QUERY_RESULTS_PATH.length);
    const jobId = name.slice(0, -5);
    const path = jobs instanceof LocalQueryJobs && name.endsWith('.json') ? jobs.resultPath(jobId) : null;
    const body = path ? await readFile(path).catch(() => null) : null;
    if (!body) {
      const p = toProblem(
        notFound({
          detail: `no query result ${url.pathname}`,
          hint: 'results are kept for a limited time: run the query again',
          zh: { detail: `没有查询结果 ${url.pathname}`, hint: '结果只保留一段时间：请重新运行查询' },
        }),
        url.pathname,
      );
      res.writeHead(p.statusCode ?? 404, p.headers as Record<string, string>).end(p.body);
      return;
    }
    // The rows of a version withdrawn since the job ran go with it, as its files and queries do.
    const label = (await jobs?.status(jobId))?.label;
    const version = label ? await deps.catalog.getVersion(label.dataset, label.version) : undefined;
    if (version?.value.state === 'withdrawn') {
      const p = toProblem(
        versionWithdrawn(version.value.datasetId, version.value.version, version.value.withdrawn, {
          en: 'run the query again on another version',
          zh: '请在其他版本上重新运行查询',
        }),
        url.pathname,
      );
      res.writeHead(p.statusCode ?? 410, p.headers as Record<string, string>).end(p.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (url.pathname.startsWith('/files/')) {
    await serveArtifact(
      req,
      res,
      deps.blobs as FsBlobStore,
      keyOfFilePath(decodePath(url.pathname)) ?? '',
      async (id, v) => {
        const r = await deps.catalog.getVersion(id, v);
        // A publication in progress (pending) or never finished: its files are not the catalogue's yet.
        if (!r || r.value.state === 'pending') return { state: 'unpublished' };
        return r.value.state === 'withdrawn'
          ? { state: 'withdrawn', reason: r.value.withdrawn?.reason ?? 'withdrawn' }
          : { state: 'published' };
      },
    );
    return;
  }
  await serveStatic(req, res, siteDir, url.pathname);
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max)
      throw payloadTooLarge({
        detail: `request body over ${max} bytes`,
        hint: 'send a smaller body',
        zh: { detail: `请求体超过 ${max} 字节`, hint: '请发送更小的请求体' },
      });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${name}`,
    memoryLimitInMB: String(HANDLERS[name as HandlerName]?.memoryMb ?? 256),
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => (HANDLERS[name as HandlerName]?.timeoutSeconds ?? 10) * 1000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** How often the local platform brings community changes (ratings, comments, requests) to the site. */
const SNAPSHOT_REFRESH_MS = 60_000;

/**
 * What the site build reads from the environment besides the snapshot: the anonymous limits the API page
 * states (site/src/views/ApiView.astro), as this platform's API applies them (the start() options, else
 * the variables). Unset ones are unset for the build too: the page then states the defaults, as the API.
 */
function siteBuildEnv(env: Readonly<Record<string, string>>): Readonly<Record<string, string | undefined>> {
  return {
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE: env.RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE,
  };
}

/**
 * Site builds of this process, one after another: each sets its platform's variables in process.env
 * (where Astro's pages read them) for the whole build, and two platforms in one process may differ.
 */
let siteBuilds: Promise<unknown> = Promise.resolve();

/** Writes the catalogue snapshot and rebuilds the site when the snapshot, the site's settings or its sources changed. */
async function rebuildSite(
  deps: Deps,
  dataDir: string,
  siteDir: string,
  siteEnv: Readonly<Record<string, string | undefined>>,
  log: (l: string) => void,
) {
  const snapshot = await buildSnapshot({ ...deps, events: noCatalogEvents });
  // A snapshot that differs only in its build times needs no rebuild.
  const hash = createHash('sha256')
    .update(snapshotContent(snapshot))
    .update(JSON.stringify(siteEnv))
    .update(await siteSourceStamp(REPO_ROOT))
    .digest('hex');
  const snapshotPath = join(dataDir, 'catalog', 'snapshot.json');
  const hashPath = join(dataDir, 'catalog', 'site.sha256');
  await mkdir(dirname(snapshotPath), { recursive: true });
  await writeFile(snapshotPath, JSON.stringify(snapshot));
  const previous = existsSync(hashPath) ? await readFile(hashPath, 'utf8') : '';
  if (previous === hash && existsSync(join(siteDir, 'index.html'))) {
    log('Site is up to date');
    return;
  }
  log('Building the catalogue site ...');
  const { buildSite } = (await import(pathToFileURL(join(REPO_ROOT, 'site', 'build.ts')).href)) as {
    buildSite: (o: { snapshotPath: string; outDir: string }) => Promise<{ pages: number; ms: number }>;
  };
  const run = siteBuilds.then(async () => {
    const saved = Object.fromEntries(Object.keys(siteEnv).map((k) => [k, process.env[k]]));
    const set = (vars: Record<string, string | undefined>) => {
      for (const [k, v] of Object.entries(vars)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    set(siteEnv);
    try {
      return await buildSite({ snapshotPath, outDir: siteDir });
    } finally {
      set(saved);
    }
  });
  siteBuilds = run.catch(() => undefined);
  const r = await run;
  await writeFile(hashPath, hash);
  log(`Site built: ${r.pages} pages in ${(r.ms / 1000).toFixed(1)} s`);
}

/** Access-tier settings passed through from the environment (or the start options). */
function accessEnv(options: StartOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [
    'RATE_LIMIT_ANONYMOUS_PER_MINUTE',
    'RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE',
    'API_KEY_CACHE_MS',
    'USAGE_FLUSH_MS',
  ] as const) {
    const v = process.env[k];
    if (v) out[k] = v;
  }
  if (options.anonymousPerMinute !== undefined)
    out.RATE_LIMIT_ANONYMOUS_PER_MINUTE = String(options.anonymousPerMinute);
  if (options.anonymousCatalogPerMinute !== undefined)
    out.RATE_LIMIT_ANONYMOUS_CATALOG_PER_MINUTE = String(options.anonymousCatalogPerMinute);
  if (process.env.ATHENA_THRESHOLD_BYTES) out.ATHENA_THRESHOLD_BYTES = process.env.ATHENA_THRESHOLD_BYTES;
  if (options.athenaThresholdBytes !== undefined) out.ATHENA_THRESHOLD_BYTES = String(options.athenaThresholdBytes);
  return out;
}
