import { badRequest } from '../core/errors.ts';
import { noteUsage } from '../http/access-control.ts';
import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { runSql } from '../usecases/run-sql.ts';
import { getDeps } from '../wiring/compose.ts';

/** POST /v1/sql: one read-only SELECT over published datasets. */
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
  const answer = await runSql(getDeps(), body);
  for (const t of Object.values(answer.tables)) {
    noteUsage(event, { kind: 'sql', dataset: t.dataset, version: t.version, format: 'json' });
  }
  return json(event, answer, { caching: 'none' });
});
