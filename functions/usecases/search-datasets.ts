import { mayBePinyin } from '../core/catalog/search/pinyin-match.ts';
import { queryLimitError } from '../core/catalog/search/query-limits.ts';
import { needsHomophones, searchIndex } from '../core/catalog/search/search-catalog.ts';
import { SearchIndexCache } from '../core/catalog/search/search-index-cache.ts';
import { SearchParams, toSearchRequest } from '../core/catalog/search/search-request.ts';
import type { DatasetSearchResponse } from '../core/catalog/search/search-response.ts';
import { badRequest, type ProblemDetail } from '../core/errors.ts';
import { type BilingualIssue, issueWhere, membersAt, safeParseBilingual, unknownNames } from '../core/zod-zh.ts';
import type { Deps } from './deps.ts';

/**
 * GET /v1/datasets: full-text search (Chinese and English), filters, facets, sort and pagination
 * over every dataset with a published version. The ranking and facets are pure (core/catalog/search);
 * a query that matches nothing is retried with a one-edit spelling correction, or with the words of the
 * same pinyin for its Chinese terms (homophones.ts: `西雅徒` → 西雅图), and says so (`correctedQ`). Latin
 * terms also match the pinyin of Chinese titles and keywords (`tianqi` → 天气); the pinyin dictionary is
 * loaded on the first query that may be pinyin, so other requests' cold starts do not pay for it.
 * `sort=relevance` without `q` scores every dataset 0, so its order is the ties' order: most recently
 * updated first, then id (the order of `sort=updated`).
 *
 * The search index (normalized texts, postings, typo vocabulary; search-index.ts) is kept per catalogue
 * store in this module, for the container's life: built on the first request, kept while the store hands
 * out the same snapshot or one with the same searchable texts, rebuilt when they change
 * (search-index-cache.ts). Its pinyin is added on the first query that may be pinyin.
 */
export async function searchDatasets(
  deps: Pick<Deps, 'catalog' | 'publicBaseUrl'>,
  params: Record<string, string | undefined>,
): Promise<DatasetSearchResponse> {
  const parsed = safeParseBilingual(
    SearchParams,
    Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) throw searchParamsError(parsed.issues);
  const req = toSearchRequest(parsed.data);
  const tooMuch = queryLimitError(req.q);
  if (tooMuch) throw queryLimitProblem(tooMuch);
  const index = indexCache(deps.catalog).indexOf(await deps.catalog.listDatasets(), (all) =>
    all.filter((d) => d.latestVersion !== null),
  );
  if (mayBePinyin(req.q)) (await import('../core/catalog/search/pinyin-index.ts')).withPinyinIndex(index);
  let result = searchIndex(index, req);
  // A Chinese term that matches nothing may be a homophone slip (西雅徒 for 西雅图): the vocabulary for that
  // needs the pinyin dictionary, so it is built only now, once per index, and the query searched again.
  if (result.total === 0 && needsHomophones(index, req.q)) {
    (await import('../core/catalog/search/pinyin-index.ts')).withHomophones(index);
    result = searchIndex(index, req);
  }
  const link = (offset: number) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      if (v !== undefined && !['page', 'per_page', 'limit', 'offset'].includes(k)) u.set(k, v);
    u.set('limit', String(req.limit));
    u.set('offset', String(offset));
    return `${deps.publicBaseUrl}/v1/datasets?${u.toString()}`;
  };
  return {
    q: req.q ?? null,
    correctedQ: result.correctedQ ?? null,
    sort: req.sort,
    total: result.total,
    offset: req.offset,
    limit: req.limit,
    page: Math.floor(req.offset / req.limit) + 1,
    // The value profile stays out of the answer (up to 8 KB a dataset); matchedValues says what of it matched.
    datasets: result.hits.map(({ entry: { valueProfile: _profile, ...entry } }) => entry),
    scores: Object.fromEntries(result.hits.map((h) => [h.entry.id, h.score])),
    matchedValues: Object.fromEntries(
      result.hits.filter((h) => h.matchedValues.length > 0).map((h) => [h.entry.id, [...h.matchedValues]]),
    ),
    facets: result.facets,
    links: {
      self: link(req.offset),
      next: req.offset + req.limit < result.total ? link(req.offset + req.limit) : null,
      prev: req.offset > 0 ? link(prevOffset(req.offset, req.limit, result.total)) : null,
    },
  };
}

const caches = new WeakMap<object, SearchIndexCache>();
/** The index cache of one catalogue store (a Lambda container or the local platform has one). */
function indexCache(store: object): SearchIndexCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new SearchIndexCache();
    caches.set(store, cache);
  }
  return cache;
}

/**
 * Where `prev` points (offset > 0): one page back. From past the last result (an empty page: a stale
 * link after datasets went away, or a typed offset) it is the last page as `page=` counts pages (its
 * offset a multiple of the page size), or the first page when nothing matches: never past the end.
 */
export function prevOffset(offset: number, limit: number, total: number): number {
  if (offset < total) return Math.max(0, offset - limit);
  return total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
}

const SEARCH_HINT = {
  en: 'parameters are q, theme, publisher, license, format, frequency, sort (relevance|updated|title), lang, page/per_page or limit/offset (at most 100 per page); see /v1/openapi.json',
  zh: '可用参数：q、theme、publisher、license、format、frequency、sort（relevance|updated|title）、lang、page/per_page 或 limit/offset（每页最多 100 条）；参见 /v1/openapi.json',
};

/** A 400 for invalid search parameters: every error named in the detail, in English and in Chinese. */
function invalidSearch(errors: readonly ProblemDetail[], hint: { readonly en: string; readonly zh: string }) {
  return badRequest({
    detail: `invalid search parameters: ${errors.map((e) => `${e.where}: ${e.message}`).join('; ')}`,
    hint: hint.en,
    zh: {
      detail: `搜索参数无效：${errors.map((e) => `${e.where}: ${e.zh?.message ?? e.message}`).join('；')}`,
      hint: hint.zh,
    },
    errors,
  });
}

/** A query over a limit of query-limits.ts: a 400 that says which and how to get an answer. */
function queryLimitProblem(message: { readonly en: string; readonly zh: string }) {
  return invalidSearch([{ where: 'query.q', message: message.en, zh: { message: message.zh } }], {
    en: 'search with fewer, shorter words: every dataset that matches contains every term, so a long query finds little; filters (theme, publisher, …) narrow results too',
    zh: '请用更少、更短的词搜索：匹配的数据集要包含每一个检索词，查询越长找到的越少；筛选条件（theme、publisher 等）也能缩小结果',
  });
}

/**
 * The 400 for parameters SearchParams refuses: each issue where it is (`query.sort`), with zod's message
 * and its Chinese from zod's zh-CN locale (zod-zh.ts); unknown parameters are named one by one.
 */
function searchParamsError(issues: readonly BilingualIssue[]) {
  const errors = issues.map((i): ProblemDetail => {
    const keys = i.code === 'unrecognized_keys' ? i.keys : [];
    if (!keys.length) return { where: issueWhere('query', i), message: i.message, zh: { message: i.zh } };
    // A near miss names the parameter meant (publsher: publisher).
    const said = unknownNames(keys, membersAt(SearchParams, []), 'parameter');
    return { where: keys.map((k) => `query.${k}`).join(', '), message: said.message, zh: { message: said.zh } };
  });
  return invalidSearch(errors, SEARCH_HINT);
}
