import { oneEditApart, typoVocabularyKeys } from './did-you-mean.ts';
import type { WorkMeter } from './work-meter.ts';

/**
 * The words a typo may be corrected to, built once per catalogue snapshot (search-index.ts), so that a
 * correction looks up a few hundred strings instead of comparing the query with every word of every text.
 * Counts are those of didYouMean (did-you-mean.ts), which stays the reference: per text, the keys
 * typoVocabularyKeys gives for each distinct Latin word.
 */
export interface TypoVocabulary {
  /** Word → in how many texts it is (the most frequent of several candidates wins). */
  readonly counts: ReadonlyMap<string, number>;
  /** The words by length (UTF-16 code units, as oneEditApart compares them). */
  readonly byLength: ReadonlyMap<number, readonly string[]>;
  /** Every UTF-16 code unit of the words: what an insertion or substitution can bring in. */
  readonly alphabet: readonly string[];
}

export class TypoVocabularyBuilder {
  private readonly counts = new Map<string, number>();
  private bump(w: string, times: number): void {
    this.counts.set(w, (this.counts.get(w) ?? 0) + times);
  }

  /** The distinct Latin words of one text, which is in `times` fields of the catalogue. */
  addText(words: Iterable<string>, times = 1): void {
    for (const w of words) for (const k of typoVocabularyKeys(w)) this.bump(k, times);
  }

  finish(): TypoVocabulary {
    const byLength = new Map<number, string[]>();
    const alphabet = new Set<string>();
    for (const w of this.counts.keys()) {
      const bucket = byLength.get(w.length);
      if (bucket) bucket.push(w);
      else byLength.set(w.length, [w]);
      for (let i = 0; i < w.length; i++) alphabet.add(w[i] as string);
    }
    return { counts: this.counts, byLength, alphabet: [...alphabet] };
  }
}

/**
 * The vocabulary word one edit from `term` (oneEditApart), the most frequent, then the first in code-unit
 * order; undefined when there is none. Exactly didYouMean's choice, at the cost of the cheaper of two
 * exact ways: comparing with the words of length ±1 only, or looking up each one-edit variant of the term
 * (deletions, transpositions, and substitutions and insertions from the vocabulary's alphabet).
 */
export function closestWord(v: TypoVocabulary, term: string, meter?: WorkMeter): string | undefined {
  const n = term.length;
  const buckets = [n - 1, n, n + 1].map((l) => v.byLength.get(l) ?? []);
  const scanCost = buckets.reduce((sum, b) => sum + b.length, 0);
  if (scanCost === 0) return undefined;
  const variantCost = 2 * n + (2 * n + 1) * v.alphabet.length;
  let best: [string, number] | undefined;
  const consider = (w: string) => {
    if (!oneEditApart(term, w)) return;
    const c = v.counts.get(w) as number;
    if (!best || c > best[1] || (c === best[1] && w < best[0])) best = [w, c];
  };
  if (scanCost <= variantCost) {
    if (meter) meter.units += scanCost;
    for (const bucket of buckets) for (const w of bucket) consider(w);
    return best?.[0];
  }
  if (meter) meter.units += variantCost;
  const tryVariant = (w: string) => {
    if (v.counts.has(w)) consider(w);
  };
  for (let i = 0; i < n; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i + 1);
    tryVariant(head + tail); // deletion
    if (i + 1 < n) tryVariant(head + term[i + 1] + term[i] + term.slice(i + 2)); // transposition
    for (const c of v.alphabet) if (c !== term[i]) tryVariant(head + c + tail); // substitution
  }
  for (let i = 0; i <= n; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i);
    for (const c of v.alphabet) tryVariant(head + c + tail); // insertion
  }
  return best?.[0];
}
