import { clipText } from './clip-text.ts';
import type { Language } from './types.ts';

/**
 * A page's `<meta name="description">` (and what link previews show) from a longer plain text: whole
 * sentences when they fill at least half of it, ending with their own full stop; else cut at a clause
 * (Chinese: after the last ，；：、 that fits) or, in English, between words, marked with an
 * ellipsis (…… in Chinese, … in English). Never inside a word. Search engines show about 160 Latin
 * characters and about 80 to 100 Chinese ones, so the default budget follows the language.
 */
export const DESCRIPTION_MAX: Record<Language, number> = { en: 200, 'zh-CN': 120 };

const ELLIPSIS: Record<Language, string> = { en: '…', 'zh-CN': '……' };
/** Chinese clause punctuation: a cut after one of these is at a pause in the sentence. */
const CLAUSE_END = /[，；：、]/gu;

/** The longest run of whole sentences from the start that is at most `budget` characters long. */
function wholeSentences(text: string, lang: Language, budget: number): string {
  let out = '';
  for (const { segment } of new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(text)) {
    if (out.length + segment.length > budget) break;
    out += segment;
  }
  return out.trimEnd();
}

export function metaDescription(text: string, lang: Language, max = DESCRIPTION_MAX[lang]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const sentences = wholeSentences(flat, lang, max);
  if (sentences.length >= max / 2) return sentences;
  const budget = max - ELLIPSIS[lang].length;
  if (lang === 'zh-CN') {
    // The last clause mark within the budget that keeps at least half of it and closes every bracket
    // opened before it: cut there, dropping the mark.
    const open = (s: string) => (s.match(/[（(《“]/gu)?.length ?? 0) - (s.match(/[）)》”]/gu)?.length ?? 0);
    const marks = [...flat.slice(0, budget + 1).matchAll(CLAUSE_END)].map((m) => m.index);
    const at = marks.filter((i) => i >= budget / 2 && open(flat.slice(0, i)) === 0).at(-1);
    if (at !== undefined) return `${flat.slice(0, at)}${ELLIPSIS[lang]}`;
  }
  // Between words (Intl.Segmenter's words, Chinese ones included), as feed summaries are cut.
  const clipped = clipText(flat, max - ELLIPSIS[lang].length + 1, lang);
  return clipped.endsWith('…') ? `${clipped.slice(0, -1)}${ELLIPSIS[lang]}` : clipped;
}
