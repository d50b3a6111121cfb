import { apiHandler } from '../http/middleware.ts';
import { negotiateFormat, renderAnswer } from '../http/query-output.ts';
import { json, text } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import { getQueryJob, getQueryJobResult } from '../usecases/query-jobs.ts';
import { getDeps } from '../wiring/compose.ts';

/** Asynchronous queries (large versions): job status, and the finished job's rows as a query answer. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  const jobId = event.pathParameters?.jobId ?? '';
  switch (event.routeKey) {
    case 'GET /v1/query-jobs/{jobId}': {
      const view = await getQueryJob(deps, jobId);
      // A job changes state until it is done; a finished one keeps its answer, but its download link expires.
      return json(event, view, { caching: 'none' });
    }
    case 'GET /v1/query-jobs/{jobId}/result': {
      const format = negotiateFormat(event);
      // Usage was counted when the query was asked (202), not again when its rows are read.
      const answer = await getQueryJobResult(deps, jobId);
      const out = renderAnswer(answer, format);
      // A succeeded job's rows never change (the version is pinned in the job).
      return text(event, out.body, out.contentType, {
        caching: 'immutable',
        headers: { ...out.headers, vary: 'accept' },
      });
    }
    default:
      throw noRoute(event.routeKey);
  }
});
