import { atomDocument } from './atom-document.ts';
import type { CatalogEvent, EventType } from './events.ts';

const LABEL: Record<EventType, string> = {
  'version.published': 'new version / 新版本',
  'version.breaking': 'breaking change / 不兼容变更',
  'version.withdrawn': 'withdrawn / 已撤回',
};

export interface FeedOptions {
  /** Absolute URL of this feed. */
  readonly selfUrl: string;
  /** Absolute URL of the human page the feed is about. */
  readonly alternateUrl: string;
  readonly title: string;
  /** Dataset page URL for an event. */
  readonly linkOf: (e: CatalogEvent) => string;
  /** When the feed has no entries. */
  readonly fallbackUpdated: string;
}

/**
 * An Atom (RFC 4287) feed of catalogue events: one entry per event, with a category naming its type
 * so readers can filter breaking changes and withdrawals.
 */
export function eventsFeed(events: readonly CatalogEvent[], o: FeedOptions): string {
  return atomDocument(
    { selfUrl: o.selfUrl, alternateUrl: o.alternateUrl, title: o.title, updated: events[0]?.at ?? o.fallbackUpdated },
    events.map((e) => ({
      id: `tag:opendata,2026:${e.id}`,
      title: `${e.title['zh-CN'] ?? e.title.en ?? e.datasetId} / ${e.title.en ?? e.datasetId} — v${e.version}: ${LABEL[e.type]}`,
      link: `${o.linkOf(e)}#v${e.version}`,
      category: { term: e.type, label: LABEL[e.type] },
      updated: e.at,
      author: e.department,
      summary:
        e.type === 'version.withdrawn'
          ? `Withdrawn: ${e.note ?? ''}`
          : `${e.rowCount} rows.${e.type === 'version.breaking' ? ` Breaking change${e.note ? `: ${e.note}` : ''}.` : ''}`,
    })),
  );
}
