import { requirePrincipal } from '../http/auth-guard.ts';
import { backToPage, readBody, refusedFormBack, sourceIpOf } from '../http/form-body.ts';
import { readJsonBody } from '../http/json-body.ts';
import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import {
  createRequest,
  getRequest,
  listRequests,
  setRequestStatus,
  voteForRequest,
} from '../usecases/data-requests.ts';
import { getDeps } from '../wiring/compose.ts';
import { registeredDepartments } from '../wiring/departments.ts';

const departments = registeredDepartments();
/** The status route reads JSON only (a department's client, never a page's form). */
const STATUS_BODY = { empty: {}, example: '{"status": "declined", "reason": "…"}' };

/** Data requests: anyone creates and votes; a department or an admin sets the status. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  const id = event.pathParameters?.rid ?? '';
  switch (event.routeKey) {
    case 'GET /v1/requests':
      return json(
        event,
        { requests: await listRequests(deps, event.queryStringParameters ?? {}) },
        { caching: 'none' },
      );
    case 'POST /v1/requests': {
      const { body, form } = readBody(event);
      const returnTo = (body as { returnTo?: unknown }).returnTo;
      const created = await refusedFormBack(form, returnTo, '/requests/#new-request', () =>
        createRequest(deps, body, { sourceIp: sourceIpOf(event, deps.access) }, departments),
      );
      if ('refused' in created) return created.refused;
      const r = created.value;
      if (form) return backToPage(returnTo, '/requests/', 'request');
      return json(event, r, { status: 201, caching: 'none', headers: { location: `/v1/requests/${r.id}` } });
    }
    case 'GET /v1/requests/{rid}':
      return json(event, await getRequest(deps, id), { caching: 'none' });
    case 'POST /v1/requests/{rid}/votes': {
      const { body, form } = readBody(event);
      const returnTo = (body as { returnTo?: unknown }).returnTo;
      const voted = await refusedFormBack(form, returnTo, `/requests/#r-${encodeURIComponent(id)}`, () =>
        voteForRequest(deps, id, { sourceIp: sourceIpOf(event, deps.access) }),
      );
      if ('refused' in voted) return voted.refused;
      const r = voted.value;
      if (form) return backToPage(returnTo, '/requests/', 'vote');
      return json(event, { id: r.id, votes: r.votes }, { caching: 'none' });
    }
    case 'PUT /v1/requests/{rid}/status': {
      const principal = await requirePrincipal(deps, event);
      return json(event, await setRequestStatus(deps, principal, id, readJsonBody(event, STATUS_BODY), departments), {
        caching: 'none',
      });
    }
    default:
      throw noRoute(event.routeKey);
  }
});
