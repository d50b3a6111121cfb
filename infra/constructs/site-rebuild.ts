import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, IgnoreMode, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { SITE_BUILD_MARKER_KEY } from '../../functions/core/catalog/artifact-keys.ts';
import { acknowledge, nagResource } from '../nag.ts';
import { CATALOG_PUBLISHED_EVENT, KEY_PREFIXES } from '../runtime-env.ts';
import { REPO_ROOT } from './handler-functions.ts';

const SNAPSHOT_PATH = '.data/catalog/snapshot.json';
const OUTPUT_DIR = 'site/dist';

/** What the build runs, so the site code and this construct agree on one contract. */
export const SITE_BUILD = {
  /** Where the build puts the downloaded snapshot. */
  snapshotPath: SNAPSHOT_PATH,
  snapshotKey: `${KEY_PREFIXES.catalog}snapshot.json`,
  /**
   * Written last by a successful build: the sha256 of the snapshot it built from. The hourly maintenance
   * starts a build while it differs from the stored snapshot (functions/usecases/retry-site-build.ts).
   * Under catalog/ in the published bucket: not served by CloudFront, not removed by the site's sync.
   */
  markerKey: SITE_BUILD_MARKER_KEY,
  /** Where the site is written, then synced to the site bucket from. */
  outputDir: OUTPUT_DIR,
  /** functions/local/build-site-cli.ts takes both paths (without them it builds the test fixture into dist/site). */
  command: `npm run site:build -- ${SNAPSHOT_PATH} ${OUTPUT_DIR}`,
} as const;

/**
 * The snapshot's ETag, or `None` while there is none (a new stage before its first snapshot). A listing
 * rather than head-object: that fails for a missing key (403 without s3:ListBucket), which would fail
 * the build, while a failed listing (any other error) still does.
 */
const SNAPSHOT_ETAG = `aws s3api list-objects-v2 --bucket "$PUBLISHED_BUCKET" --prefix ${SITE_BUILD.snapshotKey} --query 'Contents[0].ETag' --output text`;

/** The catalogue of a stage that has published nothing yet: the site builds, with no dataset. */
const EMPTY_SNAPSHOT = `printf '{"generatedAt":"%s","apiBaseUrl":"%s","datasets":[]}' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PUBLIC_BASE_URL" > ${SITE_BUILD.snapshotPath}`;

/**
 * Download, build, sync, invalidate; again (at most three times) while the snapshot changed during the
 * build — a publication whose rebuild event was refused because this build was running. Without a
 * snapshot yet, the build is of the empty catalogue (the site has its pages, no dataset). Then the
 * marker: what the site now shows was built from this snapshot file (a build failing before it leaves
 * the previous marker, which no longer matches, and the hourly maintenance starts a build again).
 */
export const SITE_BUILD_LOOP = [
  // One shell for the whole loop: any failed step must fail the build (the failed-build alarm).
  'set -e',
  'for attempt in 1 2 3; do',
  `  before=$(${SNAPSHOT_ETAG})`,
  '  if [ "$before" = "None" ]; then',
  `    echo "no ${SITE_BUILD.snapshotKey} yet: building the site of an empty catalogue"`,
  `    ${EMPTY_SNAPSHOT}`,
  '  else',
  `    aws s3 cp "s3://$PUBLISHED_BUCKET/${SITE_BUILD.snapshotKey}" ${SITE_BUILD.snapshotPath}`,
  '  fi',
  `  ${SITE_BUILD.command}`,
  `  aws s3 sync ${SITE_BUILD.outputDir} "s3://$SITE_BUCKET" --delete --no-progress`,
  '  aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --paths "/*"',
  `  [ "$(${SNAPSHOT_ETAG})" = "$before" ] && break`,
  '  echo "the catalogue snapshot changed during the build: building again"',
  'done',
  `printf '{"snapshotSha256":"%s"}' "$(sha256sum ${SITE_BUILD.snapshotPath} | cut -d ' ' -f 1)" > ${SITE_BUILD.snapshotPath}.built`,
  `aws s3 cp ${SITE_BUILD.snapshotPath}.built "s3://$PUBLISHED_BUCKET/${SITE_BUILD.markerKey}" --content-type application/json --no-progress`,
].join('\n');

/**
 * What the site build's source asset leaves out, in .gitignore syntax: everything `.gitignore` names
 * (dependencies, local data and secrets such as `.env`, build outputs, a developer's stale `dist/`),
 * read from the file so the two never drift, plus tracked files the build does not need.
 */
export function siteAssetExcludes(root: string = REPO_ROOT): string[] {
  const ignored = readFileSync(join(root, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return [
    ...ignored,
    '.git/',
    'test/',
    'bench/',
    'docs/',
    '.ci/',
    // Source data (the build reads the published catalogue snapshot, not these).
    'datasets/**/*.csv',
    'datasets/**/*.parquet',
    'datasets/**/*.xlsx',
    'datasets/**/*.ndjson',
  ];
}

export interface SiteRebuildProps {
  readonly stage: string;
  readonly eventBus: events.IEventBus;
  readonly publishedBucket: s3.IBucket;
  readonly siteBucket: s3.IBucket;
  readonly distribution: cloudfront.IDistribution;
  readonly publicBaseUrl: string;
  readonly encryptionKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * Rebuilds the static site after each publish: the publish use case puts a `CatalogPublished` event on
 * the platform bus; a rule starts this CodeBuild project, which takes the repository (an S3 asset of
 * this deployment), downloads `catalog/snapshot.json`, builds the Astro site, syncs it to the site
 * bucket and invalidates CloudFront. One build at a time, so that an older build never syncs over a
 * newer one: a start refused while a build runs is dropped (CodeBuild refuses rather than queues, and
 * EventBridge does not retry client errors), so the running build checks after its sync whether the
 * snapshot changed since it began, and builds again if so (SITE_BUILD_LOOP).
 */
export class SiteRebuild extends Construct {
  readonly project: codebuild.Project;
  /**
   * Starts the project on CatalogPublished. A deploy-time snapshot refresh (a new stage's first
   * snapshot) must run after it exists, or its event is lost (infra/stacks/stateless-stack.ts).
   */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SiteRebuildProps) {
    super(scope, id);
    const source = new s3assets.Asset(this, 'SiteSource', {
      path: REPO_ROOT,
      exclude: siteAssetExcludes(),
      ignoreMode: IgnoreMode.GIT,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: `opendata ${props.stage}: site rebuild`,
    });

    this.project = new codebuild.Project(this, 'Project', {
      description: `opendata ${props.stage}: rebuild the catalogue site after a publish`,
      role,
      source: codebuild.Source.s3({ bucket: source.bucket, path: source.s3ObjectKey }),
      encryptionKey: props.encryptionKey,
      concurrentBuildLimit: 1,
      timeout: Duration.minutes(30),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        privileged: false,
        environmentVariables: {
          PUBLISHED_BUCKET: { value: props.publishedBucket.bucketName },
          SITE_BUCKET: { value: props.siteBucket.bucketName },
          DISTRIBUTION_ID: { value: props.distribution.distributionId },
          PUBLIC_BASE_URL: { value: props.publicBaseUrl },
          ASTRO_TELEMETRY_DISABLED: { value: '1' },
        },
      },
      logging: { cloudWatch: { logGroup } },
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          install: {
            // scripts/with-node24.mjs installs Node 24 from npm when the image's Node is older than 22.
            // `npm install`, not `npm ci`: the lockfile records only the platform packages of the machine
            // that wrote it (other platforms' optional binaries are missing), which `npm ci` refuses
            // ("Missing: … from lock file"); `npm install` installs the same locked versions.
            commands: ['npm install --no-audit --no-fund'],
          },
          build: {
            commands: [`mkdir -p "$(dirname ${SITE_BUILD.snapshotPath})"`, SITE_BUILD_LOOP],
          },
        },
      }),
    });

    // CodeBuild's L2 itself grants: read of the source asset object, writes to its log groups and
    // report groups, and use of the encryption key. The statements below are the build's own needs.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.publishedBucket.arnForObjects(SITE_BUILD.snapshotKey)],
      }),
    );
    // The marker of a successful build (SITE_BUILD.markerKey): that one key, nothing else of the bucket.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.publishedBucket.arnForObjects(SITE_BUILD.markerKey)],
      }),
    );
    // Whether the snapshot exists (SNAPSHOT_ETAG): a listing of its own key only.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.publishedBucket.bucketArn],
        conditions: { StringEquals: { 's3:prefix': SITE_BUILD.snapshotKey } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.siteBucket.bucketArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [props.siteBucket.arnForObjects('*')],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudfront:CreateInvalidation'],
        resources: [props.distribution.distributionArn],
      }),
    );

    // The L2 writes these ARNs with the stack's partition, region and account: tokens in an
    // environment-agnostic synth, literal values when the deploy pins account and region.
    const stack = Stack.of(this);
    const inStack = (service: string, resource: string) =>
      nagResource(this, `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`);
    const why: Array<[string, string]> = [
      [
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'Added by the CodeBuild L2 to read its S3 source: the one asset object of this deployment.',
      ],
      [
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'Added by the CodeBuild L2 for its S3 source: bucket location/ACL of the CDK asset bucket only.',
      ],
      [
        'AwsSolutions-IAM5[Action::s3:List*]',
        'Added by the CodeBuild L2 for its S3 source: listing of the CDK asset bucket only.',
      ],
      [
        `AwsSolutions-IAM5[Resource::${inStack('logs', `log-group:/aws/codebuild/${this.project.projectName}:*`)}]`,
        "Added by the CodeBuild L2: streams of the project's default log group (the project logs to its own group).",
      ],
      [
        `AwsSolutions-IAM5[Resource::${inStack('codebuild', `report-group/${this.project.projectName}-*`)}]`,
        'Added by the CodeBuild L2: report groups named after this project only.',
      ],
      [
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'Added by the CodeBuild L2 to encrypt build artifacts and logs with the platform key (one key ARN).',
      ],
      [
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        'Added by the CodeBuild L2 for the platform key (one key ARN) used to encrypt build output.',
      ],
      [
        `AwsSolutions-IAM5[Resource::${nagResource(this, props.siteBucket.arnForObjects('*'))}]`,
        'The build replaces the whole static site (aws s3 sync --delete): every key of the site bucket, and no other bucket.',
      ],
    ];
    for (const [ruleId, reason] of why) acknowledge(role, ruleId, reason);

    this.rule = new events.Rule(this, 'OnCatalogPublished', {
      description: 'Rebuild the site when a new catalogue snapshot is published',
      eventBus: props.eventBus,
      eventPattern: { source: [CATALOG_PUBLISHED_EVENT.source], detailType: [CATALOG_PUBLISHED_EVENT.detailType] },
      // No dead-letter queue (the failed-events queue of the other rules): a start refused while a build
      // runs is a client error EventBridge sends straight to a DLQ, so every publication during a build
      // (normal, and handled by the build's own loop) would land there and fire its alarm.
      targets: [new targets.CodeBuildProject(this.project, { retryAttempts: 20, maxEventAge: Duration.hours(6) })],
    });
  }
}
