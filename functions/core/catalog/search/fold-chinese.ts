import TS_CHARACTERS from 'opencc-js/dict/TSCharacters';

/**
 * Traditional → simplified Chinese folding for search, character by character, from OpenCC's
 * TSCharacters table (opencc-js, MIT/Apache-2.0: 3,512 pairs, 29 KB, 17 KB gzipped). It is applied to
 * the indexed text AND to the query (normalizeText), so 天氣 finds 天气 and a traditional title is found
 * by a simplified query. Characters only, no phrase table (TSPhrases): a search key needs the same
 * length and a stable mapping more than the best reading (乾隆 folds to 干隆 on both sides, which is
 * harmless for matching and never shown).
 */
let table: Map<string, string> | undefined;
/** Every character of the table, as one character class: the regex engine finds them (a loop per character was slow). */
let pattern: RegExp | undefined;

function tableOf(): Map<string, string> {
  if (table) return table;
  table = new Map();
  for (const pair of TS_CHARACTERS.split('|')) {
    const [from, to] = pair.split(' ');
    if (from && to) table.set(from, to);
  }
  const escaped = [...table]
    .filter(([from, to]) => from !== to)
    .map(([from]) => from.replace(/[\\\]^-]/g, '\\$&'))
    .join('');
  pattern = new RegExp(`[${escaped}]`, 'gu');
  return table;
}

/** The text with every traditional character replaced by its simplified form (others unchanged). */
export function foldTraditional(s: string): string {
  // Fast path: nothing outside ASCII, nothing to fold.
  if (!/[\u0080-\uffff]/.test(s)) return s;
  const t = tableOf();
  return s.replace(pattern as RegExp, (ch) => t.get(ch) ?? ch);
}
