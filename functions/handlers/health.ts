import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { getDeps } from '../wiring/compose.ts';

/** GET /v1/health: liveness and the running version. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  return json(
    event,
    { status: 'ok', version: deps.appVersion, time: deps.clock.now().toISOString() },
    { caching: 'none' },
  );
});
