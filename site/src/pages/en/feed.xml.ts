import type { APIRoute } from 'astro';
import { atomFeed } from '../../lib/atom.ts';
import { loadCatalog, siteUrlOf } from '../../lib/content.ts';

/** The English Atom feed of new versions (the zh-CN one is /feed.xml). */
export const GET: APIRoute = async ({ site }) => {
  const { datasets, meta } = await loadCatalog();
  const body = atomFeed({
    datasets,
    meta,
    siteUrl: siteUrlOf(site),
    selfPath: '/en/feed.xml',
    title: 'Open Data Catalogue — new versions',
    lang: 'en',
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
