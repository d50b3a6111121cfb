import { requirePrincipal } from '../http/auth-guard.ts';
import { backToPage, readBody, refusedFormBack, sourceIpOf } from '../http/form-body.ts';
import { readJsonBody } from '../http/json-body.ts';
import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import {
  getFeedback,
  moderateFeedback,
  moderationQueue,
  publicFeedback,
  replyToFeedback,
  submitFeedback,
} from '../usecases/feedback.ts';
import { getDeps } from '../wiring/compose.ts';

/** The department's routes read JSON only: a plain form or text body is a 415 naming application/json. */
const MODERATION_BODY = { empty: {}, example: '{"action": "approve"}' };
const REPLY_BODY = { empty: {}, example: '{"text": "…", "resolve": true}' };

/** Feedback: public submission and reading; moderation and replies for the department or an admin. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  const p = event.pathParameters ?? {};
  const q = event.queryStringParameters ?? {};
  switch (event.routeKey) {
    case 'POST /v1/datasets/{id}/feedback': {
      const { body, form } = readBody(event);
      const id = p.id ?? '';
      const returnTo = (body as { returnTo?: unknown }).returnTo;
      const page = `/datasets/${encodeURIComponent(id)}/#feedback`;
      const submitted = await refusedFormBack(form, returnTo, page, () =>
        submitFeedback(deps, id, body, { sourceIp: sourceIpOf(event, deps.access) }),
      );
      if ('refused' in submitted) return submitted.refused;
      const { feedback } = submitted.value;
      if (form) return backToPage(returnTo, page, 'feedback');
      return json(
        event,
        { id: feedback.id, kind: feedback.kind, moderation: feedback.moderation, createdAt: feedback.createdAt },
        { status: 201, caching: 'none' },
      );
    }
    case 'GET /v1/datasets/{id}/feedback':
      return json(event, await publicFeedback(deps, p.id ?? ''), { caching: 'short' });
    case 'GET /v1/feedback': {
      const principal = await requirePrincipal(deps, event);
      const items = await moderationQueue(deps, principal, {
        ...(q.department ? { department: q.department } : {}),
        ...(q.moderation ? { moderation: q.moderation } : {}),
        ...(q.dataset ? { datasetId: q.dataset } : {}),
      });
      return json(event, { items }, { caching: 'none' });
    }
    case 'GET /v1/feedback/{fid}': {
      const principal = await requirePrincipal(deps, event);
      return json(event, await getFeedback(deps, principal, p.fid ?? ''), { caching: 'none' });
    }
    case 'POST /v1/feedback/{fid}/moderation': {
      const principal = await requirePrincipal(deps, event);
      return json(event, await moderateFeedback(deps, principal, p.fid ?? '', readJsonBody(event, MODERATION_BODY)), {
        caching: 'none',
      });
    }
    case 'POST /v1/feedback/{fid}/replies': {
      const principal = await requirePrincipal(deps, event);
      return json(event, await replyToFeedback(deps, principal, p.fid ?? '', readJsonBody(event, REPLY_BODY)), {
        status: 201,
        caching: 'none',
      });
    }
    default:
      throw noRoute(event.routeKey);
  }
});
