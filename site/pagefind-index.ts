import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { PagefindIndex } from 'pagefind';
import { foldTraditional } from '../functions/core/catalog/search/fold-chinese.ts';

/**
 * Adds every built page in `dir` to a Pagefind index, as addDirectory would (same URLs), with
 * traditional Chinese folded to simplified (functions/core/catalog/search/fold-chinese.ts): the index
 * side of the folding the site's offline search and the API apply to queries, so a page written in
 * traditional characters is found by a simplified query and the other way round. Folding changes no
 * character of the sample catalogue's pages; where it does, Pagefind's excerpts show the folded text.
 */
export async function addFoldedPages(index: PagefindIndex, dir: string): Promise<{ pages: number; errors: string[] }> {
  const errors: string[] = [];
  let pages = 0;
  for (const file of await htmlFiles(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    const url = `/${rel.replace(/(^|\/)index\.html$/, '$1')}`;
    const added = await index.addHTMLFile({ url, content: foldTraditional(await readFile(file, 'utf8')) });
    errors.push(...added.errors);
    pages++;
  }
  return { pages, errors };
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
