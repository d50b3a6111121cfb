/**
 * Deployment configuration, read from CDK context and validated strictly: an unknown key, a missing
 * value or a bad value fails `cdk synth` with a message and a hint, before any construct is built.
 *
 * Sources, later wins:
 *   1. the `opendata` object in cdk.json (the checked-in defaults),
 *   2. per-key overrides on the command line: `cdk synth -c opendata:stage=prod -c opendata:alarmEmail=ops@x.gov`
 *      (values are strings there; numbers are coerced, arrays/objects are parsed as JSON).
 */
import { z } from 'zod';
import { ATHENA_CUTOFF_MIN_MULTIPLE, AWS_ATHENA_THRESHOLD_BYTES } from '../functions/wiring/athena-threshold.ts';

/** Log retention values CloudWatch Logs accepts (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653] as const;

const department = z.strictObject({
  /** Department id as it appears in API paths (`/v1/departments/{department}/...`). */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}$/, 'department id: lowercase letters, digits and dashes, 2-31 characters'),
  /** GitHub repository allowed to assume the department's CI role, `owner/name`. */
  githubRepo: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'githubRepo must look like "owner/name" (no wildcards)'),
  /** Branch whose workflows may assume the role (e.g. `main`). */
  branch: z
    .string()
    .regex(/^[A-Za-z0-9_./-]+$/, 'branch must be a plain branch name (no wildcards)')
    .default('main'),
});

const iamArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[A-Za-z0-9+=,.@_/-]+$/,
    'iamArns: IAM role or user ARNs, e.g. "arn:aws:iam::123456789012:role/approver-statistics" (no wildcards)',
  );

/**
 * Who may act in the release lifecycle (the AWS twin of datasets/principals.yaml): IAM roles or users
 * mapped to a stable principal id and its department roles. Delivered to the releases function as
 * PRINCIPALS_JSON (see infra/release-config.ts). Tokens do not exist in AWS: callers sign with SigV4.
 */
const principal = z.strictObject({
  /** Stable id recorded in releases and the audit ledger, e.g. `alice`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._@-]{0,127}$/, 'principal id: lower-case letters, digits, . _ @ -'),
  name: z.string().max(100).optional(),
  /** IAM roles/users (SigV4 callers, e.g. an IAM Identity Center permission-set role) acting as this principal. */
  iamArns: z.array(iamArn).default([]),
  /** Also map the GitHub Actions CI role this stack creates for that department (see `departments`). */
  departmentCiRole: z.string().optional(),
  admin: z.boolean().default(false),
  roles: z
    .array(z.strictObject({ role: z.enum(['publisher', 'approver']), department: z.string().min(1) }))
    .default([]),
});

/**
 * Who receives alerts (privacy concerns raised in feedback, urgent) and release notices (a release
 * awaits approval, failed its checks, was not published): a department's address or an admin.
 */
const alertSubscription = z.strictObject({
  email: z.email('alertSubscriptions: email must be an e-mail address'),
  /** Only alerts about this department (SNS filter policy); omit for an admin receiving every alert. */
  department: z.string().min(1).optional(),
  /** Only urgent alerts (privacy concerns), no release notices (SNS filter policy on `urgency`). */
  urgentOnly: z.boolean().default(false),
});

/**
 * The China regions (the aws-cn partition) lack what the delivery is built on: CloudFront there has no
 * origin access control, KeyValueStore or CloudFront Functions (the files gate, the site's index rewrite
 * and the viewer-address function), takes no ACM certificate (only IAM server certificates) and serves
 * only a custom domain with an ICP recordal. A synth would pass and the deployment fail, or deploy a
 * site nobody can reach, so the configuration refuses them (docs/deploy.md, Regions).
 */
const CHINA_REGION = /^cn-/;
const CHINA_REGION_MESSAGE =
  'region: the China regions (cn-north-1, cn-northwest-1: the aws-cn partition) are not supported. CloudFront there ' +
  'has no origin access control, KeyValueStore or CloudFront Functions (the files gate, the site rewrite and the ' +
  'viewer-address function need them), takes IAM server certificates instead of ACM ones and needs an ICP recordal ' +
  'for a custom domain; no China profile is built. The closest supported region is ap-east-1 (Hong Kong); see ' +
  'docs/deploy.md, Regions';

/**
 * The ingest queue's event source feeds at most this many invocations at once (`maxConcurrency` in
 * infra/constructs/handler-functions.ts; a test checks the template against this value). It must stay
 * below the ingest function's reserved concurrency, which approvals and the scorecard schedule share: a
 * throttled poller returns messages after the visibility timeout and counts the receive towards the
 * dead-letter queue, though nothing failed.
 */
export const INGEST_QUEUE_MAX_CONCURRENCY = 5;

/** RFC 2606 example domains and the example GitHub owner: fine for `dev`, never for a real stage. */
const PLACEHOLDER_DOMAIN = /(^|[@.])example\.(org|com|net)$/i;
const PLACEHOLDER_REPO = /^example-org\//i;

/** Checked-in example values still in the configuration, with their path. */
function placeholderValues(c: {
  alarmEmail: string;
  domainName?: string | undefined;
  departments: Array<{ githubRepo: string }>;
  alertSubscriptions: Array<{ email: string }>;
}): Array<[PropertyKey[], string]> {
  const found: Array<[PropertyKey[], string]> = [];
  if (PLACEHOLDER_DOMAIN.test(c.alarmEmail)) found.push([['alarmEmail'], c.alarmEmail]);
  if (c.domainName && PLACEHOLDER_DOMAIN.test(c.domainName)) found.push([['domainName'], c.domainName]);
  c.departments.forEach((d, i) => {
    if (PLACEHOLDER_REPO.test(d.githubRepo)) found.push([['departments', i, 'githubRepo'], d.githubRepo]);
  });
  c.alertSubscriptions.forEach((a, i) => {
    if (PLACEHOLDER_DOMAIN.test(a.email)) found.push([['alertSubscriptions', i, 'email'], a.email]);
  });
  return found;
}

export const configSchema = z
  .strictObject({
    /** Short stage name; part of resource names and the metrics namespace. */
    stage: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/, 'stage: lowercase letters, digits and dashes, 2-16 characters'),
    /** Pinned account and region; `dev` may leave both unset (environment-agnostic synth), other stages must set both. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'account must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'region must look like "eu-west-1"')
      .refine((r) => !CHINA_REGION.test(r), { message: CHINA_REGION_MESSAGE })
      .optional(),
    /** Optional custom domain for the CloudFront distribution; needs `certificateArn` (us-east-1). */
    domainName: z
      .string()
      .regex(
        /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        'domainName must be a lowercase DNS name',
      )
      .optional(),
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
        'certificateArn must be an ACM certificate ARN in us-east-1 (CloudFront requirement)',
      )
      .optional(),
    /** Days before raw uploads expire from the raw bucket. */
    rawRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
    /**
     * Days the access-log bucket keeps what it holds: S3 server access logs and CloudFront standard logs,
     * which record every viewer's address and full query string (docs/deploy.md, Logs and personal data).
     */
    accessLogRetentionDays: z.coerce.number().int().min(1).max(3650).default(365),
    /**
     * AWS Backup of the catalogue table (infra/stacks/stateful-stack.ts): days each daily backup is kept.
     * PITR covers the last 35 days to the second; these are whole-table copies kept in a vault.
     */
    backupDailyRetentionDays: z.coerce.number().int().min(1).max(36_500).default(35),
    /** Days each monthly backup (taken on the 1st) is kept; set it to the department's records schedule. */
    backupMonthlyRetentionDays: z.coerce.number().int().min(1).max(36_500).default(365),
    /**
     * Receives every alarm (SNS e-mail subscription; confirm the e-mail after the first deploy). The
     * checked-in example address (example.org) is refused for every stage but `dev`.
     */
    alarmEmail: z.email('alarmEmail must be an e-mail address'),
    /**
     * Athena per-query bytes-scanned cutoff: the workgroup cancels a query that scans more. At least
     * 4 × the size above which versions go to Athena (functions/wiring/athena-threshold.ts), so full scans of them
     * finish. Default 10 GB, about $0.05 per query at $5 per TB.
     */
    athenaBytesScannedCutoff: z.coerce
      .number()
      .int()
      .min(10_000_000, 'athenaBytesScannedCutoff: Athena requires at least 10000000 bytes (10 MB)')
      .default(10_000_000_000),
    /**
     * Bytes the Athena workgroup may scan in one day (UTC) before an alarm goes to `alarmEmail`. The
     * per-query cutoff bounds one query; this watches the total (anonymous clients can start many jobs).
     * Default 1 TB, about $5 a day at $5 per TB. An alarm, not a limit: queries keep running.
     */
    athenaDailyBytesScannedAlarm: z.coerce
      .number()
      .int()
      .min(10_000_000, "athenaDailyBytesScannedAlarm: at least 10000000 bytes (10 MB, Athena's minimum per query)")
      .default(1_000_000_000_000),
    /** HTTP API default stage throttling. */
    apiThrottleRateLimit: z.coerce.number().int().min(1).max(10_000).default(100),
    apiThrottleBurstLimit: z.coerce.number().int().min(1).max(5_000).default(200),
    /**
     * Reserved concurrency of each DuckDB function (protects the account's concurrency pool and caps
     * their spend); 0 reserves none. Lambda refuses a reservation that leaves the account fewer than 100
     * unreserved: the four DuckDB functions need a quota of 100 + 4 × this (new accounts may have 10).
     * A reservation must exceed INGEST_QUEUE_MAX_CONCURRENCY: ingest is one of the four (checked below).
     */
    queryReservedConcurrency: z.coerce.number().int().min(0).max(1000).default(10),
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(90),
    /**
     * Departments whose CI (GitHub Actions via OIDC) may call their own release routes. Empty: no CI
     * role and no OIDC provider are created (docs/deploy.md shows an entry).
     */
    departments: z.array(department).default([]),
    /**
     * ARN of an existing GitHub OIDC provider in the account. There can be only one provider per URL
     * per account: set this when another stack already created `token.actions.githubusercontent.com`.
     */
    githubOidcProviderArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/)
      .optional(),
    /** Release-lifecycle principals (IAM ARN -> department roles); empty means nobody can release yet. */
    principals: z.array(principal).default([]),
    /** Privacy-concern alert recipients; when empty, `alarmEmail` receives every alert. */
    alertSubscriptions: z.array(alertSubscription).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.domainName && !c.certificateArn) {
      ctx.addIssue({ code: 'custom', path: ['certificateArn'], message: 'certificateArn is required with domainName' });
    }
    if (c.certificateArn && !c.domainName) {
      ctx.addIssue({ code: 'custom', path: ['domainName'], message: 'domainName is required with certificateArn' });
    }
    if ((c.account === undefined) !== (c.region === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['account'],
        message: 'set both account and region, or neither (environment-agnostic synth)',
      });
    }
    // Region-dependent choices (CloudFront logging, infra/constructs/distribution.ts) cannot be made on
    // an unresolved region: only `dev` may synthesize environment-agnostic.
    if (c.stage !== 'dev' && c.region === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `stage "${c.stage}" must pin its environment: add -c opendata:account=<12-digit id> -c opendata:region=<region> (only "dev" may leave both unset)`,
      });
    }
    if (c.stage !== 'dev') {
      for (const [path, value] of placeholderValues(c)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${value}" is the checked-in example, not a real value: stage "${c.stage}" needs its own (override it with -c opendata:${String(path[0])}=…)`,
        });
      }
    }
    if (c.backupMonthlyRetentionDays < c.backupDailyRetentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['backupMonthlyRetentionDays'],
        message: `backupMonthlyRetentionDays (${c.backupMonthlyRetentionDays}) must be >= backupDailyRetentionDays (${c.backupDailyRetentionDays}): a monthly backup kept for less time than the daily ones adds nothing`,
      });
    }
    if (c.queryReservedConcurrency > 0 && c.queryReservedConcurrency <= INGEST_QUEUE_MAX_CONCURRENCY) {
      ctx.addIssue({
        code: 'custom',
        path: ['queryReservedConcurrency'],
        message:
          `queryReservedConcurrency ${c.queryReservedConcurrency} would reserve no more than the ${INGEST_QUEUE_MAX_CONCURRENCY} ` +
          'invocations the raw-upload queue feeds the ingest function at once: throttled queue polls would push uploads ' +
          'towards the dead-letter queue, and approvals and the scorecard schedule would find no room. ' +
          `Set it to at least ${INGEST_QUEUE_MAX_CONCURRENCY + 1}, or to 0 (no reservation; the API stage throttling alone then bounds the DuckDB functions)`,
      });
    }
    const minCutoff = ATHENA_CUTOFF_MIN_MULTIPLE * AWS_ATHENA_THRESHOLD_BYTES;
    if (c.athenaBytesScannedCutoff < minCutoff) {
      ctx.addIssue({
        code: 'custom',
        path: ['athenaBytesScannedCutoff'],
        message:
          `athenaBytesScannedCutoff ${c.athenaBytesScannedCutoff} is below ${ATHENA_CUTOFF_MIN_MULTIPLE} × ${AWS_ATHENA_THRESHOLD_BYTES} ` +
          `(versions larger than ${AWS_ATHENA_THRESHOLD_BYTES} bytes are queried by Athena, which would cancel their full scans): ` +
          `set it to at least ${minCutoff}, e.g. 10000000000 (10 GB, the default, about $0.05 per query)`,
      });
    }
    if (c.athenaDailyBytesScannedAlarm < c.athenaBytesScannedCutoff) {
      ctx.addIssue({
        code: 'custom',
        path: ['athenaDailyBytesScannedAlarm'],
        message: 'athenaDailyBytesScannedAlarm must be >= athenaBytesScannedCutoff (one allowed query would raise it)',
      });
    }
    if (c.apiThrottleBurstLimit < c.apiThrottleRateLimit) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiThrottleBurstLimit'],
        message: 'apiThrottleBurstLimit must be >= apiThrottleRateLimit',
      });
    }
    const ids = c.departments.map((d) => d.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['departments'], message: `duplicate department id "${dup}"` });
    const pids = c.principals.map((p) => p.id);
    const pdup = pids.find((id, i) => pids.indexOf(id) !== i);
    if (pdup) ctx.addIssue({ code: 'custom', path: ['principals'], message: `duplicate principal id "${pdup}"` });
    c.principals.forEach((p, i) => {
      if (p.departmentCiRole && !ids.includes(p.departmentCiRole)) {
        ctx.addIssue({
          code: 'custom',
          path: ['principals', i, 'departmentCiRole'],
          message: `departmentCiRole "${p.departmentCiRole}" is not in departments (known: ${ids.join(', ') || 'none'})`,
        });
      }
      if (p.iamArns.length === 0 && !p.departmentCiRole) {
        ctx.addIssue({
          code: 'custom',
          path: ['principals', i],
          message: `principal "${p.id}" needs iamArns or departmentCiRole (no other way to call in AWS)`,
        });
      }
    });
  });

export type PlatformConfig = z.output<typeof configSchema>;
export type DepartmentConfig = PlatformConfig['departments'][number];
export type PrincipalConfig = PlatformConfig['principals'][number];
export type AlertSubscriptionConfig = PlatformConfig['alertSubscriptions'][number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const CONTEXT_KEY = 'opendata';

/** Minimal view of a construct node, so this module does not depend on a particular App instance. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

function parseOverride(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const trimmed = raw.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Validates a plain object; throws ConfigError with every problem listed and a hint. */
export function parseConfig(input: unknown): PlatformConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    `Invalid deployment configuration (context "${CONTEXT_KEY}"):\n${z.prettifyError(result.error)}\n` +
      `Hint: fix the "${CONTEXT_KEY}" object in cdk.json or override one value with ` +
      `\`-c ${CONTEXT_KEY}:<key>=<value>\` (see docs/deploy.md).`,
  );
}

/** Reads the `opendata` context object plus `opendata:<key>` overrides and validates them. */
export function loadConfig(node: ContextSource): PlatformConfig {
  let base = node.tryGetContext(CONTEXT_KEY);
  if (typeof base === 'string') base = parseOverride(base);
  if (base !== undefined && (typeof base !== 'object' || base === null || Array.isArray(base))) {
    throw new ConfigError(`Context "${CONTEXT_KEY}" must be an object. Hint: see the example in cdk.json.`);
  }
  const merged: Record<string, unknown> = { ...((base as Record<string, unknown> | undefined) ?? {}) };
  for (const key of Object.keys(configSchema.shape)) {
    const override = node.tryGetContext(`${CONTEXT_KEY}:${key}`);
    if (override !== undefined) merged[key] = parseOverride(override);
  }
  return parseConfig(merged);
}
