/** The site's languages and where the site build writes each one's not-found page (site/build.ts). */
export const NOT_FOUND_PAGES = { 'zh-CN': '404.html', en: 'en/404.html' } as const;

export type SiteLanguage = keyof typeof NOT_FOUND_PAGES;

/** The language of a site path: `/en` and everything under `/en/` is English, the rest the default (zh-CN). */
export function siteLanguage(pathname: string): SiteLanguage {
  return /^\/en(\/|$)/.test(pathname) ? 'en' : 'zh-CN';
}

/** The not-found page answering an unknown path, in the path's language (a key of the site's files). */
export function notFoundPage(pathname: string): string {
  return NOT_FOUND_PAGES[siteLanguage(pathname)];
}

const BUILT_IN_TEXT: Record<SiteLanguage, { title: string; body: string; home: string; other: string }> = {
  'zh-CN': {
    title: '页面不存在',
    body: '您要找的页面不存在，或已经移动。',
    home: '返回首页',
    other: '<a href="/en/" lang="en" hreflang="en">English</a>',
  },
  en: {
    title: 'Page not found',
    body: 'The page you are looking for does not exist or has moved.',
    home: 'Back to the home page',
    other: '<a href="/" lang="zh-CN" hreflang="zh-CN">中文</a>',
  },
};

/**
 * A minimal not-found page for when the site's own cannot be read (before the first site build, or a
 * read that failed): no scripts, no styles, so it needs nothing else from the site and passes its CSP.
 * Its texts are fixed (no markup characters), so nothing is escaped.
 */
export function builtInNotFoundPage(language: SiteLanguage): string {
  const t = BUILT_IN_TEXT[language];
  const home = language === 'en' ? '/en/' : '/';
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="robots" content="noindex"><title>${t.title}</title></head>`,
    `<body><main><h1>${t.title}</h1><p>${t.body}</p>`,
    `<p><a href="${home}">${t.home}</a> · ${t.other}</p></main></body>`,
    '</html>',
    '',
  ].join('\n');
}
