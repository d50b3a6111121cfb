import type { Language } from './types.ts';

/**
 * Which language a piece of catalogue text is in, so text in the other language than the page's can be
 * marked with `lang` (WCAG 3.1.2: a screen reader then reads it with the right voice instead of
 * spelling it out). The catalogue has two languages, so the script decides: Han characters and CJK
 * punctuation are Chinese, Latin letters English. Digits, spaces and ASCII punctuation belong to
 * neither (a year, a code, "PM2.5"'s "2.5").
 */

/** Han, CJK symbols and punctuation (、。「」…), full-width forms (（），：). */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const LATIN = /\p{Script=Latin}/u;
const TOKEN =
  /([\p{Script=Han}\u3000-\u303f\uff00-\uffef]+)|(\p{Script=Latin}+)|([^\p{Script=Han}\u3000-\u303f\uff00-\uffef\p{Script=Latin}]+)/gu;

/** A run of text in one language, or in none (`lang: null`: digits, spaces, punctuation). */
export interface LangSegment {
  text: string;
  lang: Language | null;
}

/**
 * The text cut into runs by language. Neutral characters between two runs of the same language belong
 * to it ("Los Angeles riots" is one run); between runs of different languages they stay neutral.
 */
export function langSegments(text: string): LangSegment[] {
  const out: LangSegment[] = [];
  let pending = '';
  for (const m of text.matchAll(TOKEN)) {
    const lang: Language | null = m[1] ? 'zh-CN' : m[2] ? 'en' : null;
    if (lang === null) {
      pending += m[0];
      continue;
    }
    const last = out.at(-1);
    if (last && last.lang === lang) {
      last.text += pending + m[0];
    } else {
      if (pending) out.push({ text: pending, lang: null });
      out.push({ text: m[0], lang });
    }
    pending = '';
  }
  if (pending) out.push({ text: pending, lang: null });
  return out;
}

/** The one language a text is written in; null when it has no letters, or letters of both languages. */
export function textLang(text: string): Language | null {
  const zh = CJK.test(text);
  const en = LATIN.test(text);
  if (zh === en) return null;
  return zh ? 'zh-CN' : 'en';
}

/**
 * The `lang` attribute for a text on a page in `pageLang`: its language when that is the other one,
 * else undefined (Astro then writes no attribute). For text in one language; mixed text needs
 * `langSegments` (the LangText component).
 */
export function foreignLang(text: string, pageLang: Language): Language | undefined {
  const l = textLang(text);
  return l && l !== pageLang ? l : undefined;
}

/**
 * One language's half of a bilingual name written "中文 / English" (as manifests write contact names),
 * else the whole text.
 */
export function pickBilingual(text: string, lang: Language): string {
  const parts = text.split(/\s+\/\s+/);
  if (parts.length !== 2) return text;
  const [a, b] = parts as [string, string];
  const la = textLang(a);
  const lb = textLang(b);
  if (!la || !lb || la === lb) return text;
  return la === lang ? a : b;
}

/** The items in the page's language first (and those in neither), then the others; each group in its order. */
export function pageLanguageFirst<T>(items: readonly T[], lang: Language, textOf: (x: T) => string): T[] {
  const other = (x: T) => {
    const l = textLang(textOf(x));
    return l !== null && l !== lang;
  };
  return [...items.filter((x) => !other(x)), ...items.filter(other)];
}

/**
 * The language `pick` actually returned for localized text: undefined when it is the page's, the other
 * language when the text exists only in that one (a title given only in English on a Chinese page).
 */
export function fallbackLang(
  text: { 'zh-CN'?: string; en?: string } | undefined,
  lang: Language,
): Language | undefined {
  if (!text || text[lang] !== undefined) return undefined;
  const other: Language = lang === 'en' ? 'zh-CN' : 'en';
  return text[other] !== undefined ? other : undefined;
}
