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
 * What it costs the visitor: the API's anonymous rate limit is per address, and everyone behind one
 * address (an office, a campus, a carrier NAT) shares it. So the box asks the API once typing has
 * paused (SEARCH_DELAY), never while an input method is still composing (pinyin `haidian` before
 * 海淀 is chosen: compositionstart … compositionend), and never twice for the same question in the life
 * of the page (answers are kept in memory, by their URL). After a 429 it leaves the API alone for the
 * Retry-After the API gave and answers from Pagefind meanwhile. The catalogue reads it uses have their
 * own anonymous budget at the API (docs/api-keys.md), so searching does not use up what downloads need.
 *
 * The query lives in the URL (`?q=`, history.replaceState), so Back, reload and shared links show the
 * same results. Screen readers hear the short #search-status once typing has settled, never the list.
 * Everything from an index or the API is inserted as text, except Pagefind's excerpt, from which only
 * <mark> survives.
 *
 * On the page with the filter panel (the list of all datasets: search-panel.ts) the search also
 * combines filters — the API's theme, publisher, license, format and frequency parameters, under the
 * same names in the page's URL (search-filters.ts) — with or without a query, and shows the answer's
 * facet counts, in the order of its sort select (the API's sort=updated|title, kept in the URL as sort=;
 * offline, search-offline.ts orders the same way). Each change of the filters or of the order is a
 * history entry (pushState), so Back undoes it; typing
 * replaces the current entry, as before. Offline, the same filters and counts come from Pagefind's
 * filters (search-offline.ts).
 */
import { formatDate } from '../lib/format.ts';
import {
  DIMENSIONS,
  type FacetCounts,
  type Filters,
  filtersFromParams,
  hasFilters,
  paramsOf,
  type Sort,
  sortFromParams,
} from './search-filters.ts';
import { enhanceFilterPanel } from './search-panel.ts';

export interface SearchHit {
  url: string;
  title: string;
  excerpt: Node | string;
  facts: string;
  /** Why it matched when its metadata does not say (API only): "In the data: Origin SFO · …". */
  found?: string;
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
  /** The facet counts for this query and these filters (each dimension with every other filter applied). */
  facets?: FacetCounts;
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
  fields?: { name: string; title?: Localized }[];
}

/** Words of the page the answer is written with (the search element's data-* attributes). */
export interface AnswerLabels {
  updated: string;
  /** Lead of the line naming the values of the data that matched. */
  inData?: string;
}

/**
 * Milliseconds without typing before searching, and before announcing the result count. Long enough
 * that ordinary typing (150–250 ms between keys) makes one request per pause, not one per key.
 */
const SEARCH_DELAY = 350;
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

function clip(s: string, max = 160): string {
  const text = s
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*`#]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}

type ApiBody = {
  datasets?: ApiDataset[];
  total?: number;
  correctedQ?: string | null;
  matchedValues?: Record<string, { field: string; value: string }[]>;
  facets?: Partial<Record<string, { value: string; count: number; label?: Localized }[]>>;
};

type ApiResult = SearchAnswer | 'absent' | 'failed';

/** The API's answers of this page's life, by URL (and page language), and the questions on their way. */
const apiAnswers = new Map<string, Promise<ApiResult>>();
/** After a 429: the time (ms) before which the API is not asked again. */
let apiRestUntil = 0;
/** Seconds to leave the API alone after a 429 without a usable Retry-After. */
const DEFAULT_RETRY_AFTER = 30;

/**
 * The API's answer, or 'absent' when this origin has no API (a static copy of the site: stop asking),
 * or 'failed' when it could not answer this time (network, 5xx, 429, timeout: ask again next time;
 * after a 429, once its Retry-After has passed). An answer is asked for once per page: the same
 * question again (Back to an earlier query, a letter typed and deleted, "more" then a new search)
 * is answered from memory.
 */
function apiSearch(
  q: string,
  filters: Filters,
  sort: Sort | undefined,
  offset: number,
  lang: Lang,
  labels: AnswerLabels,
): Promise<ApiResult> {
  const params = paramsOf(q, filters, sort);
  // sort=title orders by the titles of the page's language.
  if (sort === 'title') params.set('lang', lang);
  params.set('limit', String(MAX_HITS));
  if (offset) params.set('offset', String(offset));
  const url = `/v1/datasets?${params.toString()}`;
  const key = `${lang} ${url}`;
  const known = apiAnswers.get(key);
  if (known) return known;
  if (Date.now() < apiRestUntil) return Promise.resolve('failed');
  const asked = askApi(url, lang, labels).then((r) => {
    // Only answers are kept: a failure is asked again next time.
    if (typeof r !== 'object') apiAnswers.delete(key);
    return r;
  });
  apiAnswers.set(key, asked);
  return asked;
}

async function askApi(url: string, lang: Lang, labels: AnswerLabels): Promise<ApiResult> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(API_TIMEOUT) });
  } catch {
    return 'failed';
  }
  if (res.status === 404 || res.status === 405) return 'absent';
  if (res.status === 429) {
    const after = Number(res.headers.get('retry-after'));
    apiRestUntil =
      Date.now() + (Number.isFinite(after) && after > 0 ? Math.min(after, 300) : DEFAULT_RETRY_AFTER) * 1000;
    return 'failed';
  }
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return 'failed';
  let body: ApiBody;
  try {
    body = await res.json();
  } catch {
    return 'failed';
  }
  return answerFromApi(body, lang, labels) ?? 'failed';
}

/** The API's JSON body as an answer, or undefined when it is not a search answer. */
export function answerFromApi(body: ApiBody, lang: Lang, labels: AnswerLabels): SearchAnswer | undefined {
  if (!Array.isArray(body.datasets)) return undefined;
  const { updated, inData } = labels;
  const prefix = lang === 'en' ? '/en' : '';
  return {
    hits: body.datasets.map((d) => {
      const found = foundInData(d, body.matchedValues?.[d.id], lang, inData);
      return {
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
        ...(found ? { found } : {}),
      };
    }),
    // An API without `total` (older than this page): the page is all that is known.
    total: typeof body.total === 'number' ? Math.max(body.total, body.datasets.length) : body.datasets.length,
    ...(body.correctedQ ? { correctedQ: body.correctedQ } : {}),
    ...(body.facets ? { facets: facetsFromApi(body.facets) } : {}),
  };
}

/** "In the data: Origin SFO · Destination SFO": the matched values, each after its column's title. */
function foundInData(
  d: ApiDataset,
  matched: { field: string; value: string }[] | undefined,
  lang: Lang,
  lead: string | undefined,
): string | undefined {
  if (!lead || !Array.isArray(matched) || matched.length === 0) return undefined;
  const title = (field: string) => pick(d.fields?.find((f) => f.name === field)?.title, lang) || field;
  const sep = lang === 'en' ? ': ' : '：';
  return `${lead}${sep}${matched.map((m) => `${title(m.field)} ${clip(m.value, 64)}`).join(' · ')}`;
}

/** The API's facets (value, count, label, selected) as the panel's counts. */
function facetsFromApi(facets: NonNullable<ApiBody['facets']>): FacetCounts {
  const out: FacetCounts = {};
  for (const d of DIMENSIONS) {
    const list = facets[d];
    if (!Array.isArray(list)) continue;
    out[d] = list.map((f) => ({ value: f.value, count: f.count, ...(f.label ? { label: f.label } : {}) }));
  }
  return out;
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

/** What a search does to the history: typing replaces the entry, a change of filters adds one, Back neither. */
type UrlMode = 'replace' | 'push' | 'none';
const MODE_RANK: Record<UrlMode, number> = { none: 0, replace: 1, push: 2 };

export function enhanceSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search]');
  const section = document.getElementById('search-results');
  const body = section?.querySelector<HTMLElement>('[data-search-body]');
  const status = document.getElementById('search-status');
  const input = form?.querySelector<HTMLInputElement>('input[name=q]');
  if (!form || !section || !body || !status || !input) return;
  const lang: Lang = form.dataset.lang === 'en' ? 'en' : 'zh-CN';
  const text = form.dataset;
  const fmt = (s: string | undefined, vars: Record<string, string | number>) =>
    (s ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  // The page's full listing (all datasets) would follow the matches as if it were more of them: it is
  // hidden while a query or a filter is shown, and back when both are cleared.
  const listing = document.querySelector<HTMLElement>('[data-listing]');
  let apiAbsent = false;
  let seq = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  let pending: UrlMode = 'none';
  /** The query and filters of the last search (paramsOf), to know a Back that changes nothing. */
  let shownKey = '';

  const schedule = (ms: number, mode: UrlMode) => {
    // A change of filters still waiting keeps its history entry when typing follows it.
    if (MODE_RANK[mode] > MODE_RANK[pending]) pending = mode;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      const m = pending;
      pending = 'none';
      void run(m);
    }, ms);
  };

  const panel = enhanceFilterPanel(document.querySelector<HTMLElement>('[data-facet-panel]'), lang, () =>
    schedule(0, 'push'),
  );
  const filters = (): Filters => panel?.filters() ?? {};

  /** Says `text` in the status region once nothing has changed for ANNOUNCE_DELAY. */
  const announce = (text: string) => {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      if (status.textContent !== text) status.textContent = text;
    }, ANNOUNCE_DELAY);
  };

  const keepInUrl = (q: string, f: Filters, sort: Sort | undefined, mode: UrlMode) => {
    if (mode === 'none') return;
    const u = new URL(location.href);
    for (const k of ['q', ...DIMENSIONS, 'sort']) u.searchParams.delete(k);
    for (const [k, v] of paramsOf(q, f, sort)) u.searchParams.append(k, v);
    if (u.href === location.href) return;
    if (mode === 'push') history.pushState(null, '', u);
    else history.replaceState(history.state, '', u);
  };

  /** A page of the answer from `offset` on: the API's, else the offline index's. */
  const answer = async (q: string, f: Filters, sort: Sort | undefined, offset: number): Promise<SearchAnswer> => {
    if (!apiAbsent) {
      const r = await apiSearch(q, f, sort, offset, lang, {
        updated: text.updated ?? '',
        ...(text.inData ? { inData: text.inData } : {}),
      });
      if (r === 'absent') apiAbsent = true;
      else if (r !== 'failed') return r;
    }
    const mod = await loadOffline();
    const a = await mod.offlineSearch(q, offset + MAX_HITS, {
      filters: f,
      counts: panel !== undefined,
      ...(sort ? { sort, lang } : {}),
    });
    return offset ? { ...a, hits: a.hits.slice(offset) } : a;
  };

  const cards = (hits: SearchHit[]) =>
    hits.map((d) => {
      const li = el('li', undefined, 'card');
      const h = el('h3');
      const link = el('a', d.title);
      link.href = d.url;
      h.append(link);
      const excerpt = typeof d.excerpt === 'string' ? el('p', d.excerpt) : d.excerpt;
      li.append(h, excerpt);
      if (d.found) li.append(el('p', d.found, 'found-in-data'));
      li.append(el('p', d.facts, 'muted'));
      return li;
    });

  /** "Show more results": the next page, appended; focus goes to its first result. */
  const moreButton = (q: string, f: Filters, sort: Sort | undefined, list: HTMLUListElement, first: SearchAnswer) => {
    const wrap = el('p');
    const b = el('button', text.more, 'secondary');
    b.type = 'button';
    wrap.append(b);
    const hasMore = (a: SearchAnswer, got: number) => list.children.length < a.total || (a.atLeast && got > 0);
    b.addEventListener('click', async () => {
      const mine = seq;
      if (b.getAttribute('aria-busy') === 'true') return;
      b.setAttribute('aria-busy', 'true');
      try {
        const next = await answer(q, f, sort, list.children.length);
        if (mine !== seq) return;
        const added = cards(next.hits);
        list.append(...added);
        added[0]?.querySelector('a')?.focus();
        if (!hasMore({ ...next, total: Math.max(next.total, first.total) }, added.length)) wrap.remove();
      } catch {
        if (mine === seq) announce(text.error ?? '');
      } finally {
        b.removeAttribute('aria-busy');
      }
    });
    return hasMore(first, first.hits.length) ? [wrap] : [];
  };

  const render = (q: string, f: Filters, sort: Sort | undefined, a: SearchAnswer) => {
    const filtered = hasFilters(f);
    panel?.update(a.facets);
    if (!a.hits.length) {
      const msg = q ? fmt(filtered ? text.noResultsFiltered : text.noResults, { q }) : fmt(text.filterNoResults, {});
      // With filters, the way on is to remove one (the chips above), not the browse links.
      const tpl = filtered ? null : (document.getElementById('facet-suggestions') as HTMLTemplateElement | null);
      body.replaceChildren(el('p', msg), ...(tpl ? [tpl.content.cloneNode(true)] : []));
      announce(msg);
      return;
    }
    const list = el('ul', undefined, 'cards');
    list.append(...cards(a.hits));
    const n = matchCount(a, lang);
    const shownQ = a.correctedQ ?? q;
    const count = q
      ? fmt(filtered ? text.resultsFiltered : text.results, { n, q: shownQ })
      : fmt(text.filterResults, { n });
    const lead = a.correctedQ
      ? [el('p', fmt(text.corrected, { q, corrected: a.correctedQ })), el('p', count)]
      : [el('p', count)];
    const after = moreButton(q, f, sort, list, a);
    // A page without the filters (home, 404) links to the list of all datasets, which has them.
    const action = form.getAttribute('action');
    if (!panel && action) {
      const refine = el('a', text.refine);
      refine.href = `${action}?${paramsOf(q, {}).toString()}`;
      const p = el('p');
      p.append(refine);
      after.push(p);
    }
    body.replaceChildren(...lead, list, ...after);
    announce(lead.map((p) => p.textContent).join(' '));
  };

  const run = async (mode: UrlMode) => {
    const q = input.value.trim();
    const f = filters();
    const sort = panel?.sort();
    const mine = ++seq;
    shownKey = paramsOf(q, f, sort).toString();
    keepInUrl(q, f, sort, mode);
    // A chosen order alone shows the whole catalogue in that order (the static listing is by title).
    const active = q !== '' || hasFilters(f) || sort !== undefined;
    if (listing) listing.hidden = active;
    section.hidden = !active;
    if (!active) {
      body.replaceChildren();
      panel?.update(undefined);
      announce('');
      return;
    }
    // Shown, not announced: the status region speaks only when the answer is there.
    if (!body.childElementCount || body.dataset.state !== 'loading') {
      body.dataset.state = 'loading';
      body.replaceChildren(el('p', text.loading, 'muted'));
    }
    // What the shown answer is for: the query alone (data-q) and with the filters (data-search).
    const key = shownKey;
    try {
      const a = await answer(q, f, sort, 0);
      if (mine !== seq) return;
      body.dataset.state = 'done';
      body.dataset.q = q;
      body.dataset.search = key;
      render(q, f, sort, a);
    } catch {
      if (mine !== seq) return;
      // Pagefind could not load (a rebuild, a network fault): say so; the next input tries again.
      body.dataset.state = 'error';
      body.dataset.q = q;
      body.dataset.search = key;
      const msg = text.error ?? '';
      body.replaceChildren(el('p', msg));
      announce(msg);
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    schedule(0, 'replace');
  });
  // An input method (pinyin, zhuyin, kana, …) composing: its text (`haidian`) is not yet what the
  // visitor means (海淀), so it is not searched; the search follows the composition's end. Both the
  // events and `isComposing` are read: browsers differ in whether the last `input` comes before
  // compositionend (Chromium: still composing) or after it (Safari).
  let composing = false;
  input.addEventListener('compositionstart', () => {
    composing = true;
    clearTimeout(searchTimer);
    clearTimeout(announceTimer);
  });
  input.addEventListener('compositionend', () => {
    composing = false;
    schedule(SEARCH_DELAY, 'replace');
  });
  input.addEventListener('input', (e) => {
    // Still typing: what was about to be announced is already stale.
    clearTimeout(announceTimer);
    if (composing || (e as InputEvent).isComposing) return;
    schedule(SEARCH_DELAY, 'replace');
  });
  /** The query and filters of the URL, shown: on load, on Back/Forward, and from the page cache. */
  const restore = (mode: UrlMode, always: boolean) => {
    const params = new URLSearchParams(location.search);
    const q = params.get('q') ?? '';
    // A popstate of an in-page link (#main) leaves the search as it is.
    const sort = sortFromParams(params);
    if (mode === 'none' && paramsOf(q.trim(), filtersFromParams(params), sort).toString() === shownKey) return;
    // On load a box already filled (the browser restoring it) is kept when the URL has no query.
    if ((q || always) && q !== input.value) input.value = q;
    // A filter value the page does not know (any text can be typed into a URL) is neither shown nor
    // searched, and leaves the URL.
    panel?.setSort(sort);
    // An order the page does not offer (sort=<anything>) leaves the URL too.
    const badSort = params.has('sort') && panel?.sort() === undefined;
    if (panel?.set(filtersFromParams(params)) || badSort) keepInUrl(q, filters(), panel?.sort(), 'replace');
    if (always || input.value.trim() || hasFilters(filters()) || panel?.sort()) schedule(0, mode);
  };
  // Back/forward from the page cache keeps the DOM as it was; a reload or a shared link starts from the URL.
  window.addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    restore('none', true);
  });
  // Back/forward between the entries the filters added.
  window.addEventListener('popstate', () => restore('none', true));
  restore('replace', false);
}
