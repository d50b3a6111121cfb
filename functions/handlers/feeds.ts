import { apiHandler } from '../http/middleware.ts';
import { text } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import { datasetFeed, departmentFeed } from '../usecases/feeds.ts';
import { getDeps } from '../wiring/compose.ts';

const ATOM = 'application/atom+xml; charset=utf-8';

/** Atom feeds per dataset and per department (live from the catalogue; the site has static ones too). */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  const p = event.pathParameters ?? {};
  switch (event.routeKey) {
    case 'GET /v1/feeds/datasets/{id}':
      return text(event, await datasetFeed(deps, p.id ?? ''), ATOM);
    case 'GET /v1/feeds/departments/{department}':
      return text(event, await departmentFeed(deps, p.department ?? ''), ATOM);
    default:
      throw noRoute(event.routeKey);
  }
});
