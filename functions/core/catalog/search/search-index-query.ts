import { MIN_TYPO_LENGTH } from './did-you-mean.ts';
import { homophoneCandidate, homophoneOf } from './homophones.ts';
import { pinyinKey } from './pinyin-match.ts';
import { pinyinScores } from './pinyin-postings.ts';
import { forEachPosting, hasKeyWithPrefix, lowerBound, postingCount, postingOf } from './postings.ts';
import { MAX_JOINED_TERMS, PHRASE_ELSEWHERE, PHRASE_IN_TITLE, type Scored } from './rank.ts';
import { WHOLE_VALUE_SCORE } from './search-fields.ts';
import {
  forEachWholeValue,
  type IndexCore,
  type SearchIndex,
  THEME_KIND,
  TITLE_KIND,
  VALUE_KIND,
  wordsOfStem,
} from './search-index.ts';
import { type Alternative, synonymSpans } from './synonyms.ts';
import {
  MATCH_THRESHOLD,
  normalizeText,
  parseQuery,
  phraseFoundIn,
  type QueryTerm,
  stem,
  termStrength,
} from './text-match.ts';
import { closestWord } from './typo-vocabulary.ts';
import type { WorkMeter } from './work-meter.ts';

type DocScores = Map<number, number>;

/** A ranked entry with its position in the index. */
export interface IndexedScored extends Scored {
  readonly doc: number;
}

/**
 * rankEntries (rank.ts) over an index: the same matches, scores and order. The work is the postings of
 * the query's terms plus the fields of the documents that can still match, never every entry.
 */
export function rankIndexed(index: SearchIndex, q: string | undefined, meter?: WorkMeter): IndexedScored[] {
  const { entries, core } = index;
  if (!q?.trim())
    return Array.from(core.tieOrder, (doc) => ({ entry: entries[doc] as Scored['entry'], score: 0, doc }));
  const scores = scoreQuery(core, q, meter);
  const docs = [...scores.keys()].sort(
    (a, b) =>
      (scores.get(b) as number) - (scores.get(a) as number) ||
      (core.tieRank[a] as number) - (core.tieRank[b] as number),
  );
  return docs.map((doc) => ({ entry: entries[doc] as Scored['entry'], score: scores.get(doc) as number, doc }));
}

/** Per matching document, rank.ts's scoreFields: the best cover of the terms, plus the phrase bonus, rounded. */
function scoreQuery(core: IndexCore, q: string, meter: WorkMeter | undefined): DocScores {
  const phrase = normalizeText(q);
  const terms = parseQuery(q);
  const out: DocScores = new Map();
  if (!phrase || terms.length === 0) return out;
  const keys = terms.map((t) => (t.cjk ? undefined : pinyinKey(t.text)));
  const spans = synonymSpans(terms);
  // best[i]: documents whose first i terms are matched, with their best score; best[0] is every document at 0.
  const best: (DocScores | undefined)[] = new Array(terms.length + 1);
  for (let i = 0; i < terms.length; i++) {
    const before = i === 0 ? 'all' : best[i];
    if (before !== 'all' && !before?.size) continue;
    const within = before === 'all' ? undefined : before;
    extend(best, i + 1, before, termScores(core, terms[i] as QueryTerm, keys[i], within, meter));
    // A run of terms with a synonym may match as the synonym (synonyms.ts), as in rank.ts's scoreCover.
    for (const span of spans) {
      if (span.from !== i) continue;
      for (const alternative of span.alternatives) {
        extend(best, span.to, before, alternativeScores(core, alternative, within, meter));
      }
    }
    // A run of neighbouring terms may also be one pinyin word (`tian qi`), as in rank.ts's scoreWithPinyin.
    let joined = keys[i];
    if (!core.pinyin || joined === undefined) continue;
    const joins: number[] = [];
    for (let j = i + 1; j < Math.min(terms.length, i + MAX_JOINED_TERMS); j++) {
      const next = keys[j];
      if (next === undefined) break;
      joins.push(joined.length);
      joined += next;
      const seg = pinyinScores(core.pinyin, joined, joins, core.weights, meter);
      // A key found nowhere cannot be found once longer: stop joining.
      if (!seg.occurs) break;
      extend(best, j + 1, before, seg.scores);
    }
  }
  const final = best[terms.length];
  if (!final) return out;
  for (const [doc, score] of final) {
    if (meter) meter.units += 1 + ((core.fieldStart[doc + 1] as number) - (core.fieldStart[doc] as number));
    const bonus = phraseBonus(core, doc, phrase);
    out.set(doc, Math.round((score + bonus) * 100) / 100);
  }
  return out;
}

/** One query term's best single-term score in some documents: what the explanation of a match reads. */
export interface TermScores {
  readonly term: QueryTerm;
  /** The term as pinyin (pinyinKey), if it can be. */
  readonly key: string | undefined;
  /** Document → best (strength x field weight), as rank.ts's termScore; absent where it matches no field alone. */
  readonly scores: ReadonlyMap<number, number>;
}

/**
 * Each term of `q` scored alone (rank.ts's termScore) in `docs`, a page of results: whether a term's best
 * is in the metadata or in the values of the data is read from its score (search-fields.ts's weights),
 * not by visiting the fields again (matched-values.ts). Costs what the query's own lookups cost.
 */
export function termScoresIn(core: IndexCore, q: string, docs: readonly number[], meter?: WorkMeter): TermScores[] {
  const within: DocScores = new Map(docs.map((d) => [d, 0]));
  return parseQuery(q).map((term) => {
    const key = term.cjk ? undefined : pinyinKey(term.text);
    return { term, key, scores: termScores(core, term, key, within, meter) };
  });
}

/**
 * rank.ts's alternativeScore per document: a synonym's terms all matched (without pinyin), summed in
 * order, times its weight.
 */
function alternativeScores(
  core: IndexCore,
  alternative: Alternative,
  within: DocScores | undefined,
  meter: WorkMeter | undefined,
): DocScores {
  let sum: DocScores | undefined;
  for (const term of alternative.terms) {
    const scores = termScores(core, term, undefined, sum ?? within, meter);
    if (sum === undefined) sum = scores;
    else {
      const next: DocScores = new Map();
      for (const [doc, s] of sum) {
        const t = scores.get(doc);
        if (t !== undefined) next.set(doc, s + t);
      }
      sum = next;
    }
    if (sum.size === 0) return sum;
  }
  const out: DocScores = new Map();
  for (const [doc, s] of sum ?? []) out.set(doc, s * alternative.weight);
  return out;
}

/** best[k] = max(best[k], before + seg) for the documents in both. */
function extend(best: (DocScores | undefined)[], k: number, before: DocScores | 'all', seg: DocScores): void {
  if (seg.size === 0) return;
  let target = best[k];
  if (!target) best[k] = target = new Map();
  const put = (doc: number, v: number) => target.set(doc, Math.max(target.get(doc) ?? 0, v));
  if (before === 'all') {
    for (const [doc, s] of seg) put(doc, 0 + s);
  } else if (before.size <= seg.size) {
    for (const [doc, b] of before) {
      const s = seg.get(doc);
      if (s !== undefined) put(doc, b + s);
    }
  } else {
    for (const [doc, s] of seg) {
      const b = before.get(doc);
      if (b !== undefined) put(doc, b + s);
    }
  }
}

function phraseBonus(core: IndexCore, doc: number, phrase: string): number {
  const end = core.fieldStart[doc + 1] as number;
  let elsewhere = false;
  for (let f = core.fieldStart[doc] as number; f < end; f++) {
    const kind = core.fieldKind[f];
    if (kind === VALUE_KIND || kind === THEME_KIND || !phraseFoundIn(core.fieldText[f] as string, phrase)) continue;
    if (kind === TITLE_KIND) return PHRASE_IN_TITLE;
    elsewhere = true;
  }
  return elsewhere ? PHRASE_ELSEWHERE : 0;
}

/**
 * rank.ts's termScore per document: the best (strength x field weight) of one term, where it reaches
 * MATCH_THRESHOLD. `within`: only these documents can still match (the terms before matched them).
 */
function termScores(
  core: IndexCore,
  term: QueryTerm,
  key: string | undefined,
  within: DocScores | undefined,
  meter: WorkMeter | undefined,
): DocScores {
  const scores: DocScores = new Map();
  const put = (doc: number, v: number) => {
    const had = scores.get(doc);
    if (had === undefined || v > had) scores.set(doc, v);
  };
  const weight = (w: number) => core.weights[w] as number;
  // A term that is one whole value of the data (rank.ts's termScore).
  forEachWholeValue(core, term.text, (doc) => {
    if (meter) meter.units++;
    put(doc, WHOLE_VALUE_SCORE);
  });
  if (term.cjk) {
    const chars = Array.from(term.text);
    if (chars.length <= 2) {
      // A character or a bigram is in a field exactly when its postings say so: strength 1.
      forEachPosting(core.cjk, term.text, (doc, w) => {
        if (meter) meter.units++;
        put(doc, 1 * weight(w));
      });
      return scores;
    }
    for (const doc of cjkCandidates(core, chars, within, meter)) scoreFieldsOf(core, doc, term, put, meter, true);
    return scores;
  }
  if (/^[\p{L}\p{N}]+$/u.test(term.text)) {
    latinScores(core, term, within, put, meter);
    if (key !== undefined && core.pinyin) {
      for (const [doc, v] of pinyinScores(core.pinyin, key, [], core.weights, meter).scores) put(doc, v);
    }
    return scores;
  }
  for (const doc of idCandidates(core, term.text, within, meter)) scoreFieldsOf(core, doc, term, put, meter, false);
  return scores;
}

/** A Latin word term: whole words (1), words of the same stem (0.9), and for the last term word prefixes (0.8). */
function latinScores(
  core: IndexCore,
  term: QueryTerm,
  within: DocScores | undefined,
  put: (doc: number, v: number) => void,
  meter: WorkMeter | undefined,
): void {
  const t = term.text;
  const s = stem(t);
  const words: [string, number][] = [[t, 1]];
  for (const word of wordsOfStem(core, s)) if (word !== t) words.push([word, 0.9]);
  if (term.prefix) {
    // The words that start with t are one range of the sorted words.
    for (let i = lowerBound(core.words, t); i < core.words.length; i++) {
      const word = core.words[i] as string;
      if (!word.startsWith(t)) break;
      if (meter) meter.units++;
      if (word !== t && stem(word) !== s) words.push([word, 0.8]);
    }
  }
  const postings = words.reduce((n, [word]) => n + postingCount(core.latin, word), 0);
  // Few documents left (the terms before matched few): look each up instead of reading whole lists.
  if (within && within.size * words.length * 8 < postings) {
    if (meter) meter.units += within.size * words.length;
    for (const doc of within.keys()) {
      for (const [word, strength] of words) {
        const w = postingOf(core.latin, word, doc);
        if (w >= 0) put(doc, strength * (core.weights[w] as number));
      }
    }
    return;
  }
  if (meter) meter.units += postings;
  for (const [word, strength] of words) {
    forEachPosting(core.latin, word, (doc, w) => put(doc, strength * (core.weights[w] as number)));
  }
}

/**
 * Documents that may hold a CJK term of 3+ characters in one field, by its bigrams (text-match.ts): the
 * first character needs the first bigram, the last one the last bigram, each inner one either bigram
 * around it. Starting from the rarest of these clauses, each other one filters; exact checks follow.
 */
function cjkCandidates(
  core: IndexCore,
  chars: readonly string[],
  within: DocScores | undefined,
  meter: WorkMeter | undefined,
): number[] {
  const bigram = (i: number) => `${chars[i]}${chars[i + 1]}`;
  const last = chars.length - 2;
  const clauses = new Map<string, [string, string]>();
  const clause = (a: string, b: string) => clauses.set(`${a}\u0000${b}`, [a, b]);
  clause(bigram(0), bigram(0));
  clause(bigram(last), bigram(last));
  for (let i = 1; i <= last; i++) clause(bigram(i - 1), bigram(i));
  const cost = ([a, b]: [string, string]) => postingCount(core.cjk, a) + (a === b ? 0 : postingCount(core.cjk, b));
  const [rarest, ...others] = [...clauses.values()].sort((x, y) => cost(x) - cost(y));
  if (!rarest) return [];
  const [a0, b0] = rarest;
  let docs = candidatesOf(core, a0, within, meter);
  if (b0 !== a0) docs = [...new Set([...docs, ...candidatesOf(core, b0, within, meter)])];
  for (const [a, b] of others) {
    if (docs.length === 0) break;
    if (meter) meter.units += docs.length;
    docs = docs.filter((doc) => postingOf(core.cjk, a, doc) >= 0 || (a !== b && postingOf(core.cjk, b, doc) >= 0));
  }
  return docs;
}

/** The documents of `key`'s postings (within `within`, when given: the smaller side is visited). */
function candidatesOf(
  core: IndexCore,
  key: string,
  within: DocScores | undefined,
  meter: WorkMeter | undefined,
): number[] {
  const docs: number[] = [];
  if (within && within.size < postingCount(core.cjk, key)) {
    for (const doc of within.keys()) if (postingOf(core.cjk, key, doc) >= 0) docs.push(doc);
    if (meter) meter.units += within.size;
    return docs.sort((a, b) => a - b);
  }
  forEachPosting(core.cjk, key, (doc) => {
    if (meter) meter.units++;
    if (!within || within.has(doc)) docs.push(doc);
  });
  return docs;
}

/**
 * Documents that may hold an id-like term (temp_max, cn-provinces): where it starts a word, its first part
 * (temp, cn) is a whole Latin word, except after an astral letter (IndexCore.astralDocs).
 */
function idCandidates(
  core: IndexCore,
  term: string,
  within: DocScores | undefined,
  meter: WorkMeter | undefined,
): number[] {
  const head = term.split(/[@._-]/)[0] as string;
  const docs = new Set<number>();
  forEachPosting(core.latin, head, (doc) => {
    if (meter) meter.units++;
    if (!within || within.has(doc)) docs.add(doc);
  });
  for (const doc of core.astralDocs) if (!within || within.has(doc)) docs.add(doc);
  return [...docs];
}

/** The exact strength (termStrength, the reference) of `term` in each field of `doc`. */
function scoreFieldsOf(
  core: IndexCore,
  doc: number,
  term: QueryTerm,
  put: (doc: number, v: number) => void,
  meter: WorkMeter | undefined,
  cjkOnly: boolean,
): void {
  const end = core.fieldStart[doc + 1] as number;
  for (let f = core.fieldStart[doc] as number; f < end; f++) {
    if (cjkOnly && !core.fieldCjk[f]) continue;
    const text = core.fieldText[f] as string;
    if (meter) meter.units += 1 + (text.length >> 6);
    const s = termStrength(term.text, text, term);
    if (s >= MATCH_THRESHOLD) put(doc, s * (core.weights[core.fieldWeight[f] as number] as number));
  }
}

/**
 * didYouMean (did-you-mean.ts) over an index: each Latin word of MIN_TYPO_LENGTH+ letters that matches
 * nothing is replaced by the closest vocabulary word one edit away; and, once the API has added the
 * homophones (pinyin-index.ts: withHomophones), each Chinese term that matches nothing by the word of a
 * title or keyword that reads the same (homophones.ts); and a query that is one id-like term written with
 * other separators than any text has (seattle_weather, us.flights) by its words. Undefined when nothing changes.
 */
export function correctIndexed(index: SearchIndex, q: string, meter?: WorkMeter): string | undefined {
  const { core } = index;
  let changed = false;
  const terms = parseQuery(q);
  const words = terms.map((t) => {
    if (t.cjk) {
      if (!core.homophones || !homophoneCandidate(t)) return t.text;
      if (termScores(core, t, undefined, undefined, meter).size > 0) return t.text;
      const w = homophoneOf(core.homophones, t.text);
      if (w === undefined) return t.text;
      changed = true;
      return w;
    }
    // A query that is one id written with other separators (seattle_weather, us.flights), in no text: its
    // words. Only a lone term: a query of many such terms would search as many again.
    if (/[-_.@]/.test(t.text)) {
      if (terms.length > 1) return t.text;
      const parts = t.text.split(/[-_.@]+/).filter(Boolean);
      if (parts.length < 2 || termScores(core, t, undefined, undefined, meter).size > 0) return t.text;
      changed = true;
      return parts.join(' ');
    }
    if (t.text.length < MIN_TYPO_LENGTH || !/^\p{L}+$/u.test(t.text)) return t.text;
    if (matchesSomeText(core, t)) return t.text;
    const w = closestWord(core.typo, t.text, meter);
    if (w === undefined) return t.text;
    changed = true;
    return w;
  });
  return changed ? words.join(' ') : undefined;
}

/** termStrength(t, text, t) > 0 for some field text: a word, a word of its stem, or (last term) a word it starts. */
function matchesSomeText(core: IndexCore, t: QueryTerm): boolean {
  if (core.latin.slots.has(t.text) || wordsOfStem(core, stem(t.text)).length > 0) return true;
  return t.prefix && hasKeyWithPrefix(core.words, t.text);
}
