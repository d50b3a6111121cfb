import { notFound } from '../core/errors.ts';
import type { Feedback } from '../core/feedback/feedback.ts';
import { buildScorecards } from '../core/scorecard/build-scorecard.ts';
import type { DepartmentScorecard, Scorecards } from '../core/scorecard/scorecard.ts';
import { type DatasetVersions, listCatalogVersions } from './catalog-versions.ts';
import type { Deps } from './deps.ts';
import { allFeedback } from './feedback.ts';
import { usageByDataset } from './metrics.ts';

/** Usage window of the scorecards. */
export const SCORECARD_USAGE_DAYS = 30;

/**
 * Every department's scorecard, computed now from the catalogue, the usage counters and feedback. The
 * catalogue snapshot passes what it has already read (every dataset's versions, all feedback).
 */
export async function computeScorecards(
  deps: Deps,
  read: { readonly datasets?: readonly DatasetVersions[]; readonly feedback?: readonly Feedback[] } = {},
): Promise<Scorecards> {
  const published = (d: { readonly latestVersion: number | null }) => d.latestVersion !== null;
  const datasets = read.datasets
    ? read.datasets.filter((d) => published(d.entry))
    : await listCatalogVersions(deps.catalog, (await deps.catalog.listDatasets()).filter(published));
  const now = deps.clock.now();
  const [usage, feedback] = await Promise.all([
    usageByDataset(deps, SCORECARD_USAGE_DAYS),
    read.feedback ?? allFeedback(deps),
  ]);
  return {
    generatedAt: now.toISOString(),
    departments: buildScorecards({ datasets, usage, feedback, usageDays: SCORECARD_USAGE_DAYS, now }),
  };
}

export async function departmentScorecard(deps: Deps, department: string): Promise<DepartmentScorecard> {
  const card = (await computeScorecards(deps)).departments.find((d) => d.department.id === department);
  if (!card) {
    throw notFound({
      detail: `no department "${department}" with published datasets`,
      hint: 'see GET /v1/scorecards',
      zh: { detail: `没有已发布数据集的部门“${department}”`, hint: '请查看 GET /v1/scorecards' },
    });
  }
  return card;
}
