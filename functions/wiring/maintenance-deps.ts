import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { RUNTIME_ENV } from '../../infra/runtime-env.ts';
import { CodeBuildSiteBuilder } from '../adapters/aws/codebuild-site-builder.ts';
import { EventBridgePublicationQueue } from '../adapters/aws/eventbridge-publication-queue.ts';
import type { Deps } from '../usecases/deps.ts';
import type { MaintenanceDeps } from '../usecases/maintenance.ts';
import { getDeps } from './compose.ts';
import { filesGate } from './edge-publication.ts';
import { installedReleaseDeps } from './release-deps.ts';

/**
 * AWS: the platform's deps, the files gate's reconciliation (FILES_GATE_ARN: list and batched writes;
 * no S3 tagging, no CloudFront invalidation — withdrawal did those) and the publication queue on
 * EVENT_BUS_NAME (stalled publications are queued again), and the site build (SITE_BUILD_PROJECT: a
 * failed build is started again). No raw uploads, principals or registry: the maintenance function
 * neither checks, approves nor publishes.
 */
export function composeAwsMaintenanceDeps(deps: Deps, env: NodeJS.ProcessEnv = process.env): MaintenanceDeps {
  const { eventBusName, siteBuildProject } = RUNTIME_ENV;
  const r = z.object({ [eventBusName]: z.string().min(1), [siteBuildProject]: z.string().min(1) }).safeParse(env);
  if (!r.success) {
    throw new Error(
      `invalid maintenance configuration: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}\nhint: the stack sets ${eventBusName} on every function and ${siteBuildProject} on the one holding site:rebuild (infra/handler-table.ts)`,
    );
  }
  const gate = filesGate(env);
  return {
    ...deps,
    publishedFiles: { reconcile: (versions) => gate.reconcile(versions) },
    publication: new EventBridgePublicationQueue(new EventBridgeClient({}), r.data[eventBusName]),
    siteBuild: new CodeBuildSiteBuilder(new CodeBuildClient({}), r.data[siteBuildProject]),
  };
}

let composed: MaintenanceDeps | undefined;

/** Locally the release deps the platform installed (its files gate is the catalogue); in Lambda, from the env. */
export function getMaintenanceDeps(): MaintenanceDeps {
  const local = installedReleaseDeps();
  if (local) return local;
  composed ??= composeAwsMaintenanceDeps(getDeps());
  return composed;
}
