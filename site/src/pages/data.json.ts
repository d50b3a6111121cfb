import type { APIRoute } from 'astro';
import { loadCatalog, siteUrlOf } from '../lib/content.ts';
import { dataJson } from '../lib/dcat-us.ts';

export const GET: APIRoute = async ({ site }) => {
  const { datasets, meta } = await loadCatalog();
  return new Response(JSON.stringify(dataJson(datasets, meta, siteUrlOf(site)), null, 1), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
