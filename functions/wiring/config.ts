import { z } from 'zod';
import { DEFAULT_PARQUET_CACHE_MAX_BYTES } from '../adapters/aws/tmp-parquet-cache.ts';
import { AnonymousLimitsEnv } from './anonymous-limits.ts';

export { anonymousLimits } from './anonymous-limits.ts';

/**
 * Runtime configuration from the environment, parsed strictly at cold start: a missing or malformed
 * value fails with the variable's name and a hint rather than later with an obscure error.
 */
const Common = {
  /** Public base URL of the platform (CloudFront, or http://localhost:8787). */
  PUBLIC_BASE_URL: z.string().url(),
  /** Version of the running build (health endpoint). */
  APP_VERSION: z.string().default('dev'),
  /** Scratch space: /tmp on Lambda. */
  WORK_DIR: z.string().default('/tmp'),
  /** Query time limit in milliseconds. */
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** DuckDB memory limit per process for queries. */
  QUERY_MEMORY_LIMIT: z.string().default('1GB'),
  /** The anonymous rate limits (anonymous-limits.ts: the site build reads them too). */
  ...AnonymousLimitsEnv,
  /** How long a container trusts a looked-up API key (revocation delay across containers). */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  /** Usage counts are written at most this often per container (0 = after every request). */
  USAGE_FLUSH_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** How long a container may serve dataset/version records from memory (0 = no cache). */
  CATALOG_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /**
   * Versions whose Parquet is larger than this many bytes are queried asynchronously (202 + a job to
   * poll): Athena in AWS (needs ATHENA_WORKGROUP and GLUE_DATABASE), a background DuckDB run locally.
   * Default 2 GiB, about what one 2–3 GB function can scan within the synchronous time limit.
   */
  ATHENA_THRESHOLD_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(2 * 1024 ** 3),
  /** Header carrying the client address when behind a proxy (AWS: cloudfront-viewer-address). */
  CLIENT_IP_HEADER: z.string().toLowerCase().optional(),
  /** Shared with CloudFront's origin header: proves a request came through the CDN. */
  EDGE_TOKEN: z.string().min(8).optional(),
};

export const AwsConfig = z.object({
  OPENDATA_MODE: z.literal('aws'),
  TABLE_NAME: z.string().min(1),
  PUBLISHED_BUCKET: z.string().min(1),
  RAW_BUCKET: z.string().min(1).optional(),
  PSEUDONYM_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** EventBridge bus for CatalogPublished events (site rebuild). */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** SNS topic for urgent alerts (privacy concerns); departments and admins subscribe to it. */
  ALERT_TOPIC_ARN: z.string().startsWith('arn:').optional(),
  ATHENA_WORKGROUP: z.string().min(1).optional(),
  GLUE_DATABASE: z.string().min(1).optional(),
  /**
   * Bytes the /tmp copies of published Parquet may take together (DuckDB functions); least recently
   * used copies are deleted beyond it. The stack sets it from the functions' /tmp size; the default
   * matches the stack's (60% of 2048 MiB). The asynchronous threshold is kept at or below it.
   */
  PARQUET_CACHE_MAX_BYTES: z.coerce.number().int().min(1).default(DEFAULT_PARQUET_CACHE_MAX_BYTES),
  STAGE: z.string().optional(),
  ...Common,
});

export const LocalConfig = z.object({
  OPENDATA_MODE: z.literal('local'),
  /** Data directory of the local platform (.data by default). */
  OPENDATA_DATA_DIR: z.string().min(1),
  /** Endpoint of the embedded DynamoDB (dynalite). */
  DYNAMODB_ENDPOINT: z.string().url(),
  TABLE_NAME: z.string().min(1).default('opendata'),
  /** Bearer token of the local admin (API key management); generated into the data dir at first start. */
  OPENDATA_ADMIN_TOKEN: z.string().min(16),
  /**
   * Webhooks may target loopback receivers (127.0.0.1, ::1, localhost), over plain http too, so local
   * runs and tests can deliver to this machine. Local only: AwsConfig has no such key.
   */
  WEBHOOK_ALLOW_LOOPBACK: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  ...Common,
});

export const Config = z.discriminatedUnion('OPENDATA_MODE', [AwsConfig, LocalConfig]);
export type Config = z.output<typeof Config>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = Config.safeParse({ OPENDATA_MODE: 'aws', ...env });
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || 'OPENDATA_MODE'}: ${i.message}`);
    throw new Error(
      `invalid configuration:\n${lines.join('\n')}\nhint: in AWS the stack sets these variables; locally run \`npm start\`, which sets them for you`,
    );
  }
  return r.data;
}
