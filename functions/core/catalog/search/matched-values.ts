import { z } from 'zod';
import type { DatasetEntry } from '../schema.ts';
import { type PinyinText, pinyinStrength, wholeWordsAt } from './pinyin-match.ts';
import { FIELD_WEIGHTS, WHOLE_VALUE_SCORE } from './search-fields.ts';
import { type IndexCore, VALUE_KIND } from './search-index.ts';
import { type TermScores, termScoresIn } from './search-index-query.ts';
import { isCjk, isWholeValue, MATCH_THRESHOLD, stem, termStrength, VALUE_SEPARATOR } from './text-match.ts';
import type { WorkMeter } from './work-meter.ts';

/** A value of the data that a query term matched, where no metadata text of the dataset did. */
export const MatchedValue = z.strictObject({
  /** The column holding the value (a published field name). */
  field: z.string(),
  /** The value as published (one of the column's common values in the entry's `valueProfile`). */
  value: z.string(),
});
export type MatchedValue = z.output<typeof MatchedValue>;

/** Values named per dataset at most: enough to say why it matched. */
export const MAX_MATCHED_VALUES = 3;

/**
 * Columns and values one answer may check, all hits together. A column is tested as a whole first (for
 * a substring of each term, or by its pinyin); only the values holding such a substring, or whose pinyin
 * the term matches (found in the column's pinyin: PinyinText.runValues), are then matched: a column of
 * 2,942 county names costs a few values, not 2,942. Past the budget the remaining hits are not explained
 * (their `matchedValues` is empty, never wrong). A page of 100 hits of the flights sample takes ~1 ms.
 */
export const EXPLAIN_BUDGET = 50_000;

/**
 * A term's best score above this comes from some metadata text, unless it is WHOLE_VALUE_SCORE for a
 * term that is a whole value of the dataset's data: values weigh at most this (search-fields.ts).
 */
const VALUE_CEILING = FIELD_WEIGHTS.value + 1e-9;

/** Whether the best score of `t` in `doc` comes from the dataset's values (or may: see VALUE_CEILING). */
function fromValues(core: IndexCore, t: TermScores, doc: number): boolean {
  const score = t.scores.get(doc) ?? 0;
  if (score <= VALUE_CEILING) return true;
  if (Math.abs(score - WHOLE_VALUE_SCORE) > 1e-9) return false;
  for (let f = core.fieldStart[doc] as number; f < (core.fieldStart[doc + 1] as number); f++) {
    if (core.fieldKind[f] === VALUE_KIND && isWholeValue(t.term.text, core.fieldText[f] as string)) return true;
  }
  return false;
}

interface Hit {
  readonly doc: number;
  readonly entry: DatasetEntry;
}

/**
 * Why each of `hits` (a page of results of `q` over the index) matched through its data. The terms a
 * hit's metadata does not match were scored on its values (search-fields.ts: a term's score says which);
 * the answer names the profiled values that match them, by the ranking's rules (termStrength, and the
 * pinyin the index added): the values that match all of those terms, in profile order (`SFO` in origin
 * and in destination), or else values that between them cover the terms (`SFO Philadelphia`). At most
 * MAX_MATCHED_VALUES per hit; empty when the metadata explains every term.
 */
export function explainHits(core: IndexCore, hits: readonly Hit[], q: string, meter?: WorkMeter): MatchedValue[][] {
  const profiled = hits.filter((h) => h.entry.valueProfile?.length);
  if (profiled.length === 0) return hits.map(() => []);
  const terms = termScoresIn(
    core,
    q,
    profiled.map((h) => h.doc),
    meter,
  );
  const budget = { left: EXPLAIN_BUDGET };
  return hits.map((h) => {
    if (!h.entry.valueProfile?.length) return [];
    const unexplained = terms.filter((t) => fromValues(core, t, h.doc));
    return unexplained.length ? valuesMatching(core, h, unexplained, budget, meter) : [];
  });
}

function valuesMatching(
  core: IndexCore,
  { doc, entry }: Hit,
  terms: readonly TermScores[],
  budget: { left: number },
  meter: WorkMeter | undefined,
): MatchedValue[] {
  const profile = entry.valueProfile ?? [];
  const columns: number[] = [];
  for (let f = core.fieldStart[doc] as number; f < (core.fieldStart[doc + 1] as number); f++) {
    if (core.fieldKind[f] === VALUE_KIND) columns.push(f);
  }
  // The index's value fields are the profile's columns in order (forEachSearchText); an entry whose
  // profile differs from the indexed one (it cannot, while updatedAt is the same) is not explained.
  if (columns.length !== profile.length) return [];
  const needles = terms.map(({ term }) => needleOf(term.text, term.cjk, /^[\p{L}\p{N}]+$/u.test(term.text)));
  const candidates: { field: string; value: string; terms: number[] }[] = [];
  let complete = 0;
  const spend = () => {
    budget.left--;
    if (meter) meter.units++;
    return budget.left >= 0;
  };
  for (const [c, f] of columns.entries()) {
    const column = profile[c];
    const text = core.fieldText[f] as string;
    if (!column || !spend()) return [];
    // The terms this column can match at all: a substring test of the whole column, or its pinyin.
    const pinyin = core.fieldPinyin?.[f];
    const direct = terms.map((_, k) => text.includes(needles[k] as string));
    const viaPinyin = terms.map(
      ({ key }) => key !== undefined && pinyin !== undefined && pinyinStrength(key, pinyin) >= MATCH_THRESHOLD,
    );
    if (!direct.some(Boolean) && !viaPinyin.some(Boolean)) continue;
    // Where each value starts, and the values that hold a term's substring (all of them for pinyin).
    const starts = [0];
    for (let at = text.indexOf(VALUE_SEPARATOR); at !== -1; at = text.indexOf(VALUE_SEPARATOR, at + 1)) {
      starts.push(at + 1);
    }
    if (starts.length !== column.values.length) continue;
    const valueAt = (at: number) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= at) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const which = new Set<number>();
    terms.forEach(({ key }, k) => {
      if (direct[k]) {
        const needle = needles[k] as string;
        for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) which.add(valueAt(at));
      }
      if (!viaPinyin[k] || key === undefined || !pinyin) return;
      if (!pinyin.runValues) {
        for (let v = 0; v < starts.length; v++) which.add(v);
        return;
      }
      // The values where the key matches, from the column's pinyin: each match's run names its value.
      for (const v of pinyinValues(pinyin, key)) which.add(v);
    });
    for (const v of [...which].sort((a, b) => a - b)) {
      if (!spend()) return [];
      const end = v + 1 < starts.length ? (starts[v + 1] as number) - 1 : text.length;
      const value = text.slice(starts[v] as number, end);
      const matched: number[] = [];
      terms.forEach(({ term, key }, k) => {
        let s = direct[k] && value.includes(needles[k] as string) ? termStrength(term.text, value, term) : 0;
        if (s < MATCH_THRESHOLD && viaPinyin[k] && key !== undefined && core.pinyinOf && isCjk(value)) {
          // The value's own pinyin is memoized (addPinyin converted it): a lookup, not a conversion.
          const p = core.pinyinOf(value, 'value');
          if (p) s = pinyinStrength(key, p);
        }
        if (s >= MATCH_THRESHOLD) matched.push(k);
      });
      if (!matched.length) continue;
      candidates.push({ field: column.field, value: column.values[v] as string, terms: matched });
      // Values matching every term come first, in profile order: once there are enough, the rest cannot count.
      if (matched.length === terms.length && ++complete >= MAX_MATCHED_VALUES) break;
    }
    if (complete >= MAX_MATCHED_VALUES) break;
  }
  const all = candidates.filter((c) => c.terms.length === terms.length);
  const picked = all.length ? all.slice(0, MAX_MATCHED_VALUES) : cover(candidates);
  return picked.map(({ field, value }) => ({ field, value }));
}

/**
 * A substring every text a term matches directly contains (termStrength): a CJK term's first character,
 * an id as written, and for a Latin word its stem but the last letter (`cities` → `cit`, which `city`
 * and `cities` both contain), so that most values are passed over without splitting them into words.
 */
function needleOf(term: string, cjk: boolean, word: boolean): string {
  if (cjk) return Array.from(term)[0] as string;
  if (!word) return term;
  const s = stem(term);
  return s.length > 1 ? s.slice(0, -1) : s;
}

/** The values of a column's pinyin (valuePinyinOf) where `key` matches as pinyinStrength's full syllables do. */
function pinyinValues(p: PinyinText, key: string): number[] {
  const runValues = p.runValues ?? [];
  const out: number[] = [];
  let run = 0;
  let scanned = 0;
  for (let at = p.full.indexOf(key); at !== -1; at = p.full.indexOf(key, at + 1)) {
    if (!wholeWordsAt(p, key, at, [])) continue;
    // Runs are separated by `|`: count those before `at` (matches come in order, so scan on from the last).
    for (; scanned < at; scanned++) if (p.full[scanned] === '|') run++;
    const v = runValues[run];
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** Values that cover the terms greedily: each one the first that adds the most terms not yet covered. */
function cover<C extends { terms: number[] }>(candidates: readonly C[]): C[] {
  const covered = new Set<number>();
  const picked: C[] = [];
  while (picked.length < MAX_MATCHED_VALUES) {
    let best: C | undefined;
    let bestNew = 0;
    for (const c of candidates) {
      const n = c.terms.filter((k) => !covered.has(k)).length;
      if (n > bestNew) {
        best = c;
        bestNew = n;
      }
    }
    if (!best) break;
    picked.push(best);
    for (const k of best.terms) covered.add(k);
  }
  return picked;
}
