import type { Language } from './types.ts';

/**
 * URL paths. zh-CN is the default locale and lives at `/`; English lives under `/en/` (Astro i18n
 * routing with prefixDefaultLocale: false). Every page path ends with a slash.
 */
export function localePath(lang: Language, path = ''): string {
  const clean = path.replace(/^\/+/, '');
  return lang === 'en' ? `/en/${clean}` : `/${clean}`;
}

/** The language-neutral part of a page path: `/en/datasets/x/` → `datasets/x/`. */
export function stripLocale(pathname: string): string {
  return pathname.replace(/^\/en(\/|$)/, '/').replace(/^\/+/, '');
}

/** The same page in the other language. */
export function switchLocale(pathname: string, to: Language): string {
  return localePath(to, stripLocale(pathname));
}

/**
 * A form post's outcome in a page address (the API's 303 back: `?sent=…`, `?error=…&field=…`): said
 * on the page that sent it, not carried to the other language's page.
 */
const FORM_OUTCOME_PARAMS = ['sent', 'error', 'field', 'detail'];

/** The fragment that shows a form post's outcome (`#feedback-sent`, `#new-request-error`: site.css :target). */
const FORM_OUTCOME_FRAGMENT = /-(sent|error)$/;

/**
 * The language switch's address keeping what the visitor is looking at: the page's query (a search,
 * its filters) and fragment (a section), both language-neutral, on the other language's page
 * (`href`, the switch's static address). A form post's outcome (parameters and fragment) stays behind.
 */
export function switchLocaleHref(href: string, search: string, hash: string): string {
  const path = href.replace(/[?#].*$/, '');
  const params = new URLSearchParams(search);
  for (const k of FORM_OUTCOME_PARAMS) params.delete(k);
  const query = params.toString();
  const fragment = hash.length > 1 && !FORM_OUTCOME_FRAGMENT.test(hash) ? hash : '';
  return `${path}${query ? `?${query}` : ''}${fragment}`;
}

export const datasetPath = (lang: Language, id: string) => localePath(lang, `datasets/${encodeURIComponent(id)}/`);
export const publisherPath = (lang: Language, id: string) => localePath(lang, `publishers/${encodeURIComponent(id)}/`);
export const themePath = (lang: Language, id: string) => localePath(lang, `themes/${encodeURIComponent(id)}/`);
export const licencePath = (lang: Language, id: string) => localePath(lang, `licences/#licence-${slug(id)}`);
export const formatPath = (lang: Language, f: string) => localePath(lang, `formats/${encodeURIComponent(f)}/`);
export const frequencyPath = (lang: Language, f: string) => localePath(lang, `frequencies/${encodeURIComponent(f)}/`);

/** A safe fragment id from any text. */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** Absolute URL on the site. */
export function absolute(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}

/** API URL of a version's file (v may be `latest`). */
export function artifactUrl(apiBaseUrl: string, id: string, v: number | 'latest', file: string): string {
  return `${apiBaseUrl}/v1/datasets/${encodeURIComponent(id)}/versions/${v}/${file}`;
}

/**
 * Where the site's forms send to the API (`path` starts with `/v1/`). Root-relative when the API has the
 * site's origin, as it does locally (one server) and in AWS (one CloudFront distribution, API under
 * /v1/*): the page then works at whatever address it was loaded from (127.0.0.1, a LAN name) under
 * its Content-Security-Policy (`connect-src 'self'; form-action 'self'`). Absolute otherwise.
 */
export function apiFormUrl(apiBaseUrl: string, siteUrl: string | URL | undefined, path: string): string {
  const api = new URL(apiBaseUrl);
  const prefix = api.pathname.replace(/\/+$/, '');
  if (siteUrl !== undefined && new URL(siteUrl).origin === api.origin) return `${prefix}${path}`;
  return `${api.origin}${prefix}${path}`;
}
