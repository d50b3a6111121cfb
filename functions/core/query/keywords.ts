/**
 * SoQL's reserved words: a column named like one must be backquoted. NULLS, FIRST and LAST are keywords
 * only after an `$order` item (`x DESC NULLS FIRST`), so columns named `first` or `last` need no
 * backquotes anywhere. Shared by the parser and the site's query examples (site/src/lib/snippets.ts).
 */
export const SOQL_KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'between',
  'like',
  'is',
  'null',
  'true',
  'false',
  'as',
  'asc',
  'desc',
  'distinct',
]);
