import type { Language } from './types.ts';

const ELLIPSIS = '…';
/** Punctuation that must not end a clipped text just before the ellipsis (a comma, a colon…). */
const TRAILING = /[\s,;:，、；：—–-]+$/u;

/** The text's segments (sentences or words) in `lang`, as Intl.Segmenter splits them (CJK words included). */
const segments = (text: string, lang: Language, granularity: 'sentence' | 'word'): string[] =>
  Array.from(new Intl.Segmenter(lang, { granularity }).segment(text), (s) => s.segment);

/** The longest run of whole segments from the start that is at most `budget` characters long. */
function leadingWithin(parts: readonly string[], budget: number): string {
  let out = '';
  for (const p of parts) {
    if (out.length + p.length > budget) break;
    out += p;
  }
  return out;
}

/**
 * `text` cut to at most `max` characters (the ellipsis included): after the last whole sentence
 * that fits, if that keeps at least half of it, else after the last whole word; never inside a word,
 * and always marked with "…". Short texts come back as they are.
 */
export function clipText(text: string, max: number, lang: Language): string {
  if (text.length <= max) return text;
  const budget = max - ELLIPSIS.length;
  const sentences = leadingWithin(segments(text, lang, 'sentence'), budget);
  if (sentences.length >= budget / 2) return `${sentences.trimEnd()}${ELLIPSIS}`;
  const words = leadingWithin(segments(text, lang, 'word'), budget).replace(TRAILING, '');
  // A single word longer than the limit: cut it (the only place a cut may fall inside a word).
  return `${words || text.slice(0, budget)}${ELLIPSIS}`;
}
