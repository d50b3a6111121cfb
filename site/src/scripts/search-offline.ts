/**
 * Search without the API (search.ts falls back to it): Pagefind proposes candidates, and the API's own
 * matcher (functions/core/catalog/search) decides. Pagefind alone gives confident wrong answers: its zh
 * index has no segmenter, so a Chinese term matches any of its single characters (深圳市 found every
 * dataset through 市), and it matches the last term as a prefix from one letter (LA found "latitude").
 * Here the query is normalized as the API does (traditional → simplified, full width → ASCII), every
 * candidate page must contain every term by the API's rules (scoreFields), and they are ranked by
 * the API's score. Loaded on first use only (it carries the 17 KB gzipped folding table).
 */
import { scoreFields } from '../../../functions/core/catalog/search/rank.ts';
import { FIELD_WEIGHTS } from '../../../functions/core/catalog/search/search-fields.ts';
import { normalizeText } from '../../../functions/core/catalog/search/text-match.ts';
import type { SearchHit } from './search.ts';

interface PagefindResultData {
  url: string;
  content: string;
  excerpt: string;
  meta: Record<string, string>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  search(q: string): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

/** Candidates Pagefind may propose; the filter keeps the few that really match. */
const MAX_CANDIDATES = 200;

let pagefind: Promise<Pagefind> | null = null;
let failures = 0;
/**
 * Pagefind's module, once. A failed load (a 404 while the site is rebuilt, a network fault) is not kept:
 * the next search loads it again (review finding H1), under a new URL, since a browser may remember a
 * module URL that failed.
 */
export function loadPagefind(): Promise<Pagefind> {
  // A variable specifier keeps bundlers from resolving the file (it is written after the build).
  const url = failures ? `/pagefind/pagefind.js?retry=${failures}` : '/pagefind/pagefind.js';
  pagefind ??= import(/* @vite-ignore */ url)
    .then(async (pf: Pagefind) => {
      await pf.options({ excerptLength: 24 });
      return pf;
    })
    .catch((e: unknown) => {
      pagefind = null;
      failures++;
      throw e;
    });
  return pagefind;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Keeps only the text and <mark> elements of a Pagefind excerpt. */
function excerptNode(html: string): HTMLElement {
  const p = el('p');
  let marked = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    // Decode entities without creating elements: a textarea's content is parsed as text.
    const tmp = document.createElement('textarea');
    tmp.innerHTML = part.replace(/<[^>]*>/g, '');
    p.append(marked ? el('mark', tmp.value) : tmp.value);
  }
  return p;
}

/** The datasets matching `q` in this page's language index, best first. */
export async function offlineSearch(q: string, max: number): Promise<SearchHit[]> {
  const pf = await loadPagefind();
  const res = await pf.search(normalizeText(q));
  if (!res) return [];
  const data = await Promise.all(res.results.slice(0, MAX_CANDIDATES).map((r) => r.data()));
  const scored: { d: PagefindResultData; score: number; i: number }[] = [];
  data.forEach((d, i) => {
    const score = scoreFields(q, [
      { kind: 'title', weight: FIELD_WEIGHTS.title, text: normalizeText(d.meta.title ?? '') },
      { kind: 'description', weight: FIELD_WEIGHTS.description, text: normalizeText(d.content ?? '') },
    ]);
    if (score !== undefined) scored.push({ d, score, i });
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.slice(0, max).map(({ d }) => ({
    url: d.url,
    title: d.meta.title ?? d.url,
    excerpt: excerptNode(d.excerpt),
    facts: [d.meta.publisher, d.meta.formats, d.meta.updated].filter(Boolean).join(' · '),
  }));
}
