import type { CommunitySnapshot } from '../core/catalog/schema.ts';
import { isPublic, publicView, summarize } from '../core/feedback/feedback.ts';
import type { DatasetVersions } from './catalog-versions.ts';
import { listRequests } from './data-requests.ts';
import type { Deps } from './deps.ts';
import { allFeedback } from './feedback.ts';
import { computeScorecards } from './scorecard.ts';

/** Items of public feedback per dataset carried into the site. */
const ITEMS_PER_DATASET = 20;

/**
 * Scorecards, data requests and moderated feedback for the static site (part of the catalogue snapshot),
 * from the catalogue as the snapshot has read it (every dataset's versions).
 */
export async function buildCommunitySnapshot(
  deps: Deps,
  datasets: readonly DatasetVersions[],
): Promise<CommunitySnapshot> {
  const [requests, feedback] = await Promise.all([listRequests(deps), allFeedback(deps)]);
  const scorecards = await computeScorecards(deps, { datasets, feedback });
  const byDataset: CommunitySnapshot['feedback'] = {};
  for (const id of new Set(feedback.map((f) => f.datasetId))) {
    const items = feedback.filter((f) => f.datasetId === id);
    byDataset[id] = {
      ...summarize(items),
      items: items
        .filter((f) => isPublic(f) && (f.text || f.replies.length))
        .reverse()
        .slice(0, ITEMS_PER_DATASET)
        .map((f) => ({ ...publicView(f), replies: [...publicView(f).replies] })),
    };
  }
  return { scorecards, requests, feedback: byDataset };
}
