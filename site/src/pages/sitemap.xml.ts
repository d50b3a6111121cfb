import type { APIRoute } from 'astro';
import { escapeXml as esc } from '../../../functions/core/xml/escape.ts';
import { loadCatalog, siteUrlOf } from '../lib/content.ts';
import { listingGroups, pageCount, pageHref } from '../lib/paging.ts';
import { absolute, localePath } from '../lib/paths.ts';

export const GET: APIRoute = async ({ site }) => {
  const { datasets, meta } = await loadCatalog();
  const siteUrl = siteUrlOf(site);
  const pages: { path: string; lastmod: string }[] = [
    ...['', 'datasets/', 'publishers/', 'themes/', 'licences/', 'api/', 'about/'].map((p) => ({
      path: p,
      lastmod: meta.generatedAt,
    })),
    ...datasets.map((d) => ({ path: `datasets/${encodeURIComponent(d.entry.id)}/`, lastmod: d.entry.updatedAt })),
    ...[...new Set(datasets.map((d) => d.entry.publisher.id))].map((id) => ({
      path: `publishers/${encodeURIComponent(id)}/`,
      lastmod: meta.generatedAt,
    })),
    // Themes, formats and frequencies that some dataset has: an empty listing is not worth a visit (noindex).
    ...(['themes', 'formats', 'frequencies'] as const).flatMap((kind) =>
      listingGroups[kind](datasets)
        .filter((g) => g.datasets.length > 0)
        .map((g) => ({ path: `${kind}/${g.id}/`, lastmod: meta.generatedAt })),
    ),
    // Pages 2.. of paginated listings.
    ...[
      { base: 'datasets/', count: datasets.length },
      ...Object.entries(listingGroups).flatMap(([kind, groups]) =>
        groups(datasets).map((g) => ({ base: `${kind}/${encodeURIComponent(g.id)}/`, count: g.datasets.length })),
      ),
    ].flatMap(({ base, count }) =>
      Array.from({ length: pageCount(count) - 1 }, (_, i) => ({
        path: pageHref(base, i + 2),
        lastmod: meta.generatedAt,
      })),
    ),
  ];
  const urls = pages.map(({ path, lastmod }) => {
    const zh = esc(absolute(siteUrl, localePath('zh-CN', path)));
    const en = esc(absolute(siteUrl, localePath('en', path)));
    const alt = `<xhtml:link rel="alternate" hreflang="zh-CN" href="${zh}"/><xhtml:link rel="alternate" hreflang="en" href="${en}"/>`;
    return [zh, en].map((loc) => `<url><loc>${loc}</loc><lastmod>${esc(lastmod)}</lastmod>${alt}</url>`).join('\n');
  });
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
