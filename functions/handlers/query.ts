import { bodyParams } from '../core/query/parse-query-params.ts';
import { noteUsage } from '../http/access-control.ts';
import { readJsonBody } from '../http/json-body.ts';
import { apiHandler } from '../http/middleware.ts';
import { negotiateFormat, renderAnswer } from '../http/query-output.ts';
import { json, text } from '../http/response.ts';
import { type QueryInput, queryDataset, requestParam } from '../usecases/query-dataset.ts';
import { getDeps } from '../wiring/compose.ts';

/** GET|POST /v1/datasets/{id}/query: SoQL over a published version; JSON, CSV or NDJSON. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  // A POST's body is read and checked once, here: the use case takes its parameters as a record.
  let body: Record<string, string | undefined> | undefined;
  if (event.requestContext.http.method === 'POST') {
    body = bodyParams(readJsonBody(event, { empty: {}, example: '{"$where": "x > 1"}' }));
  }
  const input: QueryInput = { params: { ...(event.queryStringParameters ?? {}) }, ...(body ? { body } : {}) };
  const format = negotiateFormat(event, requestParam(input, 'format'));
  const outcome = await queryDataset(deps, event.pathParameters?.id ?? '', input);
  if ('job' in outcome) {
    // A version too large for one function: 202 with the job to poll (never cached: each is a new job).
    const { job } = outcome;
    noteUsage(event, { kind: 'query', dataset: job.dataset, version: job.version, format });
    return json(event, job, { status: 202, caching: 'none', headers: { location: job.status, 'retry-after': '1' } });
  }
  const { answer, pinned } = outcome;
  noteUsage(event, { kind: 'query', dataset: answer.dataset, version: answer.version, format });
  const out = renderAnswer(answer, format);
  // HEAD answers as GET would (a POST is not cached by shared caches anyway).
  return text(event, out.body, out.contentType, {
    caching: pinned && body === undefined ? 'immutable' : 'short',
    headers: { ...out.headers, vary: 'accept' },
  });
});
