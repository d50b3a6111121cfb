import { requireAdmin } from '../http/auth-guard.ts';
import { readJsonBody } from '../http/json-body.ts';
import { apiHandler } from '../http/middleware.ts';
import { header, json } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import { type AdminCaller, authorizeAdmin } from '../usecases/access/authorize-admin.ts';
import { issueApiKey } from '../usecases/access/issue-api-key.ts';
import { listApiKeys } from '../usecases/access/list-api-keys.ts';
import { revokeApiKey } from '../usecases/access/revoke-api-key.ts';
import { getDeps } from '../wiring/compose.ts';

/** Admin API for API keys: POST /v1/keys (issue), GET /v1/keys (list), DELETE /v1/keys/{id} (revoke). */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  // AWS: the IAM caller must be an admin of the principal directory, as on every admin route (the
  // IAM authorizer only proves who signed). Locally: the admin token.
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '')?.[1];
  const caller: AdminCaller = bearer ? { bearer } : {};
  const actor = deps.access.admin.kind === 'iam' ? (await requireAdmin(deps, event)).id : authorizeAdmin(deps, caller);
  switch (event.routeKey) {
    case 'POST /v1/keys': {
      const body = readJsonBody(event, { empty: {}, example: '{"name": "...", "scopes": ["query"]}' });
      const issued = await issueApiKey(deps, actor, body);
      // The key's resource: DELETE it to revoke the key.
      const location = `/v1/keys/${encodeURIComponent(issued.record.id)}`;
      return json(event, issued, { status: 201, caching: 'none', headers: { location } });
    }
    case 'GET /v1/keys':
      return json(event, { keys: await listApiKeys(deps) }, { caching: 'none' });
    case 'DELETE /v1/keys/{id}':
      return json(event, await revokeApiKey(deps, actor, event.pathParameters?.id ?? ''), { caching: 'none' });
    default:
      throw noRoute(event.routeKey);
  }
});
