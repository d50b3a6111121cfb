import type { APIRoute } from 'astro';
import { loadCatalog, siteUrlOf } from '../../lib/content.ts';
import { dcatJsonLd } from '../../lib/dcat.ts';

export const GET: APIRoute = async ({ site }) => {
  const { datasets, meta } = await loadCatalog();
  return new Response(JSON.stringify(dcatJsonLd(datasets, meta, siteUrlOf(site)), null, 1), {
    headers: { 'Content-Type': 'application/ld+json; charset=utf-8' },
  });
};
