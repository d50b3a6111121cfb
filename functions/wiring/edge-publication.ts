import { CloudFrontKeyValueStoreClient } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { z } from 'zod';
import { KvsFilesGate } from '../adapters/aws/cloudfront-kvs-files-gate.ts';
import type { PublishedFileAccess } from '../ports/published-file-access.ts';

/** A CloudFront KeyValueStore ARN (global: no region), e.g. arn:aws:cloudfront::123456789012:key-value-store/<id>. */
const KvsArn = z.string().regex(/^arn:aws[a-z-]*:cloudfront::\d{12}:key-value-store\/[A-Za-z0-9-]+$/);
const Env = z.object({ FILES_GATE_ARN: KvsArn });

/**
 * The files gate of the distribution (FILES_GATE_ARN): the CloudFront KeyValueStore listing the
 * versions whose files `/files/*` serves. Validated here, so a missing setting fails at cold start.
 */
export function filesGate(env: NodeJS.ProcessEnv): KvsFilesGate {
  const r = Env.safeParse(env);
  if (!r.success) {
    throw new Error(
      `invalid files gate configuration: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}\nhint: the stack sets FILES_GATE_ARN (the key value store's ARN) on the releases, ingest and maintenance functions`,
    );
  }
  return new KvsFilesGate(new CloudFrontKeyValueStoreClient({}), r.data.FILES_GATE_ARN);
}

/**
 * Publication at the edge (the ingest function, which publishes but never withdraws): a committed
 * version is opened in the files gate. No S3 tagging, no CloudFront invalidation, no CloudFront client.
 */
export function edgePublication(_s3: unknown, env: NodeJS.ProcessEnv): PublishedFileAccess {
  const gate = filesGate(env);
  return {
    publish: async (datasetId, version) => {
      await gate.open(datasetId, version);
    },
    withdraw: async () => {
      throw new Error('this function does not withdraw versions: the releases function does');
    },
    reconcile: async () => {
      throw new Error('this function does not reconcile the files gate: the maintenance function does');
    },
  };
}
