import type { DatasetEntry } from '../schema.ts';
import { PINYIN_STRENGTH, pinyinKey, pinyinStrength } from './pinyin-match.ts';
import { type SearchField, searchFields, WHOLE_VALUE_SCORE } from './search-fields.ts';
import { type Alternative, type SynonymSpan, synonymSpans } from './synonyms.ts';
import {
  isWholeValue,
  MATCH_THRESHOLD,
  normalizeText,
  parseQuery,
  phraseFoundIn,
  type QueryTerm,
  termStrength,
} from './text-match.ts';

/**
 * Extra score for the whole query found as written in the metadata, as words (text-match.ts's
 * phraseFoundIn; not in the values of the data): in a title it outranks everything else. Exported
 * for the index (search-index-query.ts), which must score exactly as this reference does.
 */
export const PHRASE_IN_TITLE = 100;
export const PHRASE_ELSEWHERE = 30;

export interface Scored {
  readonly entry: DatasetEntry;
  readonly score: number;
}

/**
 * Scores an entry for a query; undefined when some term matches nowhere (terms are ANDed; see
 * text-match.ts for what a match is). Score = exact-phrase bonus + for each term its best
 * (strength x field weight).
 */
export function scoreEntry(
  entry: DatasetEntry,
  q: string,
  fields: readonly SearchField[] = searchFields(entry),
): number | undefined {
  return scoreFields(q, fields);
}

/** scoreEntry over any normalized fields: the site's offline search scores an indexed page with it. */
export function scoreFields(q: string, fields: readonly SearchField[]): number | undefined {
  const { phrase, terms, spans } = parsed(q);
  // A query of punctuation only (`%`, `*`, `_`) names nothing: it matches nothing, not everything.
  if (!phrase || terms.length === 0) return undefined;
  const pinyin = fields.some((f) => f.pinyin);
  const score = pinyin || spans.length ? scoreCover(terms, fields, pinyin, spans) : sumTerms(terms, fields);
  if (score === undefined) return undefined;
  let bonus = 0;
  // Values in the data and theme labels get no phrase bonus. The phrase is found as words (phraseFoundIn):
  // the query inside a word of the metadata (`ord` in `order`, `la` in `latitude`) earns nothing, or it
  // would lift a word only begun above a whole value of the data (`ORD`).
  if (fields.some((f) => f.kind === 'title' && phraseFoundIn(f.text, phrase))) bonus = PHRASE_IN_TITLE;
  else if (fields.some((f) => !NO_PHRASE_BONUS.has(f.kind) && phraseFoundIn(f.text, phrase))) bonus = PHRASE_ELSEWHERE;
  return Math.round((score + bonus) * 100) / 100;
}

/** The last query parsed: rankEntries scores every entry for the same one (and the offline search every page). */
let last: { q: string; phrase: string; terms: QueryTerm[]; spans: SynonymSpan[] } | undefined;
function parsed(q: string): { phrase: string; terms: readonly QueryTerm[]; spans: readonly SynonymSpan[] } {
  if (last?.q !== q) {
    const terms = parseQuery(q);
    last = { q, phrase: normalizeText(q), terms, spans: synonymSpans(terms) };
  }
  return last;
}

/** Texts whose match of the whole query earns no phrase bonus. */
const NO_PHRASE_BONUS: ReadonlySet<SearchField['kind']> = new Set(['value', 'theme']);

/** Each term's best (strength x field weight), summed; undefined when a term matches nowhere. */
function sumTerms(terms: readonly QueryTerm[], fields: readonly SearchField[]): number | undefined {
  let score = 0;
  for (const term of terms) {
    const s = termScore(term, fields);
    if (s === undefined) return undefined;
    score += s;
  }
  return score;
}

function termScore(term: QueryTerm, fields: readonly SearchField[], pinyin = true): number | undefined {
  const key = term.cjk || !pinyin ? undefined : pinyinKey(term.text);
  let best: number | undefined;
  for (const f of fields) {
    let s = termStrength(term.text, f.text, term);
    if (key !== undefined && f.pinyin && s < PINYIN_STRENGTH) s = Math.max(s, pinyinStrength(key, f.pinyin));
    if (s >= MATCH_THRESHOLD) best = Math.max(best ?? 0, s * f.weight);
    // A term that is one whole value of the data (ORD, 海淀区) scores more than one found in a value.
    if (f.kind === 'value' && isWholeValue(term.text, f.text)) best = Math.max(best ?? 0, WHOLE_VALUE_SCORE);
  }
  return best;
}

/** Neighbouring query terms joined into one pinyin word at most (`xing zheng qu hua`); the index uses it too. */
export const MAX_JOINED_TERMS = 8;

/**
 * A synonym's terms (synonyms.ts), all matched, without pinyin, summed, times its weight; undefined when
 * one matches nothing. The index (search-index-query.ts) adds and multiplies in the same order.
 */
function alternativeScore(alternative: Alternative, fields: readonly SearchField[]): number | undefined {
  let score = 0;
  for (const term of alternative.terms) {
    const s = termScore(term, fields, false);
    if (s === undefined) return undefined;
    score += s;
  }
  return score * alternative.weight;
}

/**
 * sumTerms, where a run of neighbouring Latin terms may also match as ONE pinyin word (`tian qi` →
 * 天气, each space between two syllables; only with `pinyin`), and a run of terms with a synonym as the
 * synonym (`carbon dioxide` → co2), when that scores more than the terms one by one (which may match
 * nothing). Best cover of the terms, left to right.
 */
function scoreCover(
  terms: readonly QueryTerm[],
  fields: readonly SearchField[],
  pinyin: boolean,
  spans: readonly SynonymSpan[],
): number | undefined {
  const keys = terms.map((t) => (t.cjk || !pinyin ? undefined : pinyinKey(t.text)));
  const best: (number | undefined)[] = [0];
  for (let i = 0; i < terms.length; i++) {
    const before = best[i];
    if (before === undefined) continue;
    const one = termScore(terms[i] as QueryTerm, fields);
    if (one !== undefined) best[i + 1] = Math.max(best[i + 1] ?? 0, before + one);
    for (const span of spans) {
      if (span.from !== i) continue;
      for (const alternative of span.alternatives) {
        const s = alternativeScore(alternative, fields);
        if (s !== undefined) best[span.to] = Math.max(best[span.to] ?? 0, before + s);
      }
    }
    let joined = keys[i];
    const joins: number[] = [];
    for (let j = i + 1; j < Math.min(terms.length, i + MAX_JOINED_TERMS); j++) {
      const next = keys[j];
      if (joined === undefined || next === undefined) break;
      joins.push(joined.length);
      joined += next;
      let s: number | undefined;
      for (const f of fields) {
        const strength = f.pinyin ? pinyinStrength(joined, f.pinyin, joins) : 0;
        if (strength >= MATCH_THRESHOLD) s = Math.max(s ?? 0, strength * f.weight);
      }
      if (s !== undefined) best[j + 1] = Math.max(best[j + 1] ?? 0, before + s);
    }
  }
  return best[terms.length];
}

/**
 * Entries matching `q`, best first (ties: most recently updated, then id). Without q (or only blanks):
 * all, score 0. `fieldsOf` gives an entry's searchable fields (the API's add pinyin: pinyin-index.ts).
 */
export function rankEntries(
  entries: readonly DatasetEntry[],
  q: string | undefined,
  fieldsOf: (entry: DatasetEntry) => readonly SearchField[] = searchFields,
): Scored[] {
  const out: Scored[] = [];
  for (const entry of entries) {
    const score = q?.trim() ? scoreEntry(entry, q, fieldsOf(entry)) : 0;
    if (score !== undefined) out.push({ entry, score });
  }
  return out.sort(
    (a, b) =>
      b.score - a.score || b.entry.updatedAt.localeCompare(a.entry.updatedAt) || a.entry.id.localeCompare(b.entry.id),
  );
}
