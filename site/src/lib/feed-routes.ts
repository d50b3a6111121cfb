import type { APIRoute, GetStaticPaths } from 'astro';
import { pick } from '../../../functions/core/manifest/localized.ts';
import { atomFeed } from './atom.ts';
import { loadCatalog, siteUrlOf } from './content.ts';
import { localePath } from './paths.ts';
import type { Language, SnapshotDataset } from './types.ts';

const TITLE: Record<Language, string> = {
  'zh-CN': '开放数据目录 — 新版本 / Open Data Catalogue — new versions',
  en: 'Open Data Catalogue — new versions',
};

const atomResponse = (body: string) =>
  new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });

/** The catalogue's feed of new versions in one language: `/feed.xml`, `/en/feed.xml`. */
export const catalogFeed =
  (lang: Language): APIRoute =>
  async ({ site }) => {
    const { datasets, meta } = await loadCatalog();
    return atomResponse(
      atomFeed({
        datasets,
        meta,
        siteUrl: siteUrlOf(site),
        selfPath: localePath(lang, 'feed.xml'),
        title: TITLE[lang],
        lang,
      }),
    );
  };

/** One page per dataset, for the dataset feed routes. */
export const datasetFeedPaths: GetStaticPaths = async () => {
  const { datasets } = await loadCatalog();
  return datasets.map((d) => ({ params: { id: d.entry.id }, props: { dataset: d } }));
};

/** A dataset's versions in one language: `/datasets/<id>/feed.xml`, `/en/datasets/<id>/feed.xml`. */
export const datasetFeed =
  (lang: Language): APIRoute =>
  async ({ site, props }) => {
    const { meta } = await loadCatalog();
    const d = (props as { dataset: SnapshotDataset }).dataset;
    return atomResponse(
      atomFeed({
        datasets: [d],
        meta,
        siteUrl: siteUrlOf(site),
        selfPath: localePath(lang, `datasets/${encodeURIComponent(d.entry.id)}/feed.xml`),
        title: pick(d.entry.title, lang),
        lang,
      }),
    );
  };
