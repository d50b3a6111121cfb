import { pick } from '../../../functions/core/manifest/localized.ts';
import { atomDocument } from '../../../functions/core/subscriptions/atom-document.ts';
import { clipText } from './clip-text.ts';
import { absolute, datasetPath, localePath } from './paths.ts';
import type { CatalogMeta, Language, SnapshotDataset } from './types.ts';
import { versionSummary } from './version-summary.ts';

/** Longest entry summary, in characters (cut at a sentence or word, with an ellipsis). */
const SUMMARY_MAX = 300;

const WORDS = {
  'zh-CN': { withdrawn: ' (已撤回 / withdrawn)' },
  en: { withdrawn: ' (withdrawn)' },
} as const;

/**
 * An Atom feed with one entry per version (published or withdrawn), newest first, in one language
 * (zh-CN: /feed.xml and /datasets/<id>/feed.xml; en: the same under /en/), linking to that
 * language's pages. Each entry describes its own version (versionSummary), not the dataset as it is now.
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
  return atomDocument(
    {
      selfUrl: absolute(opts.siteUrl, opts.selfPath),
      alternateUrl: absolute(opts.siteUrl, localePath(lang)),
      title: opts.title,
      updated,
      lang,
    },
    entries.map(({ d, v }) => {
      const link = `${absolute(opts.siteUrl, datasetPath(lang, d.entry.id))}#v${v.version}`;
      return {
        id: link,
        title: `${pick(d.entry.title, lang)} — v${v.version}${v.state === 'withdrawn' ? w.withdrawn : ''}`,
        link,
        updated: v.withdrawn?.at ?? v.publishedAt!,
        published: v.publishedAt!,
        author: pick(d.entry.publisher.name, lang),
        summary: clipText(versionSummary(v, lang), SUMMARY_MAX, lang),
      };
    }),
  );
}
