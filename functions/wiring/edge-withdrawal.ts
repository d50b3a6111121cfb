import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { S3PublishedFileAccess } from '../adapters/aws/s3-published-file-access.ts';
import type { PublishedFileAccess } from '../ports/published-file-access.ts';
import { filesGate } from './edge-publication.ts';

const Env = z.object({
  PUBLISHED_BUCKET: z.string().min(1),
  DISTRIBUTION_ID: z.string().regex(/^[A-Z0-9]+$/),
});

/**
 * Withdrawal at the edge (releases function only): the files gate (FILES_GATE_ARN) answers 410, tags
 * on PUBLISHED_BUCKET objects, which the bucket policy turns into a read deny, and invalidations of
 * DISTRIBUTION_ID. In its own module so that only the function that withdraws bundles the CloudFront client.
 */
export function edgeWithdrawal(s3: S3Client, env: NodeJS.ProcessEnv): PublishedFileAccess {
  const r = Env.safeParse(env);
  if (!r.success) {
    throw new Error(
      `invalid withdrawal configuration: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}\nhint: the stack sets PUBLISHED_BUCKET and DISTRIBUTION_ID (the distribution's id, not its ARN) on the releases function`,
    );
  }
  return new S3PublishedFileAccess(
    s3,
    r.data.PUBLISHED_BUCKET,
    new CloudFrontClient({}),
    r.data.DISTRIBUTION_ID,
    filesGate(env),
  );
}
