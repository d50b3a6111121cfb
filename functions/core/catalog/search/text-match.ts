/**
 * Text matching for catalogue search, in Chinese and English. Chinese has no spaces between words,
 * so a query term made of CJK characters matches by substring, or failing that by the share of its
 * character bigrams found in the text ("西雅图天气" finds "西雅图逐日天气"). Latin terms match whole
 * words best, word prefixes next, and anywhere inside a word least.
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-case, NFKC (full-width letters and digits become ASCII), whitespace collapsed. */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Query terms: CJK runs and Latin/digit words, de-duplicated, in order. */
export function queryTerms(q: string): string[] {
  const n = normalizeText(q);
  const terms: string[] = [];
  for (const piece of n.split(/[\s,;，；、。]+/)) {
    if (!piece) continue;
    // Split mixed pieces ("2012年天气") into CJK runs and words; keep hyphenated ids whole.
    if (/^[a-z0-9][a-z0-9@._-]*[a-z0-9]$/.test(piece)) {
      terms.push(piece);
      continue;
    }
    for (const m of piece.matchAll(CJK_RUN)) terms.push(m[0]);
    for (const m of piece.replace(CJK_RUN, ' ').matchAll(WORD)) terms.push(m[0]);
  }
  return [...new Set(terms)];
}

export const isCjk = (term: string): boolean => CJK.test(term);

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/**
 * How well `term` matches normalized `text`, from 0 (not at all) to 1 (as a whole word or CJK
 * substring). Values under MATCH_THRESHOLD do not count as a match.
 */
export function termStrength(term: string, text: string): number {
  if (!text || !term) return 0;
  if (isCjk(term)) {
    if (text.includes(term)) return 1;
    if (term.length < 3) return 0;
    const grams = bigrams(term);
    const found = grams.filter((g) => text.includes(g)).length;
    return (found / grams.length) * 0.8;
  }
  let best = 0;
  let from = text.indexOf(term);
  while (from !== -1 && best < 1) {
    const before = from === 0 ? '' : (text[from - 1] ?? '');
    const after = text[from + term.length] ?? '';
    const startsWord = !/[\p{L}\p{N}]/u.test(before);
    const endsWord = !/[\p{L}\p{N}]/u.test(after);
    best = Math.max(best, startsWord && endsWord ? 1 : startsWord ? 0.8 : 0.5);
    from = text.indexOf(term, from + 1);
  }
  return best;
}

/** A term matches a document when its best strength in any field reaches this. */
export const MATCH_THRESHOLD = 0.5;
