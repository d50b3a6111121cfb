import type { APIRoute } from 'astro';
import { loadCatalog, siteUrlOf } from '../../lib/content.ts';
import { dcatTurtle } from '../../lib/dcat.ts';

export const GET: APIRoute = async ({ site }) => {
  const { datasets, meta } = await loadCatalog();
  return new Response(dcatTurtle(datasets, meta, siteUrlOf(site)), {
    headers: { 'Content-Type': 'text/turtle; charset=utf-8' },
  });
};
