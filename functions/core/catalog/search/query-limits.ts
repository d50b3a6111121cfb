import { normalizeText, parseQuery } from './text-match.ts';

/**
 * Limits of one search query beyond SearchParams' 200 characters, so that no query asks for much work
 * (pentest finding F7). Each term is looked up in the index and may go through the typo correction and
 * pinyin joins, so the number of terms bounds the work; NFKC can make one character 18 (U+FDFA), so the
 * length is bounded again after normalization. Neither limit is near a real query: 16 distinct words or
 * Chinese runs is a pasted paragraph, and only compatibility characters (ligatures, squared words) expand.
 */
export const MAX_QUERY_TERMS = 16;
export const MAX_NORMALIZED_Q = 400;

/** Why `q` is over a limit, as a message for the 400 in English and Chinese; undefined when it is within them. */
export function queryLimitError(q: string | undefined): { readonly en: string; readonly zh: string } | undefined {
  if (q === undefined) return undefined;
  const length = normalizeText(q).length;
  if (length > MAX_NORMALIZED_Q) {
    return {
      en: `q is ${length} characters after Unicode normalization (NFKC); at most ${MAX_NORMALIZED_Q}`,
      zh: `q 经 Unicode 规范化（NFKC）后有 ${length} 个字符；最多 ${MAX_NORMALIZED_Q} 个`,
    };
  }
  const terms = parseQuery(q).length;
  if (terms > MAX_QUERY_TERMS) {
    return {
      en: `q has ${terms} distinct terms; at most ${MAX_QUERY_TERMS} (each word and each run of Chinese characters is a term)`,
      zh: `q 有 ${terms} 个不同的检索词；最多 ${MAX_QUERY_TERMS} 个（每个单词、每段连续的汉字各算一个检索词）`,
    };
  }
  return undefined;
}
