import { builtInNotFoundPage, NOT_FOUND_PAGES, siteLanguage } from '../core/site/not-found-page.ts';
import type { BlobStore } from '../ports/blob-store.ts';

/**
 * How long a not-found answer may be reused: CloudFront and browsers keep it this long (its Cache-Control
 * max-age), and the function keeps each language's page in memory as long (functions/wiring/site-not-found-deps.ts).
 * Short: a page published a minute later must not stay hidden behind a cached 404, and a new site build's
 * not-found page shows within a minute.
 */
export const NOT_FOUND_MAX_AGE_SECONDS = 60;

export interface SiteNotFoundDeps {
  /**
   * The built site (in AWS the site bucket, of which this may read the not-found pages only). In AWS a
   * read cache in front of it, so a crawler's unknown paths do not cost one S3 read each.
   */
  readonly site: Pick<BlobStore, 'readBytes'>;
}

export interface NotFoundAnswer {
  /** The page to send with status 404. */
  readonly html: string;
  /** `site`: the site's own page; `built-in`: it could not be read (see `problem`). */
  readonly source: 'site' | 'built-in';
  /** The site file that was asked for. */
  readonly key: string;
  /** Why the site's page was not used: `absent`, or the name of the error reading it. */
  readonly problem?: string;
}

/**
 * The not-found page for an unknown site path: the site's own, in the path's language (`/en/...` gets
 * `en/404.html`), or a minimal built-in one when that cannot be read. Never throws: a visitor who
 * followed a broken link gets a 404 page either way.
 */
export async function siteNotFound(deps: SiteNotFoundDeps, pathname: string): Promise<NotFoundAnswer> {
  const language = siteLanguage(pathname);
  const key = NOT_FOUND_PAGES[language];
  let problem: string;
  try {
    const bytes = await deps.site.readBytes(key);
    if (bytes?.length) return { html: new TextDecoder().decode(bytes), source: 'site', key };
    problem = 'absent';
  } catch (e) {
    // In AWS a missing page is S3's AccessDenied (the function may not list the bucket): it lands here.
    problem = e instanceof Error ? e.name : 'unknown error';
  }
  return { html: builtInNotFoundPage(language), source: 'built-in', key, problem };
}
