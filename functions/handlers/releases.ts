import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { ReleaseId } from '../core/release/release.ts';
import { parseBody } from '../http/body-schema.ts';
import { decodeInlineFile } from '../http/inline-file.ts';
import { readJsonBody } from '../http/json-body.ts';
import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import { approveRelease } from '../usecases/release/approve-release.ts';
import { latestLedgerExport, verifyLedger } from '../usecases/release/audit-ledger.ts';
import { readRelease, readReleases } from '../usecases/release/read-releases.ts';
import { rejectRelease } from '../usecases/release/reject-release.ts';
import { createRelease, submitRelease, type UploadInput } from '../usecases/release/submit-release.ts';
import { withdrawVersion } from '../usecases/release/withdraw-version.ts';
import { edgeWithdrawal } from '../wiring/edge-withdrawal.ts';
import { getReleaseDeps, recordRolesOnce } from '../wiring/release-deps.ts';

/** Body of POST /v1/releases: the manifest (YAML text) and the data, inline (local) or announced (presigned, AWS). */
const CreateBody = z.strictObject({
  releaseId: ReleaseId.optional(),
  manifest: z.string().min(1).max(512_000),
  files: z
    .array(
      z.union([
        z.strictObject({ name: z.string().min(1).max(300), contentBase64: z.string() }),
        z.strictObject({
          name: z.string().min(1).max(300),
          bytes: z.number().int().nonnegative(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        }),
      ]),
    )
    .min(1)
    .max(20),
});
const ReasonBody = z.strictObject({ reason: z.string().max(2000) });
const CREATE_EXAMPLE = '{"manifest": "<dataset.yaml text>", "files": [{"name": "data.csv", "contentBase64": "..."}]}';
const REASON_EXAMPLE = '{"reason": "..."}';

/**
 * The body read as JSON by the shared reader (415 for a body declared as another type, 400 for bad
 * JSON; an empty body is `null`), then checked against the route's schema.
 */
function body<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S, example: string): z.output<S> {
  return parseBody(schema, readJsonBody(event, { empty: null, example }));
}

/** Release API: authenticate (bearer token locally, IAM in AWS), then one use case per route. */
const api = apiHandler(async (event) => {
  const deps = getReleaseDeps(edgeWithdrawal);
  const p = event.pathParameters ?? {};
  if (event.routeKey === 'GET /v1/audit/verify') {
    const verdict = await verifyLedger(deps);
    const latestExport = await latestLedgerExport(deps);
    // Public and unauthenticated, on the function that also approves and withdraws: cached briefly at
    // the edge so anonymous callers cannot take up its reserved concurrency (each call reads the ledger).
    return json(event, { ...verdict, latestExport }, { caching: 'short', status: verdict.valid ? 200 : 409 });
  }
  await recordRolesOnce(deps);
  const principal = await deps.auth.authenticate(event);
  const none = { caching: 'none' as const };
  switch (event.routeKey) {
    case 'POST /v1/releases': {
      const b = body(event, CreateBody, CREATE_EXAMPLE);
      const dir = await mkdtemp(join(deps.workRoot, 'upload-'));
      try {
        const files: UploadInput[] = [];
        for (const [i, f] of b.files.entries()) {
          if ('contentBase64' in f) {
            // A file that is not base64 is refused here, before createRelease stores anything.
            const bytes = decodeInlineFile(f.name, i, f.contentBase64);
            const path = join(dir, String(i));
            await writeFile(path, bytes);
            files.push({
              name: f.name,
              path,
              bytes: bytes.length,
              sha256: createHash('sha256').update(bytes).digest('hex'),
            });
          } else files.push(f);
        }
        const out = await createRelease(deps, principal, {
          manifestYaml: b.manifest,
          files,
          ...(b.releaseId ? { releaseId: b.releaseId } : {}),
        });
        return json(
          event,
          { ...out.release, ...(out.uploads ? { uploads: out.uploads } : {}) },
          { ...none, status: out.created ? 201 : 200 },
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    case 'GET /v1/releases':
      return json(
        event,
        { releases: await readReleases(deps, principal, { datasetId: event.queryStringParameters?.dataset }) },
        none,
      );
    case 'GET /v1/releases/{id}':
      return json(event, await readRelease(deps, principal, p.id ?? ''), none);
    case 'POST /v1/releases/{id}/submit':
      return json(event, await submitRelease(deps, principal, p.id ?? ''), none);
    case 'POST /v1/releases/{id}/approve': {
      const r = await approveRelease(deps, principal, p.id ?? '');
      // 202: approved, publication queued (AWS); poll GET /v1/releases/{id} until it is published.
      return json(event, r, { ...none, status: r.state === 'approved' ? 202 : 200 });
    }
    case 'POST /v1/releases/{id}/reject':
      return json(
        event,
        await rejectRelease(deps, principal, p.id ?? '', body(event, ReasonBody, REASON_EXAMPLE).reason),
        none,
      );
    case 'POST /v1/datasets/{id}/versions/{version}/withdraw':
      return json(
        event,
        await withdrawVersion(
          deps,
          principal,
          p.id ?? '',
          p.version ?? '',
          body(event, ReasonBody, REASON_EXAMPLE).reason,
        ),
        none,
      );
    default:
      throw noRoute(event.routeKey);
  }
});

/**
 * The release API only. Its scheduled work (the hourly catalogue refresh and files-gate reconciliation,
 * the daily audit-ledger export, `files-gate-sync`) and what a withdrawal leaves behind (the snapshot,
 * the ledger export) run in the maintenance function (handlers/maintenance.ts), whose time limit fits
 * a thousand datasets; an API request has 30 s.
 */
export const handler = async (event: APIGatewayProxyEventV2 | { task?: string }, context: never) => {
  if (!('routeKey' in event) || !event.routeKey) {
    const task = (event as { task?: string }).task;
    throw new Error(
      `unknown scheduled task ${JSON.stringify(task)}: the releases function serves the release API; scheduled tasks run in the maintenance function`,
    );
  }
  return api(event as APIGatewayProxyEventV2, context);
};
