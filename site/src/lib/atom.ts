import { pick } from '../../../functions/core/manifest/localized.ts';
import { markdownToText } from './markdown.ts';
import { absolute, datasetPath, localePath } from './paths.ts';
import type { CatalogMeta, Language, SnapshotDataset } from './types.ts';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry these control characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const WORDS = {
  'zh-CN': { withdrawn: ' (已撤回 / withdrawn)', withdrawnBy: '已撤回：', rows: '行。', breaking: '不兼容变更：' },
  en: { withdrawn: ' (withdrawn)', withdrawnBy: 'Withdrawn: ', rows: 'rows.', breaking: 'Breaking change: ' },
} as const;

/**
 * An Atom feed with one entry per version (published or withdrawn), newest first, in one language
 * (zh-CN: /feed.xml and /datasets/<id>/feed.xml; en: the same under /en/), linking to that
 * language's pages.
 */
export function atomFeed(opts: {
  datasets: readonly SnapshotDataset[];
  meta: CatalogMeta;
  siteUrl: string;
  selfPath: string;
  title: string;
  lang?: Language;
}): string {
  const lang = opts.lang ?? 'zh-CN';
  const w = WORDS[lang];
  const entries = opts.datasets
    .flatMap((d) => d.versions.map((v) => ({ d, v })))
    .filter(({ v }) => v.publishedAt)
    .sort((a, b) => (b.v.withdrawn?.at ?? b.v.publishedAt!).localeCompare(a.v.withdrawn?.at ?? a.v.publishedAt!));
  const updated = entries[0]?.v.withdrawn?.at ?? entries[0]?.v.publishedAt ?? opts.meta.generatedAt;
  const body = entries.map(({ d, v }) => {
    const link = absolute(opts.siteUrl, datasetPath(lang, d.entry.id));
    const title = `${pick(d.entry.title, lang)} — v${v.version}${v.state === 'withdrawn' ? w.withdrawn : ''}`;
    const summary = v.withdrawn
      ? `${w.withdrawnBy}${v.withdrawn.reason}`
      : `${v.rowCount} ${w.rows} ${v.diff?.breaking ? `${w.breaking}${v.diff.breakingNote ?? ''}. ` : ''}${markdownToText(pick(d.entry.description, lang)).slice(0, 300)}`;
    return `  <entry>
    <id>${xml(`${link}#v${v.version}`)}</id>
    <title>${xml(title)}</title>
    <link rel="alternate" href="${xml(`${link}#v${v.version}`)}"/>
    <updated>${xml(v.withdrawn?.at ?? v.publishedAt!)}</updated>
    <published>${xml(v.publishedAt!)}</published>
    <author><name>${xml(pick(d.entry.publisher.name, lang))}</name></author>
    <summary>${xml(summary)}</summary>
  </entry>`;
  });
  const self = absolute(opts.siteUrl, opts.selfPath);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${xml(self)}</id>
  <title>${xml(opts.title)}</title>
  <link rel="self" href="${xml(self)}"/>
  <link rel="alternate" href="${xml(absolute(opts.siteUrl, localePath(lang)))}"/>
  <updated>${xml(updated)}</updated>
${body.join('\n')}
</feed>
`;
}
