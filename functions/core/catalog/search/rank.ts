import type { DatasetEntry } from '../schema.ts';
import { type SearchField, searchFields } from './search-fields.ts';
import { MATCH_THRESHOLD, normalizeText, parseQuery, termStrength } from './text-match.ts';

/** Extra score for the whole query found as written: in a title it outranks everything else. */
const PHRASE_IN_TITLE = 100;
const PHRASE_ELSEWHERE = 30;

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
  const phrase = normalizeText(q);
  const terms = parseQuery(q);
  // A query of punctuation only (`%`, `*`, `_`) names nothing: it matches nothing, not everything.
  if (!phrase || terms.length === 0) return undefined;
  let score = 0;
  for (const term of terms) {
    let best = 0;
    let bestStrength = 0;
    for (const f of fields) {
      const s = termStrength(term.text, f.text, term);
      if (s >= MATCH_THRESHOLD) {
        best = Math.max(best, s * f.weight);
        bestStrength = Math.max(bestStrength, s);
      }
    }
    if (bestStrength < MATCH_THRESHOLD) return undefined;
    score += best;
  }
  if (fields.some((f) => f.kind === 'title' && f.text.includes(phrase))) score += PHRASE_IN_TITLE;
  else if (fields.some((f) => f.text.includes(phrase))) score += PHRASE_ELSEWHERE;
  return Math.round(score * 100) / 100;
}

/** Entries matching `q`, best first (ties: most recently updated, then id). Without q (or only blanks): all, score 0. */
export function rankEntries(entries: readonly DatasetEntry[], q: string | undefined): Scored[] {
  const out: Scored[] = [];
  for (const entry of entries) {
    const score = q?.trim() ? scoreEntry(entry, q) : 0;
    if (score !== undefined) out.push({ entry, score });
  }
  return out.sort(
    (a, b) =>
      b.score - a.score || b.entry.updatedAt.localeCompare(a.entry.updatedAt) || a.entry.id.localeCompare(b.entry.id),
  );
}
