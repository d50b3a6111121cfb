import { FREQUENCIES, PUBLISHED_FORMATS, THEME_IDS } from '../../../functions/core/manifest/vocabulary.ts';
import type { SnapshotDataset } from './types.ts';

/**
 * Static pagination of listing pages. Page 1 keeps the listing's own URL (`/formats/csv/`); page n > 1
 * lives at `<listing>/page/<n>/`, so existing links stay valid and every page works without JavaScript.
 */
export const PAGE_SIZE = 50;
/** Environment variable overriding PAGE_SIZE for a build (buildSite's pageSize option sets it). */
export const PAGE_SIZE_ENV = 'OPENDATA_SITE_PAGE_SIZE';

/** Datasets per listing page: $OPENDATA_SITE_PAGE_SIZE, else 50. Read at call time (one process builds many sites). */
export function pageSize(): number {
  const n = Number(process.env[PAGE_SIZE_ENV]);
  return Number.isInteger(n) && n > 0 ? n : PAGE_SIZE;
}

export const pageCount = (items: number, size = pageSize()): number => Math.max(1, Math.ceil(items / size));

/** The `[...page]` route parameter of page n (undefined: the listing's own URL). */
export const pageParam = (n: number): string | undefined => (n === 1 ? undefined : `page/${n}`);

/** Page n from the page-1 URL (which ends with a slash). */
export const pageHref = (base: string, n: number): string => (n === 1 ? base : `${base}page/${n}/`);

/** The page-1 URL and the page number of a listing URL path. */
export function parsePagePath(pathname: string): { base: string; n: number } {
  const m = /^(.*\/)page\/(\d+)\/?$/.exec(pathname);
  return m ? { base: m[1]!, n: Number(m[2]) } : { base: pathname.endsWith('/') ? pathname : `${pathname}/`, n: 1 };
}

export interface PageView<T> {
  n: number;
  pages: number;
  total: number;
  /** 1-based index of the first and last item shown (0, 0 when empty). */
  from: number;
  to: number;
  items: T[];
  prev?: string;
  next?: string;
  /** Page numbers to link, with null for a gap: first, last and n ± 2. */
  numbers: (number | null)[];
}

export function pageView<T>(items: readonly T[], base: string, n: number, size = pageSize()): PageView<T> {
  const pages = pageCount(items.length, size);
  if (!Number.isInteger(n) || n < 1 || n > pages) throw new Error(`page ${n} out of range 1..${pages} for ${base}`);
  const start = (n - 1) * size;
  const slice = items.slice(start, start + size);
  const shown = [...new Set([1, n - 2, n - 1, n, n + 1, n + 2, pages])]
    .filter((x) => x >= 1 && x <= pages)
    .sort((a, b) => a - b);
  const numbers: (number | null)[] = [];
  for (const x of shown) {
    const last = numbers.at(-1);
    if (typeof last === 'number' && x - last > 1) numbers.push(null);
    numbers.push(x);
  }
  return {
    n,
    pages,
    total: items.length,
    from: slice.length ? start + 1 : 0,
    to: start + slice.length,
    items: slice,
    prev: n > 1 ? pageHref(base, n - 1) : undefined,
    next: n < pages ? pageHref(base, n + 1) : undefined,
    numbers,
  };
}

/** getStaticPaths entries for paginated listings: one per (group, page). */
export function pagedPaths<K extends string>(groups: { id: K; datasets: SnapshotDataset[] }[]) {
  return groups.flatMap((g) =>
    Array.from({ length: pageCount(g.datasets.length) }, (_, i) => ({
      params: { id: g.id, page: pageParam(i + 1) },
      props: { id: g.id, datasets: g.datasets, n: i + 1 },
    })),
  );
}

/** The dataset groups of each paginated listing kind. */
export const listingGroups = {
  formats: (ds: readonly SnapshotDataset[]) =>
    PUBLISHED_FORMATS.map((id) => ({ id, datasets: ds.filter((d) => d.entry.formats.includes(id)) })),
  themes: (ds: readonly SnapshotDataset[]) =>
    THEME_IDS.map((id) => ({ id, datasets: ds.filter((d) => d.entry.themes.includes(id)) })),
  frequencies: (ds: readonly SnapshotDataset[]) =>
    FREQUENCIES.map((id) => ({ id, datasets: ds.filter((d) => d.entry.updateFrequency === id) })),
  publishers: (ds: readonly SnapshotDataset[]) =>
    [...new Set(ds.map((d) => d.entry.publisher.id))].map((id) => ({
      id,
      datasets: ds.filter((d) => d.entry.publisher.id === id),
    })),
};
