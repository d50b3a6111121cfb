/**
 * Chinese homophone correction (site review finding 4): with a pinyin input method the usual slip is the
 * wrong character with the right sound, `西雅徒` for 西雅图 (Seattle), `洛山矶` for 洛杉矶 (Los Angeles). When a
 * query finds nothing, a Chinese term that matches no text is replaced by the word of a title or keyword
 * whose tone-less pinyin is the term's, and the corrected query is searched instead (`correctedQ`, as
 * the Latin one-edit correction: did-you-mean.ts).
 *
 * Precision first: a wrong correction shows confident wrong results.
 * - Only whole words of titles and keywords (Intl.Segmenter's words, and a keyword's whole run of
 *   characters): never a piece of a word, a description or a value of the data.
 * - The same number of characters, and at most half of them different, in place (so at least one is the
 *   user's): `事实` (shishi) never becomes 实时, where every character differs.
 * - Terms of MIN_HOMOPHONE_CHARS to MAX_HOMOPHONE_CHARS characters: one character has dozens of homophones.
 * - Several candidates: the word in the most datasets, then the first in code-unit order (deterministic).
 *
 * Dictionary-free, like pinyin-match.ts: the API builds the vocabulary (pinyin-index.ts: withHomophones)
 * on the first query that needs it, so a query that finds something never loads the pinyin dictionary.
 */
import { parseQuery } from './text-match.ts';

export const MIN_HOMOPHONE_CHARS = 2;
export const MAX_HOMOPHONE_CHARS = 8;

export interface Homophones {
  /** The tone-less pinyin of a Chinese term, syllables joined (`西雅徒` → `xiyatu`); undefined without one per character. */
  readonly keyOf: (term: string) => string | undefined;
  /** Pinyin → the words of titles and keywords that read so → in how many datasets each is. */
  readonly words: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** A word of a title or keyword, with its pinyin (pinyin-index.ts: homophoneWordsOf). */
export type PinyinWord = readonly [word: string, key: string];

/** Whether a term is one that homophoneOf may correct (a run of Chinese characters of the right length). */
export function homophoneCandidate(term: { readonly text: string; readonly cjk: boolean }): boolean {
  if (!term.cjk) return false;
  const n = Array.from(term.text).length;
  return n >= MIN_HOMOPHONE_CHARS && n <= MAX_HOMOPHONE_CHARS;
}

/** Whether some term of `q` could be corrected as a homophone: only then is the vocabulary worth building. */
export function mayBeHomophone(q: string | undefined): boolean {
  return q !== undefined && parseQuery(q).some(homophoneCandidate);
}

/** The vocabulary, from the words (with their pinyin) of each document's titles and keywords. */
export function buildHomophones(
  docCount: number,
  wordsOf: (doc: number) => Iterable<PinyinWord>,
  keyOf: (term: string) => string | undefined,
): Homophones {
  const words = new Map<string, Map<string, number>>();
  for (let doc = 0; doc < docCount; doc++) {
    const seen = new Set<string>();
    for (const [word, key] of wordsOf(doc)) {
      if (seen.has(word)) continue;
      seen.add(word);
      let byWord = words.get(key);
      if (!byWord) {
        byWord = new Map();
        words.set(key, byWord);
      }
      byWord.set(word, (byWord.get(word) ?? 0) + 1);
    }
  }
  return { keyOf, words };
}

/** The word `term` was most likely meant to be (see above), or undefined. */
export function homophoneOf(h: Homophones, term: string): string | undefined {
  const chars = Array.from(term);
  if (chars.length < MIN_HOMOPHONE_CHARS || chars.length > MAX_HOMOPHONE_CHARS) return undefined;
  const key = h.keyOf(term);
  const candidates = key === undefined ? undefined : h.words.get(key);
  if (!candidates) return undefined;
  const maxDifferent = Math.floor(chars.length / 2);
  let best: [string, number] | undefined;
  for (const [word, count] of candidates) {
    const w = Array.from(word);
    if (w.length !== chars.length || word === term) continue;
    let different = 0;
    for (let i = 0; i < w.length; i++) if (w[i] !== chars[i]) different++;
    if (different > maxDifferent) continue;
    if (!best || count > best[1] || (count === best[1] && word < best[0])) best = [word, count];
  }
  return best?.[0];
}
