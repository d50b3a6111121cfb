/**
 * Where queries leave the synchronous path in AWS. Shared by the runtime (compose.ts
 * uses it) and the synth-time check of the Athena workgroup's per-query cutoff (infra/config.ts), so
 * the two cannot drift. No imports on purpose: the function bundles import this file.
 */

/**
 * Largest Parquet artifact (bytes) the query function answers synchronously in AWS, whatever
 * ATHENA_THRESHOLD_BYTES and the /tmp copy budget (PARQUET_CACHE_MAX_BYTES, 1.2 GiB) would allow: the
 * first query of a version copies the whole file from S3 to /tmp and scans it within API Gateway's
 * 30 s, which 512 MiB leaves room for and 1.2 GiB does not. Larger versions are queried by Athena.
 */
export const AWS_ATHENA_THRESHOLD_BYTES = 512 * 1024 ** 2;

/**
 * `athenaBytesScannedCutoff` must be at least this many times AWS_ATHENA_THRESHOLD_BYTES: below it,
 * Athena cancels every full scan of the smallest versions it is given (`scan-limit`).
 */
export const ATHENA_CUTOFF_MIN_MULTIPLE = 4;
