/**
 * Text matching for catalogue search, in Chinese and English, shared by the API (rank.ts) and the
 * site's offline search (site/src/scripts/search-offline.ts), so both answer alike.
 *
 * Every text, indexed or queried, is normalized the same way: NFKC (full-width letters and digits
 * become ASCII), traditional Chinese folded to simplified (fold-chinese.ts), lower case.
 *
 * A result must contain every query term (terms are ANDed), never just a piece of one:
 * - Chinese has no spaces between words, so a CJK term matches as a substring, or else when the
 *   character bigrams of the term found in one text cover every character of the term ("西雅图天气"
 *   finds "西雅图逐日天气": 西雅 雅图 天气). Single characters of a longer term never match on their own
 *   (空气质量 does not find 质量评分; 深圳市 does not find 示例市).
 * - Latin terms match whole words, singular or plural (airport ~ airports). Only the last term of the
 *   query, and only from MIN_PREFIX characters, also matches as a word prefix (the user may still be
 *   typing it): "LA" does not find "latitude", and nothing matches inside a word ("crime" is not in "°C").
 * - Terms with inner punctuation (column and dataset ids: temp_max, cn-provinces) match as written,
 *   bounded by non-letters.
 */
import { foldTraditional } from './fold-chinese.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
/** A run of CJK characters (global: for matchAll and replace). */
export const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const ID_LIKE = /^[a-z0-9][a-z0-9@._-]*[a-z0-9]$/;

/**
 * Joins the values of one column into one searchable text (search-fields.ts). Not a letter, digit, CJK
 * character or space, and kept by normalizeText, so no word, character run, bigram, id or pinyin word
 * spans two values; cjkStrength also covers a term with the bigrams of one value only.
 */
export const VALUE_SEPARATOR = '\u0001';

/** The shortest last term that also matches as a word prefix. */
export const MIN_PREFIX = 3;

/** NFKC, traditional → simplified, lower case, whitespace collapsed. */
export function normalizeText(s: string): string {
  return foldTraditional(s.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface QueryTerm {
  readonly text: string;
  readonly cjk: boolean;
  /** The last term of the query, Latin, MIN_PREFIX characters or more: it also matches as a word prefix. */
  readonly prefix: boolean;
}

/** Query terms: CJK runs and Latin/digit words, de-duplicated, in order. */
export function parseQuery(q: string): QueryTerm[] {
  const n = normalizeText(q);
  const terms: string[] = [];
  for (const piece of n.split(/[\s,;，；、。]+/)) {
    if (!piece) continue;
    // Split mixed pieces ("2012年天气") into CJK runs and words; keep hyphenated ids whole.
    if (ID_LIKE.test(piece)) {
      terms.push(piece);
      continue;
    }
    for (const m of piece.matchAll(CJK_RUN)) terms.push(m[0]);
    for (const m of piece.replace(CJK_RUN, ' ').matchAll(WORD)) terms.push(m[0]);
  }
  const unique = [...new Set(terms)];
  return unique.map((text) => {
    const cjk = isCjk(text);
    return { text, cjk, prefix: !cjk && text.length >= MIN_PREFIX && n.endsWith(text) };
  });
}

/** The texts of parseQuery's terms. */
export function queryTerms(q: string): string[] {
  return parseQuery(q).map((t) => t.text);
}

export const isCjk = (term: string): boolean => CJK.test(term);

/** Latin/digit words of a normalized text (CJK runs are not words). */
export function latinWords(text: string): string[] {
  return [...text.replace(CJK_RUN, ' ').matchAll(WORD)].map((m) => m[0]);
}

/** A light English plural folding: airports → airport, addresses → address, cities → city. */
export function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);

export interface MatchOptions {
  /** Also match as a word prefix (the query's last Latin term; see QueryTerm.prefix). */
  readonly prefix?: boolean;
}

/**
 * How well `term` matches normalized `text`, from 0 (not at all) to 1 (as a whole word or CJK
 * substring). Values under MATCH_THRESHOLD do not count as a match.
 */
export function termStrength(term: string, text: string, opts: MatchOptions = {}): number {
  if (!text || !term) return 0;
  if (isCjk(term)) return cjkStrength(term, text);
  if (!/^[\p{L}\p{N}]+$/u.test(term)) return idStrength(term, text, opts.prefix === true);
  let best = 0;
  const s = stem(term);
  for (const w of latinWords(text)) {
    if (w === term) return 1;
    if (stem(w) === s) best = Math.max(best, 0.9);
    else if (opts.prefix && w.startsWith(term)) best = Math.max(best, 0.8);
  }
  return best;
}

function cjkStrength(term: string, text: string): number {
  if (text.includes(term)) return 1;
  if (text.includes(VALUE_SEPARATOR)) {
    // Values of a column: bigrams of two different values do not make a match.
    let best = 0;
    for (const value of text.split(VALUE_SEPARATOR)) best = Math.max(best, cjkStrength(term, value));
    return best;
  }
  const chars = Array.from(term);
  if (chars.length < 3) return 0;
  // Bigram i is chars[i] + chars[i + 1]; each looked up once, and only as far as needed.
  const last = chars.length - 2;
  const seen = new Map<string, boolean>();
  const has = (i: number) => {
    const bigram = `${chars[i]}${chars[i + 1]}`;
    let found = seen.get(bigram);
    if (found === undefined) {
      found = text.includes(bigram);
      seen.set(bigram, found);
    }
    return found;
  };
  // Every character covered: the first by bigram 0, the last by the last bigram, the others by either neighbour.
  if (!has(0) || !has(last)) return 0;
  for (let i = 1; i <= last; i++) if (!has(i - 1) && !has(i)) return 0;
  let found = 0;
  for (let i = 0; i <= last; i++) if (has(i)) found++;
  return 0.5 + (0.3 * found) / (chars.length - 1);
}

/** An id-like term (temp_max, cn-provinces): as written, whole (1) or, when allowed, as a word prefix (0.8). */
function idStrength(term: string, text: string, prefix: boolean): number {
  let best = 0;
  for (let from = text.indexOf(term); from !== -1 && best < 1; from = text.indexOf(term, from + 1)) {
    const startsWord = from === 0 || !isWordChar(text[from - 1] ?? '');
    if (!startsWord) continue;
    const endsWord = !isWordChar(text[from + term.length] ?? '');
    if (endsWord) best = 1;
    else if (prefix) best = Math.max(best, 0.8);
  }
  return best;
}

/** A letter or digit that is not CJK: a Latin word goes on through it (Chinese has no word boundaries). */
const isLatinWordChar = (c: string | undefined) => c !== undefined && isWordChar(c) && !CJK.test(c);

/**
 * Whether normalized `phrase` is in normalized `text` as written AND as words: a Latin letter or digit
 * at either end of the phrase does not continue a word of the text there (`ord` is not found in
 * `order`, nor `la` in `latitude`; `seattle weather` is in `seattle weather daily`). A CJK end needs
 * no boundary (天气 is in 逐日天气). The phrase bonus (rank.ts) asks this.
 */
export function phraseFoundIn(text: string, phrase: string): boolean {
  if (!phrase) return false;
  const first = phrase[0];
  const last = phrase[phrase.length - 1];
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    const openStart = isLatinWordChar(first) && isLatinWordChar(text[at - 1]);
    const openEnd = isLatinWordChar(last) && isLatinWordChar(text[at + phrase.length]);
    if (!openStart && !openEnd) return true;
  }
  return false;
}

/**
 * Whether `term` is one whole value of a value field's normalized `text` (its values joined by
 * VALUE_SEPARATOR: search-fields.ts): `ord` is the value ORD, `海淀区` the value 海淀区, where `海淀` and
 * `philadelphia` (of `Philadelphia International`) are only in one.
 */
export function isWholeValue(term: string, text: string): boolean {
  if (!term || !text.includes(term)) return false;
  if (text === term) return true;
  const sep = VALUE_SEPARATOR;
  return text.startsWith(`${term}${sep}`) || text.endsWith(`${sep}${term}`) || text.includes(`${sep}${term}${sep}`);
}

/** A term matches a document when its best strength in any field reaches this. */
export const MATCH_THRESHOLD = 0.5;
