/**
 * Progressive enhancement of the search form. Without JavaScript the form submits to the static
 * dataset list.
 *
 * Where the answers come from: the catalogue API, `GET /v1/datasets?q=` on this page's own origin,
 * when it answers; the Pagefind index shipped with the site otherwise. Why the API first: it is the
 * one ranking (functions/core/catalog/search) with traditional→simplified folding, plural folding and a
 * one-edit spelling correction, so the site and the API give the same answers by construction. The site
 * and the API share an origin locally (functions/local) and in AWS (CloudFront routes /v1/* to the API),
 * so this is a same-origin request that the CSP (`connect-src 'self'`) allows. A static copy of the site
 * (no API: 404), or an API that is down, slow or rate-limited, falls back to Pagefind, whose candidates
 * are filtered and ranked by the same matcher (search-offline.ts): offline the answers stay correct,
 * only the spelling correction is missing.
 *
 * The query lives in the URL (`?q=`, history.replaceState), so Back, reload and shared links show the
 * same results. Screen readers hear the short #search-status once typing has settled, never the list.
 * Everything from an index or the API is inserted as text, except Pagefind's excerpt, from which only
 * <mark> survives.
 */

export interface SearchHit {
  url: string;
  title: string;
  excerpt: Node | string;
  facts: string;
}

export interface SearchAnswer {
  /** One page of the matches, best first. */
  hits: SearchHit[];
  /** How many datasets match in all, not only the page shown (review: "150 match" read 20). */
  total: number;
  /** `total` is a lower bound: the offline search stopped once it had a page (search-offline.ts). */
  atLeast?: boolean;
  /** The spelling correction whose results these are (API only). */
  correctedQ?: string;
}

export type Lang = 'zh-CN' | 'en';
type Localized = Partial<Record<Lang, string>> | undefined;

export interface ApiDataset {
  id: string;
  title: Localized;
  description: Localized;
  publisher: { name: Localized };
  formats: string[];
  updatedAt: string;
}

/** Milliseconds without typing before searching, and before announcing the result count. */
const SEARCH_DELAY = 150;
const ANNOUNCE_DELAY = 800;
/** A slow API is abandoned for the offline index after this long. */
const API_TIMEOUT = 4000;
const MAX_HITS = 20;

const pick = (t: Localized, lang: Lang) => t?.[lang] ?? t?.[lang === 'en' ? 'zh-CN' : 'en'] ?? '';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function formatDate(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

function clip(s: string, max = 160): string {
  const text = s
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*`#]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}

/**
 * The API's answer, or 'absent' when this origin has no API (a static copy of the site: stop asking),
 * or 'failed' when it could not answer this time (network, 5xx, 429, timeout: ask again next time).
 */
async function apiSearch(q: string, lang: Lang, updated: string): Promise<SearchAnswer | 'absent' | 'failed'> {
  const url = `/v1/datasets?${new URLSearchParams({ q, limit: String(MAX_HITS) }).toString()}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(API_TIMEOUT) });
  } catch {
    return 'failed';
  }
  if (res.status === 404 || res.status === 405) return 'absent';
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return 'failed';
  let body: { datasets?: ApiDataset[]; total?: number; correctedQ?: string | null };
  try {
    body = await res.json();
  } catch {
    return 'failed';
  }
  return answerFromApi(body, lang, updated) ?? 'failed';
}

/** The API's JSON body as an answer, or undefined when it is not a search answer. */
export function answerFromApi(
  body: { datasets?: ApiDataset[]; total?: number; correctedQ?: string | null },
  lang: Lang,
  updated: string,
): SearchAnswer | undefined {
  if (!Array.isArray(body.datasets)) return undefined;
  const prefix = lang === 'en' ? '/en' : '';
  return {
    hits: body.datasets.map((d) => ({
      url: `${prefix}/datasets/${encodeURIComponent(d.id)}/`,
      title: pick(d.title, lang) || d.id,
      excerpt: clip(pick(d.description, lang)),
      facts: [
        pick(d.publisher.name, lang),
        d.formats.map((f) => f.toUpperCase()).join(' · '),
        `${updated} ${formatDate(d.updatedAt, lang)}`,
      ]
        .filter(Boolean)
        .join(' · '),
    })),
    // An API without `total` (older than this page): the page is all that is known.
    total: typeof body.total === 'number' ? Math.max(body.total, body.datasets.length) : body.datasets.length,
    ...(body.correctedQ ? { correctedQ: body.correctedQ } : {}),
  };
}

/** The match count as the page says it: "20+" when the offline search stopped counting. */
export function matchCount(a: SearchAnswer, lang: Lang): string {
  const n = new Intl.NumberFormat(lang).format(a.total);
  return a.atLeast ? `${n}+` : n;
}

type Offline = typeof import('./search-offline.ts');
let offline: Promise<Offline> | null = null;
/** The offline search module (and through it Pagefind), loaded on first use; a failed load is retried. */
function loadOffline(): Promise<Offline> {
  offline ??= import('./search-offline.ts').catch((e: unknown) => {
    offline = null;
    throw e;
  });
  return offline;
}

export function enhanceSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search]');
  const section = document.getElementById('search-results');
  const body = section?.querySelector<HTMLElement>('[data-search-body]');
  const status = document.getElementById('search-status');
  const input = form?.querySelector<HTMLInputElement>('input[name=q]');
  if (!form || !section || !body || !status || !input) return;
  const lang: Lang = form.dataset.lang === 'en' ? 'en' : 'zh-CN';
  const fmt = (s: string | undefined, vars: Record<string, string | number>) =>
    (s ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  // The page's full listing (all datasets) would follow the matches as if it were more of them: it is
  // hidden while a query is shown, and back when the box is cleared.
  const listing = document.querySelector<HTMLElement>('[data-listing]');
  let apiAbsent = false;
  let seq = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let announceTimer: ReturnType<typeof setTimeout> | undefined;

  /** Says `text` in the status region once nothing has changed for ANNOUNCE_DELAY. */
  const announce = (text: string) => {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      if (status.textContent !== text) status.textContent = text;
    }, ANNOUNCE_DELAY);
  };

  const keepInUrl = (q: string) => {
    const u = new URL(location.href);
    if (q) u.searchParams.set('q', q);
    else u.searchParams.delete('q');
    if (u.href !== location.href) history.replaceState(history.state, '', u);
  };

  const answer = async (q: string): Promise<SearchAnswer> => {
    if (!apiAbsent) {
      const r = await apiSearch(q, lang, form.dataset.updated ?? '');
      if (r === 'absent') apiAbsent = true;
      else if (r !== 'failed') return r;
    }
    const mod = await loadOffline();
    return mod.offlineSearch(q, MAX_HITS);
  };

  const render = (q: string, a: SearchAnswer) => {
    const shownQ = a.correctedQ ?? q;
    if (!a.hits.length) {
      const msg = fmt(form.dataset.noResults, { q });
      const tpl = document.getElementById('facet-suggestions') as HTMLTemplateElement | null;
      body.replaceChildren(el('p', msg), ...(tpl ? [tpl.content.cloneNode(true)] : []));
      announce(msg);
      return;
    }
    const list = el('ul', undefined, 'cards');
    for (const d of a.hits) {
      const li = el('li', undefined, 'card');
      const h = el('h3');
      const link = el('a', d.title);
      link.href = d.url;
      h.append(link);
      const excerpt = typeof d.excerpt === 'string' ? el('p', d.excerpt) : d.excerpt;
      li.append(h, excerpt, el('p', d.facts, 'muted'));
      list.append(li);
    }
    const count = fmt(form.dataset.results, { n: matchCount(a, lang), q: shownQ });
    const lead = a.correctedQ
      ? [el('p', fmt(form.dataset.corrected, { q, corrected: a.correctedQ })), el('p', count)]
      : [el('p', count)];
    body.replaceChildren(...lead, list);
    announce(lead.map((p) => p.textContent).join(' '));
  };

  const run = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    keepInUrl(q);
    if (listing) listing.hidden = q !== '';
    section.hidden = q === '';
    if (!q) {
      body.replaceChildren();
      announce('');
      return;
    }
    // Shown, not announced: the status region speaks only when the answer is there.
    if (!body.childElementCount || body.dataset.state !== 'loading') {
      body.dataset.state = 'loading';
      body.replaceChildren(el('p', form.dataset.loading, 'muted'));
    }
    try {
      const a = await answer(q);
      if (mine !== seq) return;
      body.dataset.state = 'done';
      body.dataset.q = q;
      render(q, a);
    } catch {
      if (mine !== seq) return;
      // Pagefind could not load (a rebuild, a network fault): say so; the next input tries again.
      body.dataset.state = 'error';
      body.dataset.q = q;
      const msg = form.dataset.error ?? '';
      body.replaceChildren(el('p', msg));
      announce(msg);
    }
  };

  const schedule = (ms: number) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void run(), ms);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    schedule(0);
  });
  input.addEventListener('input', () => {
    // Still typing: what was about to be announced is already stale.
    clearTimeout(announceTimer);
    schedule(SEARCH_DELAY);
  });
  const restore = () => {
    const initial = new URLSearchParams(location.search).get('q') ?? '';
    if (initial && initial !== input.value) input.value = initial;
    if (input.value.trim()) schedule(0);
  };
  // Back/forward from the page cache keeps the DOM as it was; a reload or a shared link starts from ?q=.
  window.addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    restore();
  });
  restore();
}
