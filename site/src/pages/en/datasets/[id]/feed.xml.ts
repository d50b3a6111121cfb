import type { APIRoute, GetStaticPaths } from 'astro';
import { pick } from '../../../../../../functions/core/manifest/localized.ts';
import { atomFeed } from '../../../../lib/atom.ts';
import { loadCatalog, siteUrlOf } from '../../../../lib/content.ts';
import type { SnapshotDataset } from '../../../../lib/types.ts';

/** A dataset's versions as an English Atom feed (the zh-CN one is /datasets/<id>/feed.xml). */
export const getStaticPaths: GetStaticPaths = async () => {
  const { datasets } = await loadCatalog();
  return datasets.map((d) => ({ params: { id: d.entry.id }, props: { dataset: d } }));
};

export const GET: APIRoute = async ({ site, props }) => {
  const { meta } = await loadCatalog();
  const d = (props as { dataset: SnapshotDataset }).dataset;
  const body = atomFeed({
    datasets: [d],
    meta,
    siteUrl: siteUrlOf(site),
    selfPath: `/en/datasets/${encodeURIComponent(d.entry.id)}/feed.xml`,
    title: pick(d.entry.title, 'en'),
    lang: 'en',
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
