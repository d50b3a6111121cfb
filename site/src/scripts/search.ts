/**
 * Progressive enhancement of the search form with Pagefind's JS API. Without JavaScript the form
 * submits to the static dataset list. Pagefind picks the index matching <html lang> (zh-CN or en).
 * Everything from the index is inserted with textContent, except Pagefind's excerpt, from which
 * only <mark> survives.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  debouncedSearch(
    q: string,
    o?: unknown,
    ms?: number,
  ): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

let pagefind: Promise<Pagefind> | null = null;
function load(): Promise<Pagefind> {
  // A variable specifier keeps bundlers from resolving the file (it is written after the build).
  const url = '/pagefind/pagefind.js';
  pagefind ??= import(/* @vite-ignore */ url).then(async (pf: Pagefind) => {
    await pf.options({ excerptLength: 24 });
    return pf;
  });
  return pagefind;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
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

export function enhanceSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search]');
  const out = document.getElementById('search-results');
  const input = form?.querySelector<HTMLInputElement>('input[name=q]');
  if (!form || !out || !input) return;
  const fmt = (s: string, vars: Record<string, string | number>) =>
    s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  // The page's full listing (all datasets) would follow the matches as if it were more of them: it is
  // hidden while a query is shown, and back when the box is cleared.
  const listing = document.querySelector<HTMLElement>('[data-listing]');
  let seq = 0;
  const run = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (listing) listing.hidden = q !== '';
    if (!q) {
      out.replaceChildren();
      return;
    }
    out.replaceChildren(el('p', form.dataset.loading, 'muted'));
    const pf = await load();
    const res = await pf.debouncedSearch(q, {}, 150);
    if (res === null || mine !== seq) return;
    const data = await Promise.all(res.results.slice(0, 20).map((r) => r.data()));
    if (mine !== seq) return;
    if (!data.length) {
      const msg = el('p', fmt(form.dataset.noResults ?? '', { q }));
      const tpl = document.getElementById('facet-suggestions') as HTMLTemplateElement | null;
      out.replaceChildren(msg, ...(tpl ? [tpl.content.cloneNode(true)] : []));
      return;
    }
    const list = el('ul', undefined, 'cards');
    for (const d of data) {
      const li = el('li', undefined, 'card');
      const h = el('h3');
      const a = el('a', d.meta.title ?? d.url);
      a.href = d.url;
      h.append(a);
      const facts = [d.meta.publisher, d.meta.formats, d.meta.updated].filter(Boolean).join(' · ');
      li.append(h, excerptNode(d.excerpt), el('p', facts, 'muted'));
      list.append(li);
    }
    out.replaceChildren(el('p', fmt(form.dataset.results ?? '', { n: res.results.length, q })), list);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  input.addEventListener('input', () => void run());
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    void run();
  }
}
