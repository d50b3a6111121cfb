import { escapeXml as x } from '../xml/escape.ts';

/** One Atom entry; every text is plain (escaped here). */
export interface AtomEntry {
  readonly id: string;
  readonly title: string;
  /** The human page of the entry. */
  readonly link: string;
  readonly updated: string;
  readonly published?: string;
  readonly author: string;
  readonly summary: string;
  /** A category readers can filter on (e.g. breaking changes). */
  readonly category?: { readonly term: string; readonly label: string };
}

export interface AtomHead {
  /** Absolute URL of this feed (also its id). */
  readonly selfUrl: string;
  /** Absolute URL of the human page the feed is about. */
  readonly alternateUrl: string;
  readonly title: string;
  readonly updated: string;
  readonly lang?: string;
}

/** An Atom (RFC 4287) document: the one writer behind the API's and the site's feeds. */
export function atomDocument(head: AtomHead, entries: readonly AtomEntry[]): string {
  const body = entries.map(
    (e) => `  <entry>
    <id>${x(e.id)}</id>
    <title>${x(e.title)}</title>
    <link rel="alternate" href="${x(e.link)}"/>${
      e.category ? `\n    <category term="${x(e.category.term)}" label="${x(e.category.label)}"/>` : ''
    }
    <updated>${x(e.updated)}</updated>${e.published ? `\n    <published>${x(e.published)}</published>` : ''}
    <author><name>${x(e.author)}</name></author>
    <summary>${x(e.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"${head.lang ? ` xml:lang="${x(head.lang)}"` : ''}>
  <id>${x(head.selfUrl)}</id>
  <title>${x(head.title)}</title>
  <link rel="self" type="application/atom+xml" href="${x(head.selfUrl)}"/>
  <link rel="alternate" href="${x(head.alternateUrl)}"/>
  <updated>${x(head.updated)}</updated>
${body.join('\n')}
</feed>
`;
}
