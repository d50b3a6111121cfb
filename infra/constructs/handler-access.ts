import { Arn, Aws, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { KEY_DOC_KIND } from '../../functions/usecases/access/key-store.ts';
import { LEDGER_DOC_KINDS } from '../../functions/usecases/release/audit-ledger.ts';
import type { Capability } from '../handler-table.ts';
import { nagResource } from '../nag.ts';
import { KEY_PREFIXES } from '../runtime-env.ts';

/** The resources a capability can touch. Everything is passed in; nothing is looked up by name. */
export interface AccessTargets {
  readonly table: dynamodb.ITable;
  readonly tableIndexNames: readonly string[];
  readonly publishedBucket: s3.IBucket;
  readonly rawBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  readonly pseudonymSecret: secretsmanager.ISecret;
  readonly athenaResults: s3.IBucket;
  readonly athenaWorkgroupName: string;
  readonly glueDatabaseName: string;
  readonly eventBus: events.IEventBus;
  /** Privacy-concern alerts (SSE-KMS with `messagingKey`). */
  readonly alertTopic: sns.ITopic;
  readonly messagingKey: kms.IKey;
  /**
   * ARN of the CloudFront distribution serving `/files/*` (withdrawal invalidates it). A lazy token in
   * the stateless stack: the distribution is created after the functions (it needs the API's domain).
   */
  readonly distributionArn: string;
  /**
   * ARN of the files gate (the CloudFront KeyValueStore `/files/*` reads): publication opens a
   * version there, withdrawal closes it. A lazy token too, made with the distribution.
   */
  readonly filesGateArn: string;
  /** ARN of the site rebuild's CodeBuild project (site:rebuild). A lazy token: the project is made after the functions. */
  readonly siteBuildProjectArn: string;
}

/** The files gate's data-plane actions. No DeleteKey for anyone: a withdrawn version stays closed. */
const GATE_OPEN = [
  'cloudfront-keyvaluestore:DescribeKeyValueStore',
  'cloudfront-keyvaluestore:GetKey',
  'cloudfront-keyvaluestore:PutKey',
];
/**
 * The reconciliation: one listing, then batched writes (UpdateKeys, up to 50 puts per call). UpdateKeys
 * could also delete, but the adapter never sends Deletes (KvsFilesGate.reconcile), and IAM has no
 * condition key to forbid them: the grant goes to the maintenance function alone.
 */
const GATE_RECONCILE = [...GATE_OPEN, 'cloudfront-keyvaluestore:ListKeys', 'cloudfront-keyvaluestore:UpdateKeys'];

/** Files inside version folders (`datasets/<id>/v000002/data.csv`), not the rest of datasets/. */
const VERSION_FILES = `${KEY_PREFIXES.published}*/v*/*`;

/** Partition-key prefix of counter items (functions/adapters/aws/dynamodb-counters.ts). */
export const COUNTER_KEY_PREFIX = 'CTR#';

/** Partition-key prefix of API-key items: documents of kind `apikey` (dynamodb-catalog-store.ts: `<kind>#<id>`). */
export const API_KEY_KEY_PREFIX = `${KEY_DOC_KIND}#`;

/**
 * Partition keys of the audit ledger's items (`audit#<seq>`, `audit-head#head`, `audit-mark#<key>`;
 * dynamodb-catalog-store.ts: `<kind>#<id>`). The ledger appends each entry with a create-if-absent
 * PutItem and advances its head and marks with conditional PutItems (usecases/release/audit-ledger.ts);
 * the code never updates, deletes or batch-writes any item (the adapters send GetItem, PutItem and
 * Query, and UpdateItem on CTR# counters only).
 */
export const LEDGER_KEY_PATTERNS = LEDGER_DOC_KINDS.map((kind) => `${kind}#*`);

/**
 * The document kinds each narrow table-writing capability may put, as partition-key prefixes
 * (`<kind>#<id>`, dynamodb-catalog-store.ts putDoc). The kinds are the use cases' constants
 * (FEEDBACK_KIND, RATER_KIND in usecases/feedback.ts; REQUEST_KIND, VOTE_KIND in usecases/data-requests.ts;
 * WEBHOOK_KIND, DELIVERY_KIND in usecases/webhooks.ts and EVENT_KIND, DUE_KIND, SWEEP_KIND in
 * usecases/webhooks-dispatch.ts; KEY_DOC_KIND), written out here rather than imported so that synth does
 * not load those modules (the dispatcher sets up the Powertools logger). test/infra/table-writes.test.ts
 * bundles each function and fails when its code can write a kind its grant does not name, or when a grant
 * names a kind no code writes. No kind is a prefix of another followed by `#`, so `feedback#*` never
 * matches a `feedback-rater#` item, and no grant here matches `DS#` (datasets, versions), `release#`,
 * `apikey#` (but for keys:write) or the ledger's kinds.
 */
export const DOC_WRITES = {
  'feedback:write': ['feedback', 'feedback-rater'],
  'requests:write': ['datarequest', 'datarequest-vote'],
  'webhooks:write': ['webhook', 'webhook-delivery', 'webhook-due', 'webhook-event', 'webhook-sweep'],
  'keys:write': [KEY_DOC_KIND],
} as const satisfies Partial<Record<Capability, readonly string[]>>;
export type DocWriteCapability = keyof typeof DOC_WRITES;
const isDocWrite = (cap: Capability): cap is DocWriteCapability => cap in DOC_WRITES;

const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
/**
 * The catalogue's documents are written by one conditional PutItem each: no adapter sends UpdateItem,
 * DeleteItem or BatchWriteItem to them (test/infra/table-writes.test.ts derives this from the bundles);
 * the counters' UpdateItem is counters:write's.
 */
const TABLE_WRITE = ['dynamodb:PutItem'];
/** What no role may do to a ledger item: an entry, once written, stays as written. */
const LEDGER_NEVER = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const COUNTER_RW = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const GLUE_READ = ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'];

function tableResources(t: AccessTargets): string[] {
  // Name each index: no `index/*` wildcard.
  return [t.table.tableArn, ...t.tableIndexNames.map((i) => `${t.table.tableArn}/index/${i}`)];
}

function publishedRead(t: AccessTargets): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [
        t.publishedBucket.arnForObjects(`${KEY_PREFIXES.published}*`),
        t.publishedBucket.arnForObjects(`${KEY_PREFIXES.catalog}*`),
      ],
    }),
    // ListBucket only so a missing key answers 404 rather than 403, and only on the public prefixes.
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [t.publishedBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${KEY_PREFIXES.published}*`, `${KEY_PREFIXES.catalog}*`] } },
    }),
  ];
}

function glueArns(t: AccessTargets): { catalog: string; database: string; tables: string } {
  const stack = Stack.of(t.table);
  const arn = (resource: string, resourceName?: string) =>
    Arn.format({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) }, stack);
  return {
    catalog: `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:catalog`,
    database: arn('database', t.glueDatabaseName),
    tables: arn('table', `${t.glueDatabaseName}/*`),
  };
}

/**
 * The explicit deny keeping the ledger append-only for a role that writes the table: any request naming
 * a ledger item (ForAnyValue: a batch with one such key among others too) is refused, whatever else
 * the role is allowed. A rewritten or deleted entry breaks the chain, which the daily export reports
 * (AuditLedgerValid), but an attacker holding a writing role (the webhooks function calls outside URLs)
 * should not be able to try.
 */
function ledgerAppendOnly(t: AccessTargets): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AuditLedgerAppendOnly',
    effect: iam.Effect.DENY,
    actions: LEDGER_NEVER,
    resources: [t.table.tableArn],
    conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': LEDGER_KEY_PATTERNS } },
  });
}

/** IAM statements for one capability. Statements are prefix-scoped; no action wildcards on data. */
export function statementsFor(cap: Capability, t: AccessTargets): iam.PolicyStatement[] {
  switch (cap) {
    case 'catalog:read':
      return [new iam.PolicyStatement({ actions: TABLE_READ, resources: tableResources(t) })];
    case 'catalog:write':
      // Reads come with catalog:read (expandCapabilities).
      return [
        // Every item but the ledger's, PutItem only (ForAllValues: every key a request names). Writing
        // ledger items takes ledger:append.
        new iam.PolicyStatement({
          actions: TABLE_WRITE,
          resources: [t.table.tableArn],
          conditions: { 'ForAllValues:StringNotLike': { 'dynamodb:LeadingKeys': LEDGER_KEY_PATTERNS } },
        }),
        ledgerAppendOnly(t),
      ];
    case 'feedback:write':
    case 'requests:write':
    case 'webhooks:write':
    case 'keys:write':
      // PutItem alone: the catalogue's documents are written by one conditional PutItem each (no
      // UpdateItem, DeleteItem or BatchWriteItem in any adapter but the counters', which counters:write
      // covers). ForAllValues: every partition key a request names must be one of these kinds.
      return [
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [t.table.tableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': DOC_WRITES[cap].map((kind) => `${kind}#*`) },
          },
        }),
        ledgerAppendOnly(t),
      ];
    case 'ledger:append':
      // Entries are created if absent; the head and the marks are replaced conditionally on their
      // revision: PutItem alone. IAM has no condition on a request's ConditionExpression, so a role
      // holding this could still overwrite an entry with an unconditional PutItem; the chain, and the
      // write-once public exports of it, would show that (docs/deploy.md, Alarms and what to do).
      return [
        new iam.PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [t.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': LEDGER_KEY_PATTERNS } },
        }),
        ledgerAppendOnly(t),
      ];
    case 'published:read':
      return publishedRead(t);
    case 'published:write':
      // No DeleteObject: published versions are never removed by the platform (the bucket policy
      // denies it anyway). GetObject lets an idempotent retry compare what is already there.
      return [
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
          resources: [
            t.publishedBucket.arnForObjects(`${KEY_PREFIXES.published}*`),
            t.publishedBucket.arnForObjects(`${KEY_PREFIXES.catalog}*`),
          ],
        }),
      ];
    case 'raw:read':
      return [
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [t.rawBucket.arnForObjects(`${KEY_PREFIXES.rawUploads}*`)],
        }),
        // So a file not uploaded yet answers 404 (submit says "not uploaded") rather than 403.
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [t.rawBucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${KEY_PREFIXES.rawUploads}*`] } },
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [t.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
        }),
      ];
    case 'raw:presign-upload':
      return [
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
          resources: [t.rawBucket.arnForObjects(`${KEY_PREFIXES.rawUploads}*`)],
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [t.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
        }),
      ];
    case 'pseudonym:read':
      return [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [t.pseudonymSecret.secretArn],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [t.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
        }),
      ];
    case 'athena:query': {
      const glue = glueArns(t);
      const workgroupArn = Arn.format(
        { service: 'athena', resource: 'workgroup', resourceName: t.athenaWorkgroupName },
        Stack.of(t.table),
      );
      return [
        new iam.PolicyStatement({
          actions: [
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
            'athena:GetWorkGroup',
          ],
          resources: [workgroupArn],
        }),
        new iam.PolicyStatement({ actions: GLUE_READ, resources: [glue.catalog, glue.database, glue.tables] }),
        // Athena reads the data with the caller's credentials.
        ...publishedRead(t),
        new iam.PolicyStatement({
          actions: ['s3:GetBucketLocation', 's3:ListBucket'],
          resources: [t.athenaResults.bucketArn],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [t.athenaResults.arnForObjects('athena/*')],
        }),
      ];
    }
    case 'athena:results': {
      const workgroupArn = Arn.format(
        { service: 'athena', resource: 'workgroup', resourceName: t.athenaWorkgroupName },
        Stack.of(t.table),
      );
      return [
        new iam.PolicyStatement({
          actions: ['athena:GetQueryExecution', 'athena:GetQueryResults'],
          resources: [workgroupArn],
        }),
        // GetQueryResults reads the result object with the caller's credentials; the link is presigned.
        new iam.PolicyStatement({
          actions: ['s3:GetBucketLocation', 's3:ListBucket'],
          resources: [t.athenaResults.bucketArn],
        }),
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [t.athenaResults.arnForObjects('athena/*')] }),
      ];
    }
    case 'glue:register': {
      const glue = glueArns(t);
      return [
        new iam.PolicyStatement({
          actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:GetTable', 'glue:GetDatabase'],
          resources: [glue.catalog, glue.database, glue.tables],
        }),
      ];
    }
    case 'published:withdraw':
      // Tagging changes no byte (the bucket policy keeps denying overwrites and deletes, and lets a
      // tag under datasets/ only say withdrawn=true). Every key has one version (no overwrites), so
      // s3:PutObjectVersionTagging is not needed. Version folders only (`datasets/<id>/v<n>/...`): the
      // audit-ledger export (`datasets/_audit/<file>`) has no `/v` folder, so it cannot be tagged.
      return [
        new iam.PolicyStatement({
          actions: ['s3:PutObjectTagging'],
          resources: [t.publishedBucket.arnForObjects(VERSION_FILES)],
        }),
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [t.publishedBucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${KEY_PREFIXES.published}*`] } },
        }),
        new iam.PolicyStatement({ actions: ['cloudfront:CreateInvalidation'], resources: [t.distributionArn] }),
        // Closes the version in the files gate (410 at the edge). The hourly reconciliation is files:reconcile.
        new iam.PolicyStatement({ actions: GATE_OPEN, resources: [t.filesGateArn] }),
      ];
    case 'files:open':
      // Opens a committed version in the files gate; the store's one ARN, no other action.
      return [new iam.PolicyStatement({ actions: GATE_OPEN, resources: [t.filesGateArn] })];
    case 'files:reconcile':
      return [new iam.PolicyStatement({ actions: GATE_RECONCILE, resources: [t.filesGateArn] })];
    case 'keys:read':
      // The access middleware's API-key lookup (a strongly consistent GetItem), nothing else of the table.
      return [
        new iam.PolicyStatement({
          actions: ['dynamodb:GetItem'],
          resources: [t.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${API_KEY_KEY_PREFIX}*`] } },
        }),
      ];
    case 'events:publish':
      return [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [t.eventBus.eventBusArn] })];
    case 'site:rebuild':
      // Start only (no stop, no retry of another build, no environment overrides beyond StartBuild's).
      return [new iam.PolicyStatement({ actions: ['codebuild:StartBuild'], resources: [t.siteBuildProjectArn] })];
    case 'counters:write':
      // Only items whose partition key is a counter: the rest of the table stays read-only.
      return [
        new iam.PolicyStatement({
          actions: COUNTER_RW,
          resources: [t.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${COUNTER_KEY_PREFIX}*`] } },
        }),
      ];
    case 'alerts:publish':
      return [
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [t.alertTopic.topicArn] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [t.messagingKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.amazonaws.com` } },
        }),
      ];
  }
}

/** Expands implied capabilities (Athena reads published data with the caller's credentials). */
export function expandCapabilities(caps: readonly Capability[]): Capability[] {
  const out = new Set<Capability>(caps);
  if (out.has('athena:query')) out.add('published:read');
  if (out.has('catalog:write') || [...out].some(isDocWrite)) out.add('catalog:read');
  // Appending reads the ledger's head and last entries first.
  if (out.has('ledger:append')) out.add('catalog:read');
  return [...out];
}

export interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
}

/**
 * The cdk-nag IAM5 findings a capability's prefix-scoped statements produce, each with the reason it
 * is the narrowest possible grant. Acknowledged on the function's role by HandlerFunctions.
 */
export function acknowledgementsFor(cap: Capability, t: AccessTargets, handler: string): Acknowledgement[] {
  const published = nagResource(t.table, t.publishedBucket.bucketArn);
  const ack = (resource: string, reason: string): Acknowledgement => ({
    id: `AwsSolutions-IAM5[Resource::${resource}]`,
    reason: `${handler}: ${reason}`,
  });
  const publishedPrefixes = (verb: string) => [
    ack(
      `${published}/${KEY_PREFIXES.published}*`,
      `${verb} published versions: keys are datasets/<id>/<version>/<file>, unknown until publish time; scoped to the datasets/ prefix.`,
    ),
    ack(
      `${published}/${KEY_PREFIXES.catalog}*`,
      `${verb} the catalogue snapshot(s) under catalog/; scoped to that prefix.`,
    ),
  ];
  const glueTables = ack(
    nagResource(t.table, glueArns(t).tables),
    'one Glue table per published version, created at publish time; scoped to the platform database.',
  );
  switch (cap) {
    case 'published:read':
      return publishedPrefixes('reads');
    case 'published:write':
      return publishedPrefixes('writes (write-once, enforced by the bucket policy)');
    case 'published:withdraw':
      return [
        ack(
          `${published}/${VERSION_FILES}`,
          'tags the files of a withdrawn version (datasets/<id>/v<n>/<file>, known only at withdrawal); scoped to version folders, and the bucket policy only admits the withdrawn=true tag there.',
        ),
      ];
    case 'raw:read':
    case 'raw:presign-upload':
      return [
        ack(
          nagResource(t.table, t.rawBucket.arnForObjects(`${KEY_PREFIXES.rawUploads}*`)),
          'raw uploads are keyed uploads/<department>/<release>/..., unknown in advance; scoped to the uploads/ prefix.',
        ),
      ];
    case 'athena:query':
      return [
        glueTables,
        ack(
          nagResource(t.table, t.athenaResults.arnForObjects('athena/*')),
          'Athena writes one result object per query execution id under athena/ in the results bucket.',
        ),
      ];
    case 'athena:results':
      return [
        ack(
          nagResource(t.table, t.athenaResults.arnForObjects('athena/*')),
          'Athena writes one result object per query execution id under athena/: any of them may be read.',
        ),
      ];
    case 'glue:register':
      return [glueTables];
    default:
      return [];
  }
}
