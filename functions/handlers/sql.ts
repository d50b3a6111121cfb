import { badRequest } from '../core/errors.ts';
import { noteUsage } from '../http/access-control.ts';
import { apiHandler } from '../http/middleware.ts';
import { negotiateFormat, renderAnswer } from '../http/query-output.ts';
import { json, text } from '../http/response.ts';
import { runSql } from '../usecases/run-sql.ts';
import { getDeps } from '../wiring/compose.ts';

/** POST /v1/sql: one read-only SELECT over published datasets; JSON, CSV or NDJSON (`format=` or Accept). */
export const handler = apiHandler(async (event) => {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  let body: unknown;
  try {
    body = JSON.parse(raw || 'null');
  } catch {
    throw badRequest({
      detail: 'the request body is not valid JSON',
      hint: 'send {"sql": "SELECT * FROM \\"seattle-weather\\" LIMIT 10"}',
    });
  }
  const format = negotiateFormat(event);
  const answer = await runSql(getDeps(), body);
  for (const t of Object.values(answer.tables)) {
    noteUsage(event, { kind: 'sql', dataset: t.dataset, version: t.version, format });
  }
  if (format === 'json') return json(event, answer, { caching: 'none' });
  // CSV or NDJSON, as the query API renders them (the `x-truncated` header says whether rows were cut).
  const out = renderAnswer(answer, format);
  return text(event, out.body, out.contentType, { caching: 'none', headers: { ...out.headers, vary: 'accept' } });
});
