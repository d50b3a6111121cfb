import type { APIRoute } from 'astro';
import { siteUrlOf } from '../lib/content.ts';
import { absolute } from '../lib/paths.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(
    `User-agent: *\nAllow: /\nDisallow: /pagefind/\n\nSitemap: ${absolute(siteUrlOf(site), '/sitemap.xml')}\n`,
    {
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    },
  );
