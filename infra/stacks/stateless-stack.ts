import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, CfnOutput, Fn, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config.ts';
import { Alerts } from '../constructs/alerts.ts';
import { Analytics } from '../constructs/analytics.ts';
import { DataImports } from '../constructs/data-imports.ts';
import { DepartmentCiRoles } from '../constructs/department-ci-roles.ts';
import { PlatformDistribution, VIEWER_ADDRESS_HEADER } from '../constructs/distribution.ts';
import { FailedEvents } from '../constructs/failed-events.ts';
import { acknowledgeCustomResourceProvider, FilesGateFill } from '../constructs/files-gate-fill.ts';
import { HandlerFunctions, REPO_ROOT } from '../constructs/handler-functions.ts';
import { PlatformApi } from '../constructs/http-api.ts';
import { Monitoring } from '../constructs/monitoring.ts';
import { Schedules } from '../constructs/schedules.ts';
import { SITE_NOT_FOUND_NAME, SiteNotFound } from '../constructs/site-not-found.ts';
import { SiteRebuild } from '../constructs/site-rebuild.ts';
import { type ResolvedHandler, resolveHandlers } from '../handler-table.ts';
import {
  checkDepartments,
  principalsDelivery,
  REGISTRY_FILE_NAME,
  readRegistry,
  registryJson,
} from '../release-config.ts';
import { RUNTIME_ENV } from '../runtime-env.ts';

/** Handlers composing the release deps (functions/wiring/release-deps.ts): registry, principals, raw retention. */
const RELEASE_HANDLERS = ['releases', 'ingest'];
/** Other handlers checking department ids against the registry (functions/wiring/departments.ts). */
const REGISTRY_READERS = ['requests'];

/**
 * What `/v1/health` answers as `version`: package.json's version plus the commit synthesized, as semver
 * build metadata (`0.1.0+1a2b3c4d5e6f`; `.dirty` appended when tracked files other than package-lock.json
 * differ from that commit), so a deployment names its build. Read at synth time; without git, or outside
 * a checkout (a source archive), the build is `unknown`.
 */
export function appVersion(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, env, encoding: 'utf8', stdio: 'pipe' });
  let build = 'unknown';
  try {
    build = git('rev-parse', '--short=12', 'HEAD').trim();
    try {
      // package-lock.json aside: `npm install` (docs/deploy.md) may rewrite it without changing a version.
      git('diff', '--quiet', 'HEAD', '--', '.', ':(exclude)package-lock.json');
    } catch {
      build += '.dirty';
    }
  } catch {
    // no git, or not a checkout
  }
  return `${version}+${build}`;
}

const APP_VERSION = appVersion(REPO_ROOT);

export interface StatelessStackProps extends StackProps {
  readonly config: PlatformConfig;
  /** Defaults to the table in functions/routes.ts; tests pass their own. */
  readonly handlers?: readonly ResolvedHandler[];
}

/**
 * Compute and delivery: functions, HTTP API, CloudFront, site rebuild, Athena workgroup, CI roles,
 * schedules, the alerts topic, alarms. Holds no data: it can be destroyed and redeployed without touching the stateful stack.
 */
export class StatelessStack extends Stack {
  readonly functions: HandlerFunctions;
  readonly api: PlatformApi;
  readonly distribution: PlatformDistribution;
  readonly departmentRoles: DepartmentCiRoles;
  readonly monitoring: Monitoring;
  readonly alerts: Alerts;
  readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;
    const data = new DataImports(this, 'Data', { stage: config.stage });
    const handlers = props.handlers ?? resolveHandlers();

    const bus = new events.EventBus(this, 'Bus', { description: `opendata ${config.stage} platform events` });
    const analytics = new Analytics(this, 'Analytics', {
      stage: config.stage,
      resultsBucket: data.athenaResults,
      bytesScannedCutoffPerQuery: config.athenaBytesScannedCutoff,
    });

    this.alerts = new Alerts(this, 'Alerts', {
      stage: config.stage,
      key: data.messagingKey,
      subscriptions: config.alertSubscriptions,
      fallbackEmail: config.alarmEmail,
    });

    // Release configuration. CI role ARNs are resolved lazily: the roles are created after the API.
    const ciRoleArns = new Map(
      config.departments.map((d) => [
        d.id,
        Lazy.string({ produce: () => this.departmentRoles.roles.get(d.id)?.roleArn ?? 'unknown' }),
      ]),
    );
    const principals = principalsDelivery(this, config.principals, ciRoleArns);
    const registryData = readRegistry(join(REPO_ROOT, 'datasets'));
    checkDepartments(config, registryData);
    const registry = registryJson(registryData);
    const handlerEnvironment = new Map<string, Record<string, string>>();
    const bundledFiles = new Map<string, Record<string, string>>();
    for (const h of handlers) {
      const env: Record<string, string> = {};
      if (h.access.includes('alerts:publish')) env[RUNTIME_ENV.alertTopicArn] = this.alerts.topic.topicArn;
      if (!RELEASE_HANDLERS.includes(h.name) && h.routes.some((r) => r.auth === 'iam')) {
        // Admin and department routes of other handlers authenticate the same principals.
        Object.assign(env, principals.environment);
        if (Object.keys(principals.files).length) bundledFiles.set(h.name, { ...principals.files });
      }
      if (RELEASE_HANDLERS.includes(h.name)) {
        Object.assign(env, principals.environment, {
          [RUNTIME_ENV.registryFile]: REGISTRY_FILE_NAME,
          [RUNTIME_ENV.rawRetentionDays]: String(config.rawRetentionDays),
        });
        bundledFiles.set(h.name, { [REGISTRY_FILE_NAME]: registry, ...principals.files });
      }
      if (REGISTRY_READERS.includes(h.name)) {
        env[RUNTIME_ENV.registryFile] = REGISTRY_FILE_NAME;
        bundledFiles.set(h.name, { ...(bundledFiles.get(h.name) ?? {}), [REGISTRY_FILE_NAME]: registry });
      }
      handlerEnvironment.set(h.name, env);
    }

    // Failed asynchronous invocations and rule events that could not be delivered (docs/deploy.md,
    // Redriving failed events). Here rather than in the data stack: the rules and functions naming it are
    // here, and so is its queue policy for EventBridge (written by CDK for the targets' dead-letter queue).
    const failedEvents = new FailedEvents(this, 'FailedEvents', { key: data.messagingKey });

    this.functions = new HandlerFunctions(this, 'Handlers', {
      handlers,
      stage: config.stage,
      logRetentionDays: config.logRetentionDays,
      appVersion: APP_VERSION,
      queryReservedConcurrency: config.queryReservedConcurrency,
      environment: {
        [RUNTIME_ENV.tableName]: data.tableName,
        [RUNTIME_ENV.publishedBucket]: data.publishedBucket.bucketName,
        [RUNTIME_ENV.rawBucket]: data.rawBucket.bucketName,
        [RUNTIME_ENV.pseudonymSecretArn]: data.pseudonymSecret.secretArn,
        [RUNTIME_ENV.athenaWorkgroup]: analytics.workgroupName,
        [RUNTIME_ENV.glueDatabase]: analytics.databaseName,
        [RUNTIME_ENV.eventBusName]: bus.eventBusName,
      },
      access: {
        table: data.table,
        tableIndexNames: ['GSI1'],
        publishedBucket: data.publishedBucket,
        rawBucket: data.rawBucket,
        dataKey: data.dataKey,
        pseudonymSecret: data.pseudonymSecret,
        athenaResults: data.athenaResults,
        athenaWorkgroupName: analytics.workgroupName,
        glueDatabaseName: analytics.databaseName,
        eventBus: bus,
        alertTopic: this.alerts.topic,
        messagingKey: data.messagingKey,
        // Resolved at synthesis: the distribution is created below (it needs the API's domain name).
        distributionArn: Lazy.string({ produce: () => this.distribution.distribution.distributionArn }),
        filesGateArn: Lazy.string({ produce: () => this.distribution.filesGate.keyValueStoreArn }),
        // The site rebuild's project is made after the distribution, which it invalidates.
        siteBuildProjectArn: Lazy.string({ produce: () => siteRebuild.project.projectArn }),
      },
      rawUploadQueue: data.ingestQueue,
      failedEvents,
      handlerEnvironment,
      bundledFiles,
    });
    this.schedules = new Schedules(this, 'Schedules', {
      stage: config.stage,
      handlers,
      functions: this.functions.functions,
      failedEvents,
    });

    this.api = new PlatformApi(this, 'Api', {
      stage: config.stage,
      handlers,
      functions: this.functions.functions,
      throttle: { rateLimit: config.apiThrottleRateLimit, burstLimit: config.apiThrottleBurstLimit },
      logRetentionDays: config.logRetentionDays,
      queryReservedConcurrency: config.queryReservedConcurrency,
    });

    // Unknown site pages: CloudFront's fallback origin for the site bucket's 403/404 (distribution.ts).
    const siteNotFound = new SiteNotFound(this, 'SiteNotFound', {
      stage: config.stage,
      siteBucket: data.siteBucket,
      logRetentionDays: config.logRetentionDays,
    });
    // Unknown outside the account (the stack's own UUID), stable across deployments of this stack.
    const edgeToken = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.distribution = new PlatformDistribution(this, 'Cdn', {
      stage: config.stage,
      siteBucket: data.siteBucket,
      publishedBucket: data.publishedBucket,
      accessLogs: data.accessLogs,
      apiDomainName: this.api.domainName,
      siteNotFoundUrl: siteNotFound.url,
      edgeToken,
      ...(config.domainName ? { domainName: config.domainName } : {}),
      ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    });
    // Set after the distribution exists (functions -> distribution -> API -> functions is no cycle:
    // the API resource itself does not depend on its routes).
    for (const fn of this.functions.functions.values()) {
      fn.addEnvironment(RUNTIME_ENV.publicBaseUrl, this.distribution.publicBaseUrl);
      fn.addEnvironment('CLIENT_IP_HEADER', VIEWER_ADDRESS_HEADER);
      fn.addEnvironment('EDGE_TOKEN', edgeToken);
    }
    // Withdrawal invalidates the version's /files/* paths. The distribution is in this stack, like the
    // functions, so its id is a plain reference (no cross-stack export, no SSM lookup). The edge it adds,
    // function (and its role policy) -> distribution -> API, is the one PUBLIC_BASE_URL already makes
    // without a custom domain; the API does not depend on its routes' functions, so there is no cycle
    // (test/infra/withdrawal.test.ts checks the template).
    for (const h of handlers) {
      const fn = this.functions.functions.get(h.name);
      // The files gate: publication opens a version there, withdrawal closes it (same stack, plain reference).
      if (h.access.some((c) => c === 'published:withdraw' || c === 'files:open' || c === 'files:reconcile')) {
        fn?.addEnvironment(RUNTIME_ENV.filesGateArn, this.distribution.filesGate.keyValueStoreArn);
      }
      if (!h.access.includes('published:withdraw')) continue;
      fn?.addEnvironment(RUNTIME_ENV.distributionId, this.distribution.distribution.distributionId);
    }

    const siteRebuild = new SiteRebuild(this, 'SiteRebuild', {
      stage: config.stage,
      eventBus: bus,
      publishedBucket: data.publishedBucket,
      siteBucket: data.siteBucket,
      distribution: this.distribution.distribution,
      publicBaseUrl: this.distribution.publicBaseUrl,
      encryptionKey: data.messagingKey,
      logRetentionDays: config.logRetentionDays,
    });
    // A failed build is started again by the function holding site:rebuild (the hourly maintenance).
    for (const h of handlers) {
      if (h.access.includes('site:rebuild')) {
        this.functions.functions
          .get(h.name)
          ?.addEnvironment(RUNTIME_ENV.siteBuildProject, siteRebuild.project.projectName);
      }
    }

    // A new (empty) files gate is filled at once, not at the next hourly run (docs/deploy.md), by the
    // function that reconciles it (the maintenance function's `files-gate-sync` task); a new stack's
    // first snapshot refresh is queued too, once the site rebuild's rule listens for its CatalogPublished.
    const maintenance = handlers.find((h) => h.access.includes('files:reconcile'));
    const maintenanceFn = maintenance && this.functions.functions.get(maintenance.name);
    if (maintenanceFn) {
      const fill = new FilesGateFill(this, 'FilesGateFill', {
        maintenance: maintenanceFn,
        keyValueStoreArn: this.distribution.filesGate.keyValueStoreArn,
      });
      fill.runAfter(siteRebuild.rule, siteRebuild.project);
      acknowledgeCustomResourceProvider(this);
    }

    this.departmentRoles = new DepartmentCiRoles(this, 'DepartmentCi', {
      stage: config.stage,
      departments: config.departments,
      routes: handlers.flatMap((h) => h.routes),
      api: this.api.api,
      ...(config.githubOidcProviderArn ? { existingProviderArn: config.githubOidcProviderArn } : {}),
    });

    // Every function's errors and throttles are alarmed, and named in the outputs: the handlers and the
    // site's not-found function.
    const allFunctions: ReadonlyMap<string, lambda.Function> = new Map<string, lambda.Function>([
      ...this.functions.functions,
      [SITE_NOT_FOUND_NAME, siteNotFound.function],
    ]);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      alarmEmail: config.alarmEmail,
      topicKey: data.messagingKey,
      functions: allFunctions,
      api: this.api.api,
      deadLetterQueue: data.ingestDeadLetterQueue,
      failedEventsQueue: failedEvents.queue,
      siteBuild: siteRebuild.project,
      athena: {
        workgroupName: analytics.workgroupName,
        dailyBytesScannedThreshold: config.athenaDailyBytesScannedAlarm,
      },
    });

    new CfnOutput(this, 'PublicUrl', { value: this.distribution.publicBaseUrl });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distribution.distributionId });
    new CfnOutput(this, 'FilesGateArn', {
      value: this.distribution.filesGate.keyValueStoreArn,
      description: 'CloudFront KeyValueStore of the versions /files/* serves (docs/deploy.md, The files gate)',
    });
    new CfnOutput(this, 'ExecuteApiEndpoint', {
      value: this.api.api.apiEndpoint,
      description: 'Direct endpoint for SigV4-signed department calls (IAM routes)',
    });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'FailedEventsQueueUrl', {
      value: failedEvents.queue.queueUrl,
      description: 'Failed asynchronous runs and undelivered rule events (docs/deploy.md, Redriving failed events)',
    });
    new CfnOutput(this, 'AlertTopicArn', {
      value: this.alerts.topic.topicArn,
      description:
        'Privacy-concern alerts and release notices (subscribe department/admin addresses via alertSubscriptions)',
    });
    // What the runbooks (docs/deploy.md) name: each function and its log group, the site build project.
    for (const [name, fn] of allFunctions) {
      const id = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      new CfnOutput(this, `Function${id}`, { value: fn.functionName, description: `The ${name} function` });
      new CfnOutput(this, `LogGroup${id}`, {
        value: fn.logGroup.logGroupName,
        description: `Logs of the ${name} function`,
      });
    }
    new CfnOutput(this, 'SiteRebuildProject', {
      value: siteRebuild.project.projectName,
      description: 'CodeBuild project rebuilding the site (aws codebuild start-build --project-name …)',
    });
    for (const [dept, role] of this.departmentRoles.roles) {
      new CfnOutput(this, `DepartmentRole${dept.replace(/[^A-Za-z0-9]/g, '')}`, {
        value: role.roleArn,
        description: `GitHub Actions role for department ${dept}`,
      });
    }
  }
}
