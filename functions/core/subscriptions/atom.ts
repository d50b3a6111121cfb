import type { CatalogEvent, EventType } from './events.ts';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry these control characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

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
  const updated = events[0]?.at ?? o.fallbackUpdated;
  const entries = events.map((e) => {
    const title = `${e.title['zh-CN'] ?? e.title.en ?? e.datasetId} / ${e.title.en ?? e.datasetId} — v${e.version}: ${LABEL[e.type]}`;
    const summary =
      e.type === 'version.withdrawn'
        ? `Withdrawn: ${e.note ?? ''}`
        : `${e.rowCount} rows.${e.type === 'version.breaking' ? ` Breaking change${e.note ? `: ${e.note}` : ''}.` : ''}`;
    const link = `${o.linkOf(e)}#v${e.version}`;
    return `  <entry>
    <id>tag:opendata,2026:${xml(e.id)}</id>
    <title>${xml(title)}</title>
    <link rel="alternate" href="${xml(link)}"/>
    <category term="${e.type}" label="${xml(LABEL[e.type])}"/>
    <updated>${xml(e.at)}</updated>
    <author><name>${xml(e.department)}</name></author>
    <summary>${xml(summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(o.selfUrl)}</id>
  <title>${xml(o.title)}</title>
  <link rel="self" type="application/atom+xml" href="${xml(o.selfUrl)}"/>
  <link rel="alternate" href="${xml(o.alternateUrl)}"/>
  <updated>${xml(updated)}</updated>
${entries.join('\n')}
</feed>
`;
}
