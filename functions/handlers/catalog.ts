import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import { getDataset, listVersions, showVersion } from '../usecases/read-catalog.ts';
import { versionDiff } from '../usecases/release/version-diff.ts';
import { searchDatasets } from '../usecases/search-datasets.ts';
import { getDeps } from '../wiring/compose.ts';

/** Catalogue API: datasets and versions. Thin: parse the route, call a use case, shape the response. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  const p = event.pathParameters ?? {};
  switch (event.routeKey) {
    case 'GET /v1/datasets':
      return json(event, await searchDatasets(deps, event.queryStringParameters ?? {}));
    case 'GET /v1/datasets/{id}':
      return json(event, await getDataset(deps, p.id ?? ''));
    case 'GET /v1/datasets/{id}/versions':
      return json(event, { datasetId: p.id, versions: await listVersions(deps, p.id ?? '') });
    case 'GET /v1/datasets/{id}/versions/{version}': {
      const { record, pinned } = await showVersion(deps, p.id ?? '', p.version ?? '');
      return json(event, record, { caching: pinned && record.state === 'published' ? 'immutable' : 'short' });
    }
    case 'GET /v1/datasets/{id}/versions/{version}/diff':
      return json(event, await versionDiff(deps, p.id ?? '', p.version ?? '', event.queryStringParameters?.from));
    default:
      throw noRoute(event.routeKey);
  }
});
