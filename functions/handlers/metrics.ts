import { requireAdmin, requireApiKey } from '../http/auth-guard.ts';
import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/response.ts';
import { noRoute } from '../http/route-problems.ts';
import { getUsage, type MetricsViewer } from '../usecases/metrics.ts';
import { computeScorecards, departmentScorecard } from '../usecases/scorecard.ts';
import { getDeps } from '../wiring/compose.ts';

/** Usage metrics (key holders: their own; admins: all) and public department scorecards. */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  const p = event.pathParameters ?? {};
  const q = event.queryStringParameters ?? {};
  switch (event.routeKey) {
    case 'GET /v1/metrics/usage':
    case 'GET /v1/metrics/datasets/{id}':
    case 'GET /v1/admin/metrics/usage':
    case 'GET /v1/admin/metrics/datasets/{id}': {
      const admin = event.routeKey.startsWith('GET /v1/admin/');
      const viewer: MetricsViewer = admin
        ? await requireAdmin(deps, event).then(() => ({ kind: 'admin' as const }))
        : requireApiKey(event);
      const query = p.id ? { groupBy: 'day,version,format', ...q, dataset: p.id } : q;
      return json(event, await getUsage(deps, viewer, query), { caching: 'none' });
    }
    case 'GET /v1/scorecards':
      return json(event, await computeScorecards(deps), { caching: 'short' });
    case 'GET /v1/scorecards/{department}':
      return json(event, await departmentScorecard(deps, p.department ?? ''), { caching: 'short' });
    default:
      throw noRoute(event.routeKey);
  }
});
