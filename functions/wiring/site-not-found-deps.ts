import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.ts';
import { CachingBlobReader } from '../adapters/cache/caching-blob-reader.ts';
import { NOT_FOUND_MAX_AGE_SECONDS, type SiteNotFoundDeps } from '../usecases/site-not-found.ts';

const SiteNotFoundEnv = z.object({ [RUNTIME_ENV.siteBucket]: z.string().min(1) });

/**
 * How long a not-found page that could not be read (S3 failed, or no site build yet: AccessDenied) is not
 * read again. Seconds, not the page's minute: a failure then costs one S3 read per language every few
 * seconds however many unknown paths a crawler asks for, and the site's page returns soon after S3 does.
 */
export const NOT_FOUND_FAILED_READ_TTL_MS = 5_000;

/**
 * AWS: the site bucket through the S3 adapter (the function's role may read its not-found pages only),
 * behind a read cache of the container's memory: CloudFront sends the function every 403/404 of the site
 * bucket, and each page is kept as long as CloudFront keeps the answer (NOT_FOUND_MAX_AGE_SECONDS).
 */
export function composeSiteNotFoundDeps(env: NodeJS.ProcessEnv = process.env): SiteNotFoundDeps {
  const r = SiteNotFoundEnv.safeParse(env);
  if (!r.success) {
    throw new Error(
      `invalid site not-found configuration: ${RUNTIME_ENV.siteBucket} is missing\nhint: the stack sets it on the siteNotFound function (infra/constructs/site-not-found.ts)`,
    );
  }
  const bucket = new S3BlobStore(new S3Client({}), r.data[RUNTIME_ENV.siteBucket] as string);
  return {
    site: new CachingBlobReader(bucket, {
      ttlMs: NOT_FOUND_MAX_AGE_SECONDS * 1000,
      failureTtlMs: NOT_FOUND_FAILED_READ_TTL_MS,
    }),
  };
}

let composed: SiteNotFoundDeps | undefined;

/** Composed once per container, from its environment (so the page cache lives as long as the container). */
export function getSiteNotFoundDeps(): SiteNotFoundDeps {
  composed ??= composeSiteNotFoundDeps();
  return composed;
}
