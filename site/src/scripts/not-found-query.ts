/**
 * On the 404 page: a dataset address with no page (`/datasets/seattle_weather/`, `/en/datasets/CN-Provinces/`,
 * a link to a dataset whose id was mistyped or has changed) becomes a search for its words, so the page
 * opens on the datasets that most likely were meant instead of on an empty search box. Search.ts runs
 * the search: on load for a box already filled, or on the `input` event when it is ready first.
 */
export function queryFromMissingPath(pathname: string): string | undefined {
  const m = /^\/(?:en\/)?datasets\/([^/]+)\/?(?:index\.html)?$/.exec(pathname);
  if (!m) return undefined;
  let slug: string;
  try {
    slug = decodeURIComponent(m[1] as string);
  } catch {
    return undefined;
  }
  const words = slug
    .replace(/[-_.+~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words && words.length <= 100 ? words : undefined;
}

/** Fills the page's search box with the words of the missing address, if it has any and the box is empty. */
export function searchForMissingPath(doc: Document, pathname: string): void {
  const q = queryFromMissingPath(pathname);
  const input = doc.querySelector<HTMLInputElement>('form[data-search] input[name="q"]');
  if (!q || !input || input.value.trim()) return;
  input.value = q;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
