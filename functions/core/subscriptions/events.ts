import type { DatasetEntry, VersionRecord } from '../catalog/schema.ts';
import { withoutWithdrawnSamplesAll } from '../catalog/withdrawn-samples.ts';

/** What subscribers hear about: new versions, breaking changes and withdrawals. */
export const EVENT_TYPES = ['version.published', 'version.breaking', 'version.withdrawn'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface CatalogEvent {
  /** Stable id: `<dataset>/v<version>/<type>`; feeds and webhooks use it to deduplicate. */
  readonly id: string;
  readonly type: EventType;
  readonly datasetId: string;
  readonly department: string;
  readonly version: number;
  readonly at: string;
  readonly title: { readonly 'zh-CN'?: string; readonly en?: string };
  /** Breaking change note (version.breaking) or withdrawal reason (version.withdrawn). */
  readonly note?: string;
  readonly rowCount: number;
}

/**
 * The events of one dataset, derived from its version records (the single source of truth): every
 * published version is `version.published`, or `version.breaking` when its diff says so; a withdrawn
 * version adds `version.withdrawn`. Newest first.
 *
 * As public as the catalogue, by its rule (withdrawn-samples.ts): a withdrawn version's events say that
 * it was published and withdrawn, with the public reason, and nothing else it said (no breaking-change
 * note). A dataset whose every version is withdrawn (`latestVersion: null`) answers 410 and has left the
 * list and the site, and its entry still holds the words of the last version withdrawn: its events
 * carry no title (readers show the dataset id).
 */
export function eventsOf(
  entry: Pick<DatasetEntry, 'id' | 'title' | 'publisher' | 'latestVersion'>,
  versions: readonly VersionRecord[],
) {
  const out: CatalogEvent[] = [];
  for (const v of withoutWithdrawnSamplesAll(versions, entry.publisher.id)) {
    if (!v.publishedAt || v.state === 'pending') continue;
    const breaking = v.breaking || v.diff?.breaking === true;
    const base = {
      datasetId: entry.id,
      department: entry.publisher.id,
      version: v.version,
      title: entry.latestVersion === null ? {} : entry.title,
      rowCount: v.rowCount,
    };
    const type: EventType = breaking ? 'version.breaking' : 'version.published';
    out.push({
      ...base,
      id: `${entry.id}/v${v.version}/${type}`,
      type,
      at: v.publishedAt,
      ...(breaking && v.diff?.breakingNote ? { note: v.diff.breakingNote } : {}),
    });
    if (v.state === 'withdrawn' && v.withdrawn) {
      out.push({
        ...base,
        id: `${entry.id}/v${v.version}/version.withdrawn`,
        type: 'version.withdrawn',
        at: v.withdrawn.at,
        note: v.withdrawn.reason,
      });
    }
  }
  return out.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
}
