import { latinWords, parseQuery, stem, termStrength } from './text-match.ts';

/** Latin words shorter than this are never corrected: at 4 letters one edit reaches too many words. */
export const MIN_TYPO_LENGTH = 5;

/**
 * The vocabulary keys one distinct Latin word of a text gives: none for a word shorter than
 * MIN_TYPO_LENGTH - 1 or with a digit, else the word and, when it differs, its plural stem. The one
 * rule for didYouMean and the index's TypoVocabularyBuilder (typo-vocabulary.ts).
 */
export function typoVocabularyKeys(w: string): readonly string[] {
  if (w.length < MIN_TYPO_LENGTH - 1 || /\d/.test(w)) return [];
  const s = stem(w);
  return s === w ? [w] : [w, s];
}

/**
 * "Did you mean": the query with each Latin word of MIN_TYPO_LENGTH+ letters that matches no text
 * replaced by the indexed word one edit away (insertion, deletion, substitution or transposition of
 * neighbours: seatle → seattle, wether → weather, airprot → airport), the most frequent one when
 * several are. Plurals are compared by stem, so airprot finds airport(s). Undefined when nothing
 * changes. Callers ask only after a query found nothing (see searchCatalog).
 */
export function didYouMean(q: string, texts: readonly string[]): string | undefined {
  const terms = parseQuery(q);
  const vocabulary = new Map<string, number>();
  for (const text of texts) {
    for (const w of new Set(latinWords(text))) {
      for (const k of typoVocabularyKeys(w)) vocabulary.set(k, (vocabulary.get(k) ?? 0) + 1);
    }
  }
  let changed = false;
  const words = terms.map((t) => {
    if (t.cjk || t.text.length < MIN_TYPO_LENGTH || !/^\p{L}+$/u.test(t.text)) return t.text;
    if (texts.some((x) => termStrength(t.text, x, t) > 0)) return t.text;
    let best: [string, number] | undefined;
    for (const [w, n] of vocabulary) {
      if (!oneEditApart(t.text, w)) continue;
      if (!best || n > best[1] || (n === best[1] && w < best[0])) best = [w, n];
    }
    if (!best) return t.text;
    changed = true;
    return best[0];
  });
  return changed ? words.join(' ') : undefined;
}

/** Optimal-string-alignment distance exactly 1 (a transposition of neighbours counts as one edit). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    const [i, j] = diff as [number, number];
    return diff.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}
