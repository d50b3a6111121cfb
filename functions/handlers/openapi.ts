import { apiHandler } from '../http/middleware.ts';
import { buildOpenApi } from '../http/openapi/build-openapi.ts';
import { json } from '../http/response.ts';
import { getDeps } from '../wiring/compose.ts';

let doc: Record<string, unknown> | undefined;

/** GET /v1/openapi.json: the OpenAPI 3.1 document, built once per container from the route table. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  doc ??= buildOpenApi({ version: deps.appVersion });
  return json(event, doc, { caching: 'short' });
});
