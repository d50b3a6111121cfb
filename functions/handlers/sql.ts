import { noteUsage } from '../http/access-control.ts';
import { readJsonBody } from '../http/json-body.ts';
import { apiHandler } from '../http/middleware.ts';
import { negotiateFormat, renderAnswer } from '../http/query-output.ts';
import { json, text } from '../http/response.ts';
import { runSql, sqlFormatParam } from '../usecases/run-sql.ts';
import { getDeps } from '../wiring/compose.ts';

/**
 * POST /v1/sql: one read-only SELECT over published datasets; JSON, CSV or NDJSON (`format` in the URL
 * or the body, or Accept).
 */
export const handler = apiHandler(async (event) => {
  const body = readJsonBody(event, { empty: null, example: '{"sql": "SELECT * FROM \\"seattle-weather\\" LIMIT 10"}' });
  const format = negotiateFormat(event, sqlFormatParam(body, event.queryStringParameters?.format));
  const answer = await runSql(getDeps(), body);
  for (const t of Object.values(answer.tables)) {
    noteUsage(event, { kind: 'sql', dataset: t.dataset, version: t.version, format });
  }
  if (format === 'json') return json(event, answer, { caching: 'none' });
  // CSV or NDJSON, as the query API renders them (the paging headers: x-truncated, x-truncated-by).
  const out = renderAnswer(answer, format);
  const headers = { ...out.headers, vary: 'accept' };
  return text(event, out.body, out.contentType, { caching: 'none', headers });
});
