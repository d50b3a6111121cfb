import { pick } from '../../../functions/core/manifest/localized.ts';
import { markdownToText } from './markdown.ts';
import { absolute, datasetPath } from './paths.ts';
import type { CatalogMeta, SnapshotDataset } from './types.ts';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry these control characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** An Atom feed with one entry per version (published or withdrawn), newest first. */
export function atomFeed(opts: {
  datasets: readonly SnapshotDataset[];
  meta: CatalogMeta;
  siteUrl: string;
  selfPath: string;
  title: string;
}): string {
  const entries = opts.datasets
    .flatMap((d) => d.versions.map((v) => ({ d, v })))
    .filter(({ v }) => v.publishedAt)
    .sort((a, b) => (b.v.withdrawn?.at ?? b.v.publishedAt!).localeCompare(a.v.withdrawn?.at ?? a.v.publishedAt!));
  const updated = entries[0]?.v.withdrawn?.at ?? entries[0]?.v.publishedAt ?? opts.meta.generatedAt;
  const body = entries.map(({ d, v }) => {
    const link = absolute(opts.siteUrl, datasetPath('zh-CN', d.entry.id));
    const title = `${pick(d.entry.title, 'zh-CN')} — v${v.version}${v.state === 'withdrawn' ? ' (withdrawn / 已撤回)' : ''}`;
    const summary = v.withdrawn
      ? `Withdrawn: ${v.withdrawn.reason}`
      : `${v.rowCount} rows. ${v.diff?.breaking ? `Breaking change: ${v.diff.breakingNote ?? ''}. ` : ''}${markdownToText(pick(d.entry.description, 'zh-CN')).slice(0, 300)}`;
    return `  <entry>
    <id>${xml(`${link}#v${v.version}`)}</id>
    <title>${xml(title)}</title>
    <link rel="alternate" href="${xml(`${link}#v${v.version}`)}"/>
    <updated>${xml(v.withdrawn?.at ?? v.publishedAt!)}</updated>
    <published>${xml(v.publishedAt!)}</published>
    <author><name>${xml(pick(d.entry.publisher.name, 'zh-CN'))}</name></author>
    <summary>${xml(summary)}</summary>
  </entry>`;
  });
  const self = absolute(opts.siteUrl, opts.selfPath);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${xml(self)}</id>
  <title>${xml(opts.title)}</title>
  <link rel="self" href="${xml(self)}"/>
  <link rel="alternate" href="${xml(absolute(opts.siteUrl, '/'))}"/>
  <updated>${xml(updated)}</updated>
${body.join('\n')}
</feed>
`;
}
