import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.ts';
import type { SiteNotFoundDeps } from '../usecases/site-not-found.ts';

const SiteNotFoundEnv = z.object({ [RUNTIME_ENV.siteBucket]: z.string().min(1) });

/** AWS: the site bucket through the S3 adapter (the function's role may read its not-found pages only). */
export function composeSiteNotFoundDeps(env: NodeJS.ProcessEnv = process.env): SiteNotFoundDeps {
  const r = SiteNotFoundEnv.safeParse(env);
  if (!r.success) {
    throw new Error(
      `invalid site not-found configuration: ${RUNTIME_ENV.siteBucket} is missing\nhint: the stack sets it on the siteNotFound function (infra/constructs/site-not-found.ts)`,
    );
  }
  return { site: new S3BlobStore(new S3Client({}), r.data[RUNTIME_ENV.siteBucket] as string) };
}

let composed: SiteNotFoundDeps | undefined;

/** Composed once per container, from its environment. */
export function getSiteNotFoundDeps(): SiteNotFoundDeps {
  composed ??= composeSiteNotFoundDeps();
  return composed;
}
