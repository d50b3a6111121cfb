import { notFound } from '../core/errors.ts';
import { eventsFeed } from '../core/subscriptions/atom.ts';
import { type CatalogEvent, eventsOf } from '../core/subscriptions/events.ts';
import type { Deps } from './deps.ts';
import { getDataset } from './read-catalog.ts';

/** Entries per feed (newest first). */
export const FEED_LIMIT = 100;

const pageOf = (deps: Deps, e: CatalogEvent) => `${deps.publicBaseUrl}/datasets/${encodeURIComponent(e.datasetId)}/`;

/**
 * Atom feed of one dataset: new versions, breaking changes, withdrawals (as public as the catalogue:
 * events.ts). A dataset whose every version is withdrawn answers as `GET /v1/datasets/{id}` does: 410
 * with the reasons (404 for none).
 */
export async function datasetFeed(deps: Deps, datasetId: string): Promise<string> {
  const d = await getDataset(deps, datasetId);
  const events = eventsOf(d, await deps.catalog.listVersions(datasetId)).slice(0, FEED_LIMIT);
  const title = d.title['zh-CN'] ?? d.title.en ?? datasetId;
  return eventsFeed(events, {
    selfUrl: `${deps.publicBaseUrl}/v1/feeds/datasets/${encodeURIComponent(datasetId)}`,
    alternateUrl: `${deps.publicBaseUrl}/datasets/${encodeURIComponent(datasetId)}/`,
    title: `${title} — versions / 版本`,
    linkOf: (e) => pageOf(deps, e),
    fallbackUpdated: d.updatedAt,
  });
}

/**
 * Atom feed of one department: every event of every dataset it publishes, those withdrawn altogether
 * included (their withdrawals are news), without their titles (events.ts).
 */
export async function departmentFeed(deps: Deps, department: string): Promise<string> {
  const entries = (await deps.catalog.listDatasets()).filter((e) => e.publisher.id === department);
  if (entries.length === 0) {
    throw notFound({
      detail: `no datasets of department "${department}"`,
      zh: { detail: `部门“${department}”没有数据集` },
    });
  }
  const events = (await Promise.all(entries.map(async (e) => eventsOf(e, await deps.catalog.listVersions(e.id)))))
    .flat()
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, FEED_LIMIT);
  const name = entries[0]?.publisher.name;
  return eventsFeed(events, {
    selfUrl: `${deps.publicBaseUrl}/v1/feeds/departments/${encodeURIComponent(department)}`,
    alternateUrl: `${deps.publicBaseUrl}/publishers/${encodeURIComponent(department)}/`,
    title: `${name?.['zh-CN'] ?? name?.en ?? department} — versions / 版本`,
    linkOf: (e) => pageOf(deps, e),
    fallbackUpdated: entries[0]?.updatedAt ?? deps.clock.now().toISOString(),
  });
}
