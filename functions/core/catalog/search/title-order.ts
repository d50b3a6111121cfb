import type { Language } from '../../manifest/localized.ts';

/**
 * The collation catalogue titles are ordered in (the API's sort=title, the site's offline search and its
 * listings): Chinese titles by pinyin (ICU's `zh`, as Chinese spreadsheets, PostgreSQL's zh_CN and the
 * query API's text order on DuckDB sort), English titles alphabetically. Node (full ICU) and browsers
 * ship the same CLDR rules, so the site orders as the API does. Each language's title is `pick`ed: an
 * /en/ page sorts a dataset without an English title by its Chinese one, after the Latin titles.
 */
const LOCALES: Readonly<Record<Language, string>> = { 'zh-CN': 'zh', en: 'en' };

const collators = new Map<Language, Intl.Collator>();

/** One collator per language, reused (making one costs far more than a comparison). */
export const titleCollator = (lang: Language): Intl.Collator => {
  let collator = collators.get(lang);
  if (!collator) {
    collator = new Intl.Collator(LOCALES[lang]);
    collators.set(lang, collator);
  }
  return collator;
};
