import { notFound } from '../core/errors.ts';
import { buildScorecards } from '../core/scorecard/build-scorecard.ts';
import type { DepartmentScorecard, Scorecards } from '../core/scorecard/scorecard.ts';
import type { Deps } from './deps.ts';
import { allFeedback } from './feedback.ts';
import { mapConcurrently } from './map-concurrently.ts';
import { usageByDataset } from './metrics.ts';

/** Usage window of the scorecards. */
export const SCORECARD_USAGE_DAYS = 30;

/**
 * Datasets whose versions are listed at once. All at once, a thousand datasets were a thousand
 * concurrent queries (the SDK's sockets, the table's burst capacity); one at a time, minutes.
 */
export const SCORECARD_CONCURRENCY = 16;

/** Every department's scorecard, computed now from the catalogue, the usage counters and feedback. */
export async function computeScorecards(deps: Deps): Promise<Scorecards> {
  const entries = (await deps.catalog.listDatasets()).filter((d) => d.latestVersion !== null);
  const datasets = await mapConcurrently(entries, SCORECARD_CONCURRENCY, async (entry) => ({
    entry,
    versions: await deps.catalog.listVersions(entry.id),
  }));
  const now = deps.clock.now();
  const [usage, feedback] = await Promise.all([usageByDataset(deps, SCORECARD_USAGE_DAYS), allFeedback(deps)]);
  return {
    generatedAt: now.toISOString(),
    departments: buildScorecards({ datasets, usage, feedback, usageDays: SCORECARD_USAGE_DAYS, now }),
  };
}

export async function departmentScorecard(deps: Deps, department: string): Promise<DepartmentScorecard> {
  const card = (await computeScorecards(deps)).departments.find((d) => d.department.id === department);
  if (!card)
    throw notFound({ detail: `no department "${department}" with published datasets`, hint: 'see GET /v1/scorecards' });
  return card;
}
