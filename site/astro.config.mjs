// @ts-check
import { defineConfig } from 'astro/config';

/**
 * The catalogue site. Built by site/build.ts (buildSite) which passes the snapshot path in
 * OPENDATA_CATALOG, the output directory and the public site URL. zh-CN is the default locale
 * at `/`, English is under `/en/`.
 */
export default defineConfig({
  site: process.env.OPENDATA_SITE_URL || 'http://localhost:8787',
  output: 'static',
  build: { format: 'directory', inlineStylesheets: 'always' },
  i18n: {
    locales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    routing: { prefixDefaultLocale: false },
  },
  devToolbar: { enabled: false },
  prefetch: false,
  vite: {
    // The shared schema lives outside the Astro root (../functions/core).
    server: { fs: { allow: ['..'] } },
    // Scripts as files, never inline: the Content-Security-Policy (script-src 'self') forbids inline
    // scripts, so an inlined search script would silently not run.
    build: { assetsInlineLimit: 0 },
  },
});
