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

function tableOf(): Map<string, string> {
  if (table) return table;
  table = new Map();
  for (const pair of TS_CHARACTERS.split('|')) {
    const [from, to] = pair.split(' ');
    if (from && to) table.set(from, to);
  }
  return table;
}

/** The text with every traditional character replaced by its simplified form (others unchanged). */
export function foldTraditional(s: string): string {
  // Fast path: nothing outside ASCII, nothing to fold.
  if (!/[\u0080-\uffff]/.test(s)) return s;
  const t = tableOf();
  let out = '';
  for (const ch of s) out += t.get(ch) ?? ch;
  return out;
}
