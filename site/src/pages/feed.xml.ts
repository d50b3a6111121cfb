import type { APIRoute } from 'astro';
import { atomFeed } from '../lib/atom.ts';
import { loadCatalog, siteUrlOf } from '../lib/content.ts';

export const GET: APIRoute = async ({ site }) => {
  const { datasets, meta } = await loadCatalog();
  const body = atomFeed({
    datasets,
    meta,
    siteUrl: siteUrlOf(site),
    selfPath: '/feed.xml',
    title: '开放数据目录 — 新版本 / Open Data Catalogue — new versions',
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
