import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { PagefindIndex } from 'pagefind';
import type { DatasetEntry } from '../functions/core/catalog/schema.ts';
import { valuesOf } from '../functions/core/catalog/search/facets.ts';
import { foldTraditional } from '../functions/core/catalog/search/fold-chinese.ts';
import { DIMENSIONS, PAGEFIND_FILTER, PAGEFIND_SORT_UPDATED } from './src/scripts/search-filters.ts';

/**
 * Adds every built page in `dir` to a Pagefind index, as addDirectory would (same URLs), with
 * traditional Chinese folded to simplified (functions/core/catalog/search/fold-chinese.ts): the index
 * side of the folding the site's offline search and the API apply to queries, so a page written in
 * traditional characters is found by a simplified query and the other way round. Folding changes no
 * character of the sample catalogue's pages; where it does, Pagefind's excerpts show the folded text.
 *
 * The page of each of `entries` (/datasets/<id>/ and /en/datasets/<id>/) also gets the search's facet
 * filters and sort (withFacetFilters), so the offline search filters and counts as the API does.
 */
export async function addFoldedPages(
  index: PagefindIndex,
  dir: string,
  entries: readonly DatasetEntry[] = [],
): Promise<{ pages: number; errors: string[] }> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const errors: string[] = [];
  let pages = 0;
  for (const file of await htmlFiles(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    const url = `/${rel.replace(/(^|\/)index\.html$/, '$1')}`;
    const id = /^\/(?:en\/)?datasets\/([^/]+)\/$/.exec(url)?.[1];
    const entry = id === undefined ? undefined : byId.get(safeDecode(id));
    let content = foldTraditional(await readFile(file, 'utf8'));
    if (entry) content = withFacetFilters(content, entry);
    const added = await index.addHTMLFile({ url, content });
    errors.push(...added.errors);
    pages++;
  }
  return { pages, errors };
}

/**
 * A dataset page with its facet values as Pagefind filters (PAGEFIND_FILTER: the ids the API filters on,
 * from the API's own valuesOf) and its updatedAt as a sort, in empty hidden elements at the start of its
 * data-pagefind-body. Built here rather than in the page template so that the index and the API read
 * one definition of a dataset's facet values. Values are taken from attributes (`key[data-v]`), so a
 * value may hold any character.
 */
export function withFacetFilters(html: string, entry: DatasetEntry): string {
  const body = /<[a-z][^>]*\sdata-pagefind-body(?=[\s>=])[^>]*>/i.exec(html);
  if (!body) return html;
  const marks = DIMENSIONS.flatMap((d) =>
    [...new Set(valuesOf(entry, d))].map(
      (v) => `<span hidden data-pagefind-filter="${PAGEFIND_FILTER[d]}[data-v]" data-v="${escapeAttr(v)}"></span>`,
    ),
  );
  marks.push(
    `<span hidden data-pagefind-sort="${PAGEFIND_SORT_UPDATED}[data-v]" data-v="${escapeAttr(entry.updatedAt)}"></span>`,
  );
  const at = body.index + body[0].length;
  return `${html.slice(0, at)}${marks.join('')}${html.slice(at)}`;
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'pagefind' && e.name !== '_astro') out.push(...(await htmlFiles(p)));
    } else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}
