import type { DatasetEntry, VersionRecord } from '../catalog/schema.ts';

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
 */
export function eventsOf(entry: Pick<DatasetEntry, 'id' | 'title' | 'publisher'>, versions: readonly VersionRecord[]) {
  const out: CatalogEvent[] = [];
  for (const v of versions) {
    if (!v.publishedAt || v.state === 'pending') continue;
    const breaking = v.breaking || v.diff?.breaking === true;
    const base = {
      datasetId: entry.id,
      department: entry.publisher.id,
      version: v.version,
      title: entry.title,
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
